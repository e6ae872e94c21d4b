package telegramtest

// EventKind says what happened.
type EventKind string

// Event kinds.
const (
	EventSent             EventKind = "sent"
	EventEdited           EventKind = "edited"
	EventDeleted          EventKind = "deleted"
	EventCallbackAnswered EventKind = "callback_answered"
)

// Event is something the bot did, for a live view such as the sandbox page.
type Event struct {
	Kind    EventKind
	ChatID  int64
	Message Message        // for sent, edited, deleted: the message's new state
	Answer  CallbackAnswer // for callback_answered
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
// that subscriber (a UI can resync from Messages). Close also closes the
// channel.
func (s *Server) Subscribe() (<-chan Event, func()) {
	sub := &subscriber{ch: make(chan Event, subscriberBuffer)}
	s.mu.Lock()
	if isClosed(s.done) {
		close(sub.ch)
	} else {
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
		default: // full: drop rather than stall the bot under test
		}
	}
}
