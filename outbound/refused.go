package outbound

import (
	"sync"
	"time"
)

// Refusals remembers the parts of messages a platform refused for good (a
// chart Zalo could not fetch, a spreadsheet Telegram would not take) while
// the rest of each message was delivered: the person got a line saying the
// part could not be attached, and the operator sees it in the health
// check. A channel's sender records them; it is safe for concurrent use.
type Refusals struct {
	mu   sync.Mutex
	last Refusal
}

// Refusal is what the health check shows: how many parts were refused
// since the start, and the last one.
type Refusal struct {
	Count int       `json:"count"`
	At    time.Time `json:"last_at,omitzero"`
	Part  string    `json:"last_part,omitempty"` // "photo", "document", "text"
	Chat  string    `json:"last_chat,omitempty"`
	Err   string    `json:"last_error,omitempty"`
}

// Add records one refused part.
func (r *Refusals) Add(at time.Time, part, chat string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = Refusal{Count: r.last.Count + 1, At: at, Part: part, Chat: chat, Err: err.Error()}
}

// Last is the count and the last refusal; zero if none.
func (r *Refusals) Last() Refusal {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
