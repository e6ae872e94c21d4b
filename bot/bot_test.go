package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
)

func TestRenderOptionsOnLastPart(t *testing.T) {
	m := fieldbot.Message{Text: strings.Repeat("dòng\n", 1000), Options: []fieldbot.Option{{Label: "Có", Data: "1.o0"}, {Label: "Không", Data: "1.o1"}, {Label: "Hủy", Data: "1.x"}}, Columns: 2}
	out := render(42, m)
	if len(out) < 2 {
		t.Fatalf("render gave %d messages", len(out))
	}
	for _, c := range out[:len(out)-1] {
		if c.ReplyMarkup != nil {
			t.Error("an early part carries the keyboard")
		}
	}
	kb, ok := out[len(out)-1].ReplyMarkup.(tgbotapi.InlineKeyboardMarkup)
	if !ok || len(kb.InlineKeyboard) != 2 || len(kb.InlineKeyboard[0]) != 2 || len(kb.InlineKeyboard[1]) != 1 {
		t.Errorf("keyboard = %+v", out[len(out)-1].ReplyMarkup)
	}
	if out[0].ParseMode != tgbotapi.ModeHTML {
		t.Error("not HTML")
	}
}

func TestRedactAndClassify(t *testing.T) {
	r := redactor{token: "123:SECRET"}
	err := r.err(fmt.Errorf(`Post "https://api.telegram.org/bot123:SECRET/getUpdates": dial tcp: timeout`))
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("token not redacted: %v", err)
	}
	apiErr := &tgbotapi.Error{Code: 429, Message: "Too Many Requests", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}
	if f, d := classify(r.err(apiErr)); f != failWait || d.Seconds() != 7 {
		t.Errorf("classify(429) = %v, %v", f, d)
	}
	for code, want := range map[int]failure{403: failBlocked, 400: failBadRequest, 401: failFatal, 409: failConflict, 502: failRetry} {
		if f, _ := classify(&tgbotapi.Error{Code: code, Message: "x"}); f != want {
			t.Errorf("classify(%d) = %v; want %v", code, f, want)
		}
	}
	if f, _ := classify(&tgbotapi.Error{Code: 400, Message: "Bad Request: message is not modified: same"}); f != failNotModified {
		t.Errorf("not modified = %v", f)
	}
	if f, _ := classify(errors.New("invalid character '<' looking for beginning of value")); f != failRetry {
		t.Errorf("a 502 HTML page = %v; want retry", f)
	}
}
