package inbox

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
)

// ErrMalformed wraps what a Receive function could not read as an update:
// the webhook answers 400, and the platform does not send it again.
var ErrMalformed = errors.New("not an update")

// MaxBody bounds a webhook delivery; a text message is a few KB.
const MaxBody = 1 << 20

// Hook describes a platform's webhook deliveries, the same on every
// channel: a POST whose Header carries Secret, answered 200 only once
// Receive has put the update on disk.
type Hook struct {
	Header   string // e.g. "X-Telegram-Bot-Api-Secret-Token"
	Secret   string // an empty secret refuses every delivery
	Platform string // for the log: "Telegram", "Zalo"
	Log      *slog.Logger
	// Receive stores one delivered body in the inbox (and queues it for
	// its chat) or says why not. A duplicate is not an error: the inbox
	// recognises it, and 200 stops the platform's retries.
	Receive func(ctx context.Context, body []byte) error
}

// Handler answers 405 to what is not a POST, 403 to a missing or wrong
// secret (compared in constant time), 413 to a body over MaxBody, 400 to
// ErrMalformed and 503 to a store that failed (the platform retries), and
// changes nothing in any of those cases.
func (h Hook) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get(h.Header)
		if h.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret)) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		err = h.Receive(r.Context(), body)
		switch {
		case err == nil:
			w.WriteHeader(http.StatusOK)
		case errors.Is(err, ErrMalformed):
			http.Error(w, "not an update", http.StatusBadRequest)
		default:
			h.Log.Error("cannot store a webhook update; "+h.Platform+" will retry", "err", err)
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		}
	})
}
