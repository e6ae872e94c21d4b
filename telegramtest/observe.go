package telegramtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// maxAnswers bounds the recorded callback answers (the most recent are kept).
const maxAnswers = 10000

// Rejection is a request the server refused as Telegram would: invalid
// parameters, bad markup, unknown chat, "message is not modified", wrong
// token, unknown method. Injected faults, flood waits (429), blocked users
// (403) and getUpdates conflicts (409) are not rejections.
type Rejection struct {
	Method string
	Code   int
	Reason string // Telegram's description, e.g. "Bad Request: chat not found"
}

// CallbackAnswer is a successful answerCallbackQuery.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
}

// Rejections returns every rejected request so far, oldest first.
func (s *Server) Rejections() []Rejection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rejections)
}

// Calls is the number of requests for a method (canonical spelling, e.g.
// "sendMessage"), whether served, rejected or failed by injection;
// Calls("") is the total.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method != "" {
		return s.calls[method]
	}
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

// CallbackAnswers returns the answered callback queries, oldest first.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.answers)
}

// Messages returns the bot's messages in a chat in their current state,
// ordered by id, deleted ones included (Deleted is set).
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.msgs))
	for i, m := range c.msgs {
		out[i] = m.snapshot()
	}
	return out
}

// LastMessage returns the bot's newest message in a chat that is not
// deleted.
func (s *Server) LastMessage(chatID int64) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		for i := len(c.msgs) - 1; i >= 0; i-- {
			if !c.msgs[i].Deleted {
				return c.msgs[i].snapshot(), true
			}
		}
	}
	return Message{}, false
}

// CurrentKeyboard returns the reply keyboard the user of a chat currently
// sees, nil when none (never sent, removed, or a one-time keyboard used).
func (s *Server) CurrentKeyboard(chatID int64) *ReplyKeyboard {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil && c.keyboard != nil {
		k := *c.keyboard
		return &k
	}
	return nil
}

// ErrClosed is returned by WaitFor when the server is closed.
var ErrClosed = errors.New("telegramtest: server closed")

// WaitFor blocks until a message of the bot in the chat satisfies pred and
// returns it. It looks at the current state of all non-deleted messages,
// newest first, including those sent before the call, and again after
// every send or edit in that chat. pred runs without locks held.
func (s *Server) WaitFor(ctx context.Context, chatID int64, pred func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		var msgs []Message
		if c := s.chats[chatID]; c != nil {
			for i := len(c.msgs) - 1; i >= 0; i-- {
				if !c.msgs[i].Deleted {
					msgs = append(msgs, c.msgs[i].snapshot())
				}
			}
		}
		wake, ok := s.wakers[chatID]
		if !ok {
			wake = make(chan struct{})
			s.wakers[chatID] = wake
		}
		s.mu.Unlock()
		for _, m := range msgs {
			if pred(m) {
				return m, nil
			}
		}
		select {
		case <-wake:
		case <-ctx.Done():
			last := "none"
			if len(msgs) > 0 {
				last = fmt.Sprintf("%q", msgs[0].PlainText())
			}
			return Message{}, fmt.Errorf("telegramtest: no matching message in chat %d (last: %s): %w", chatID, last, ctx.Err())
		case <-s.done:
			return Message{}, ErrClosed
		}
	}
}
