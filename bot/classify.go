package bot

import (
	"errors"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// failure says what to do about an error from the Bot API.
type failure int

const (
	failRetry       failure = iota // network, 5xx, garbage: back off and try again
	failWait                       // 429: wait retry_after, then try again
	failBlocked                    // 403: the person blocked the bot; stop sending
	failBadRequest                 // 400: our request is wrong; retrying will not help
	failNotModified                // editing to the same content: that is success
	failFatal                      // 401 or 404: the token is wrong; stop
	failConflict                   // 409: another poller or a webhook holds updates
)

// classify maps an error to what to do and, for 429, how long to wait.
func classify(err error) (failure, time.Duration) {
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		return failRetry, 0
	}
	switch {
	case apiErr.Code == 429:
		wait := time.Duration(apiErr.RetryAfter) * time.Second
		if wait <= 0 {
			wait = time.Second
		}
		return failWait, wait
	case apiErr.Code == 403:
		return failBlocked, 0
	case apiErr.Code == 400 && strings.Contains(apiErr.Message, "message is not modified"):
		return failNotModified, 0
	case apiErr.Code == 400:
		return failBadRequest, 0
	case apiErr.Code == 401 || apiErr.Code == 404:
		return failFatal, 0
	case apiErr.Code == 409:
		return failConflict, 0
	}
	return failRetry, 0
}

// backoff doubles a delay up to a ceiling.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else {
		b.cur = min(b.cur*2, b.max)
	}
	return b.cur
}

func (b *backoff) reset() { b.cur = 0 }
