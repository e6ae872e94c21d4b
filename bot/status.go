package bot

import (
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Status tells the outbound queue the Bot API's status code behind a
// failed send, for counting results by class (outbound.StatusReporter):
// 0 when Telegram did not answer as the API (a network fault, a proxy's
// HTML error page) or the message could never be sent.
func (sender) Status(err error) int {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return 0
}
