package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// newTestBot is a bot (not running) against a fake Bot API that knows the
// private chat of user 42.
func newTestBot(t *testing.T) (*Bot, *telegramtest.Server) {
	t.Helper()
	const token = "123456:json-send"
	tg := telegramtest.New(token)
	t.Cleanup(tg.Close)
	tg.AddUser(telegramtest.User{ID: 42, FirstName: "An"})
	db, err := store.Open(filepath.Join(t.TempDir(), "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.DiscardHandler)
	b, err := New(context.Background(), Options{Token: token, APIURL: tg.URL(), DB: db, Relay: &relay.Relay{DB: db, Now: time.Now, Log: log}, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return b, tg
}

// A text message posted as JSON arrives as the library's form would have
// brought it: the HTML text and each kind of keyboard.
func TestTextMessageSentAsJSON(t *testing.T) {
	b, tg := newTestBot(t)
	for _, m := range []fieldbot.Message{
		{Text: "<b>Chọn</b> một &amp; hai", Options: []fieldbot.Option{{Label: "Một", Data: "1.o0"}, {Label: "Hai", Data: "1.o1"}, {Label: "Hủy", Data: "1.x"}}, Columns: 2},
		{Text: "Chia sẻ số điện thoại", AskContact: "Gửi số của tôi"},
		{Text: "Xong", ClearKeyboard: true},
	} {
		if err := b.sendMessage(renderJSON(42, m)[0]); err != nil {
			t.Fatalf("%q: %v", m.Text, err)
		}
		got, ok := tg.LastMessage(42)
		if !ok || got.Text != m.Text || got.ParseMode != tgbotapi.ModeHTML || got.Method != "sendMessage" {
			t.Fatalf("sent %+v; want %q in HTML", got, m.Text)
		}
		switch {
		case len(m.Options) > 0:
			want := [][]telegramtest.InlineButton{{{Text: "Một", CallbackData: "1.o0"}, {Text: "Hai", CallbackData: "1.o1"}}, {{Text: "Hủy", CallbackData: "1.x"}}}
			if !reflect.DeepEqual(got.Inline, want) {
				t.Errorf("inline keyboard %+v; want %+v", got.Inline, want)
			}
		case m.AskContact != "":
			if got.Reply == nil || len(got.Reply.Rows) != 1 || got.Reply.Rows[0][0].Text != m.AskContact || !got.Reply.Rows[0][0].RequestContact {
				t.Errorf("reply keyboard %+v; want one contact button", got.Reply)
			}
		case m.ClearKeyboard:
			if !got.RemoveKeyboard {
				t.Error("keyboard not removed")
			}
		}
	}
	if r := tg.Rejections(); len(r) > 0 {
		t.Errorf("Telegram would have refused: %+v", r)
	}
}

// The failures of the calls posted as JSON are the library's, field for
// field, so that flood control, a blocked bot, a refusal, a bad token and
// a proxy's error page are handled as before.
func TestJSONCallsFailLikeTheLibrary(t *testing.T) {
	b, tg := newTestBot(t)
	m := fieldbot.Message{Text: "Báo cáo", Options: []fieldbot.Option{{Label: "Có", Data: "1.o0"}}}
	msg, body := render(42, m)[0], renderJSON(42, m)[0]
	poll := tgbotapi.UpdateConfig{Limit: 100, AllowedUpdates: allowedUpdates}
	calls := map[string]struct{ ours, library func() error }{
		"sendMessage": {func() error { return b.sendMessage(body) }, func() error { _, err := b.api.Request(msg); return err }},
		"getUpdates":  {func() error { _, err := b.getUpdates(poll); return err }, func() error { _, err := b.poller.GetUpdates(poll); return err }},
	}
	for _, c := range []struct {
		name  string
		fail  func(method string)
		want  failure
		retry time.Duration
	}{
		{"flood", func(m string) { tg.FailNext(m, 429, 7, "") }, failWait, 7 * time.Second},
		{"blocked", func(m string) { tg.FailNext(m, 403, 0, "") }, failBlocked, 0},
		{"refused", func(m string) { tg.FailNext(m, 400, 0, "Bad Request: can't parse entities") }, failBadRequest, 0},
		{"bad token", func(m string) { tg.FailNext(m, 401, 0, "") }, failFatal, 0},
		{"conflict", func(m string) { tg.FailNext(m, 409, 0, "") }, failConflict, 0},
		{"telegram down", func(m string) { tg.FailNext(m, 502, 0, "") }, failRetry, 0},
		{"proxy page", func(m string) { tg.FailNextHTTP(m, 502, "text/html", "<html>Bad Gateway</html>") }, failRetry, 0},
	} {
		for method, call := range calls {
			c.fail(method)
			libErr := call.library()
			c.fail(method)
			err := call.ours()
			if err == nil || libErr == nil {
				t.Errorf("%s %s: errors %v (JSON) and %v (library); want both", method, c.name, err, libErr)
				continue
			}
			if f, d := classify(err); f != c.want || d != c.retry {
				t.Errorf("%s %s: classified %v, %v; want %v, %v", method, c.name, f, d, c.want, c.retry)
			}
			var apiErr, libAPIErr *tgbotapi.Error
			if errors.As(err, &apiErr) != errors.As(libErr, &libAPIErr) || apiErr != nil && *apiErr != *libAPIErr {
				t.Errorf("%s %s: error %#v; the library's %#v", method, c.name, err, libErr)
			}
			if (sender{b}).Status(err) != (sender{b}).Status(libErr) || refusal(err) != refusal(libErr) {
				t.Errorf("%s %s: status %d, refusal %v; the library's %d, %v", method, c.name,
					sender{b}.Status(err), refusal(err), sender{b}.Status(libErr), refusal(libErr))
			}
		}
	}
	if err := b.sendMessage(body); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}

// getUpdates posted as JSON brings what the library's brings.
func TestUpdatesPolledAsJSON(t *testing.T) {
	b, tg := newTestBot(t)
	u := telegramtest.User{ID: 42, FirstName: "An"}
	tg.SendText(u, "120")
	tg.SendContact(u, telegramtest.Contact{PhoneNumber: "0912345678", UserID: 42})
	poll := tgbotapi.UpdateConfig{Limit: 100, AllowedUpdates: allowedUpdates}
	ours, err := b.getUpdates(poll)
	if err != nil {
		t.Fatal(err)
	}
	library, err := b.poller.GetUpdates(poll)
	if err != nil {
		t.Fatal(err)
	}
	if len(ours) != 2 || !reflect.DeepEqual(ours, library) {
		t.Fatalf("updates %+v; the library's %+v", ours, library)
	}
	if ours[0].Message.Text != "120" || ours[1].Message.Contact == nil {
		t.Errorf("updates %+v, %+v", ours[0].Message, ours[1].Message)
	}
	poll.Offset = ours[1].UpdateID + 1
	if rest, err := b.getUpdates(poll); err != nil || len(rest) != 0 {
		t.Errorf("after the offset: %+v, %v; want none", rest, err)
	}
}

func TestSucceededReadsOnlyTheFirstMember(t *testing.T) {
	for answer, want := range map[string]bool{
		`{"ok":true,"result":{"message_id":7}}`:                  true,
		" \n{\"ok\":true}":                                       true,
		`{"ok":false,"error_code":429,"description":"Too Many"}`: false,
		`{"ok":trueish}`:                                         false,
		`{"ok":true`:                                             false,
		`{"result":{},"ok":true}`:                                false, // parsed in full instead
		`<html>Bad Gateway</html>`:                               false,
		``:                                                       false,
	} {
		if got := succeeded([]byte(answer)); got != want {
			t.Errorf("succeeded(%q) = %v; want %v", answer, got, want)
		}
	}
}

// renderJSON writes what the library's types would marshal to for each
// part render makes, whatever the text holds.
func TestRenderJSONIsTheLibrarysJSON(t *testing.T) {
	odd := "\"quoted\" back\\slash\ttab\r\x01\x1f <b>&amp;</b> \u2028\u2029 😀 \xff\xfe tiếng Việt"
	opts := []fieldbot.Option{{Label: "Có " + odd, Data: "1.o0"}, {Label: "Không", Data: "1.o1"}, {Label: "Hủy", Data: ""}, {Label: "Bỏ qua", Data: "1.s"}}
	for _, m := range []fieldbot.Message{
		{Text: "Xin chào"},
		{Text: odd},
		{Text: strings.Repeat("dòng "+odd+"\n", 300), Options: opts, Columns: 3},
		{Text: "Chọn", Options: opts},
		{Text: "Chọn", Options: opts, Columns: 2},
		{Text: "Chọn", Options: opts[:1], Columns: 5},
		{Text: "Số điện thoại", AskContact: "Gửi số " + odd},
		{Text: "Xong", ClearKeyboard: true},
		{Text: ""},
	} {
		library, ours := render(-100123, m), renderJSON(-100123, m)
		if len(library) != len(ours) {
			t.Fatalf("%d parts; render makes %d", len(ours), len(library))
		}
		for i, c := range library {
			params := map[string]any{"chat_id": c.ChatID, "text": c.Text, "parse_mode": c.ParseMode}
			if c.ReplyMarkup != nil {
				params["reply_markup"] = c.ReplyMarkup
			}
			want, err := json.Marshal(params)
			if err != nil {
				t.Fatal(err)
			}
			var got, wanted any
			if err := json.Unmarshal(ours[i], &got); err != nil {
				t.Fatalf("part %d is not JSON: %v\n%s", i, err, ours[i])
			}
			json.Unmarshal(want, &wanted)
			if !reflect.DeepEqual(got, wanted) {
				t.Errorf("part %d:\n%s\nthe library's:\n%s", i, ours[i], want)
			}
		}
	}
}
