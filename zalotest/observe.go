package zalotest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// chat is a private chat with a user who wrote to the bot. Its id is the
// user's id.
type chat struct {
	id      string
	user    User
	msgs    []Message // what the bot sent, oldest first
	actions int       // sendChatAction calls
}

// Kinds of message the bot can send.
const (
	KindText    = "text"
	KindPhoto   = "photo"
	KindSticker = "sticker"
)

// Message is a message the bot sent.
type Message struct {
	ID        string // the message_id answered to the bot
	ChatID    string
	Kind      string // KindText, KindPhoto or KindSticker
	Text      string // sendMessage
	ParseMode string // sendMessage's parse_mode as sent: "", "markdown" or "html"
	Photo     []byte // sendPhoto: the bytes the fake downloaded
	PhotoURL  string // sendPhoto: the URL the bot gave
	Caption   string // sendPhoto
	Sticker   string // sendSticker
	Date      time.Time
}

func (m Message) clone() Message {
	m.Photo = slices.Clone(m.Photo)
	return m
}

// Rejection is a request the server refused: bad or unknown parameters,
// reply_markup, uploads, too long texts, unknown chats (403), wrong token
// (401), unknown methods (404), getUpdates while a webhook is set. Idle
// polls (408) and injected faults are not rejections.
type Rejection struct {
	Method string
	Code   int
	Reason string // the description answered
}

// Rejections returns every rejected request so far, oldest first.
func (s *Server) Rejections() []Rejection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rejections)
}

// Calls is the number of requests with the right token for a method name
// as spelled by the bot (unknown names included), whether served, refused
// or failed by injection; Calls("") is the total.
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

// Messages returns what the bot sent to a chat, oldest first.
func (s *Server) Messages(chatID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.msgs))
	for i, m := range c.msgs {
		out[i] = m.clone()
	}
	return out
}

// ChatActions is the number of successful sendChatAction calls for a chat.
func (s *Server) ChatActions(chatID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		return c.actions
	}
	return 0
}

// ErrClosed is returned by WaitFor when the server is closed.
var ErrClosed = errors.New("zalotest: server closed")

// WaitFor blocks until a message the bot sent to the chat satisfies pred
// and returns it. It looks at all messages, newest first, including those
// sent before the call, and again after every send to that chat. pred runs
// without locks held.
func (s *Server) WaitFor(ctx context.Context, chatID string, pred func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		var msgs []Message
		if c := s.chats[chatID]; c != nil {
			for i := len(c.msgs) - 1; i >= 0; i-- {
				msgs = append(msgs, c.msgs[i].clone())
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
				last = fmt.Sprintf("%s %q", msgs[0].Kind, msgs[0].Text+msgs[0].Caption)
			}
			return Message{}, fmt.Errorf("zalotest: no matching message in chat %s (last: %s): %w", chatID, last, ctx.Err())
		case <-s.done:
			return Message{}, ErrClosed
		}
	}
}

// EventKind says what the bot did.
type EventKind string

// Event kinds.
const (
	EventSent       EventKind = "sent"
	EventChatAction EventKind = "chat_action"
)

// Event is something the bot did, for a live view such as a sandbox page.
type Event struct {
	Kind    EventKind
	ChatID  string
	Message Message // for EventSent
	Action  string  // for EventChatAction: "typing"
}

// subscriberBuffer is how many events a slow subscriber may fall behind
// before events are dropped for it.
const subscriberBuffer = 256

type subscriber struct {
	ch chan Event
}

// Subscribe returns a channel of events and a function that ends the
// subscription and closes the channel. The server never waits for a
// subscriber: once 256 events are unread, further events are dropped for
// it. Close also closes the channel.
func (s *Server) Subscribe() (<-chan Event, func()) {
	sub := &subscriber{ch: make(chan Event, subscriberBuffer)}
	s.mu.Lock()
	select {
	case <-s.done:
		close(sub.ch)
	default:
		s.subs[sub] = struct{}{}
	}
	s.mu.Unlock()
	return sub.ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[sub]; ok {
			delete(s.subs, sub)
			close(sub.ch)
		}
	}
}

// emit publishes e without blocking; the caller holds s.mu.
func (s *Server) emit(e Event) {
	for sub := range s.subs {
		select {
		case sub.ch <- e:
		default:
		}
	}
}
