package bot

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// redactor removes the bot token from anything that may reach a log: the
// library puts the whole request URL, token included, into transport errors.
type redactor struct{ token string }

func (r redactor) string(s string) string {
	if r.token == "" {
		return s
	}
	return strings.ReplaceAll(s, r.token, "<token>")
}

// err returns err with the token removed from its text. A *tgbotapi.Error
// (an answer from the API) carries no URL and is kept as is, so callers can
// still match it with errors.As.
func (r redactor) err(err error) error {
	if err == nil {
		return nil
	}
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		return err
	}
	return redactedError{msg: r.string(err.Error()), cause: err}
}

// redactedError keeps the cause reachable for errors.Is (timeouts, context
// cancellation) while its text is token-free.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.cause }

// libraryLogger replaces the library's own logger, which prints raw errors.
type libraryLogger struct {
	log *slog.Logger
	r   redactor
}

func (l libraryLogger) Println(v ...any) {
	l.log.Warn(l.r.string(strings.TrimSuffix(fmt.Sprintln(v...), "\n")), "source", "tgbotapi")
}

func (l libraryLogger) Printf(format string, v ...any) {
	l.log.Warn(l.r.string(fmt.Sprintf(format, v...)), "source", "tgbotapi")
}
