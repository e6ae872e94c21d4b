package bot

import (
	"errors"
	"fmt"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSenderStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 3"}, 429},
		{fmt.Errorf("send: %w", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}), 403},
		{&tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, 502},
		{errors.New("dial tcp: connection refused"), 0},
		{errUnsendable, 0},
	} {
		if got := (sender{}).Status(tc.err); got != tc.want {
			t.Errorf("Status(%v) = %d; want %d", tc.err, got, tc.want)
		}
	}
}
