package sandbox

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
	"github.com/fieldbot/fieldbot/zalotest"
)

// clientBuffer is how many events a page may fall behind before it is
// told to refetch its chat instead.
const clientBuffer = 64

// hub reads the fakes' events without ever making them wait and fans
// them out to the pages watching each chat.
type hub struct {
	s         *Server
	keepAlive time.Duration

	mu      sync.Mutex
	clients map[*client]struct{}
	sources int  // fakes whose events are still being read
	closed  bool // every fake closed: no more events
}

// client is one open event stream.
type client struct {
	key  chatKey
	ch   chan []byte   // encoded events; closed when the hub ends
	wake chan struct{} // signals lost, even when ch is full
	lost atomic.Bool   // events were dropped: the page must refetch
}

// event is what a page receives, as JSON in an SSE data line.
type event struct {
	Type     string         `json:"type"`              // sent, edited, deleted, user, answer, resync
	Message  *item          `json:"message,omitempty"` // sent, edited, deleted, user
	Keyboard *replyKeyboard `json:"keyboard"`          // the reply keyboard shown now (sent, edited, deleted, user)
	Text     string         `json:"text,omitempty"`    // answer: the bot's answer to a button press
	Alert    bool           `json:"alert,omitempty"`   // answer: shown as an alert
	URL      string         `json:"url,omitempty"`     // answer
	Resync   bool           `json:"resync,omitempty"`  // resync: refetch the chat
	Chat     int64          `json:"chat,omitempty"`    // the user whose chat this is
	Channel  string         `json:"channel,omitempty"` // and on which channel
	Deleted  bool           `json:"deleted,omitempty"` // deleted: the message is gone
}

func newHub(s *Server, sources int) *hub {
	return &hub{s: s, keepAlive: 15 * time.Second, clients: map[*client]struct{}{}, sources: sources}
}

// forward reads a fake's events until it closes the channel. A fake drops
// events for a subscriber whose channel is full; since only forward
// drains it, finding it full (or one short of full just after a receive)
// is the only way a drop can have happened, and then every page refetches.
func forward[E any](h *hub, name string, events <-chan E, dispatch func(E)) {
	defer h.sourceDone()
	for ev := range events {
		if c := cap(events); c > 0 && len(events) >= c-1 {
			h.s.log.Warn("sandbox: fell behind the fake " + name + "'s events; pages will refetch")
			h.resyncAll()
		}
		dispatch(ev)
	}
}

func (h *hub) runTelegram(events <-chan telegramtest.Event) {
	forward(h, "Telegram", events, h.dispatchTelegram)
}

func (h *hub) runZalo(events <-chan zalotest.Event) { forward(h, "Zalo", events, h.dispatchZalo) }

func (h *hub) dispatchTelegram(ev telegramtest.Event) {
	key := chatKey{Telegram, ev.ChatID}
	if _, ok := h.s.byID[ev.ChatID]; !ok || !h.watched(key) {
		return
	}
	var e event
	switch ev.Kind {
	case telegramtest.EventSent, telegramtest.EventEdited, telegramtest.EventDeleted:
		it := botItem(ev.ChatID, ev.Message)
		e = event{Type: string(ev.Kind), Message: &it, Deleted: ev.Message.Deleted, Keyboard: h.s.keyboard(key)}
	case telegramtest.EventCallbackAnswered:
		e = event{Type: "answer", Text: ev.Answer.Text, Alert: ev.Answer.ShowAlert, URL: safeURL(ev.Answer.URL)}
	default:
		return
	}
	h.publish(key, e)
}

// dispatchZalo shows what the bot sent on Zalo; typing indicators are
// not shown.
func (h *hub) dispatchZalo(ev zalotest.Event) {
	p, ok := h.s.byZalo[ev.ChatID]
	if !ok || ev.Kind != zalotest.EventSent {
		return
	}
	key := chatKey{Zalo, p.UserID}
	if !h.watched(key) {
		return
	}
	it := zaloItem(key, ev.Message)
	h.publish(key, event{Type: string(ev.Kind), Message: &it})
}

// userSent tells the pages of a chat what the person sent, so that every
// tab showing that chat stays current.
func (h *hub) userSent(key chatKey, en entry) {
	if !h.watched(key) {
		return
	}
	it := en.item()
	h.publish(key, event{Type: "user", Message: &it, Keyboard: h.s.keyboard(key)})
}

func (h *hub) watched(key chatKey) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.key == key {
			return true
		}
	}
	return false
}

// publish sends e to the pages of a chat, saying whose chat it is.
func (h *hub) publish(key chatKey, e event) {
	e.Chat, e.Channel = key.user, key.channel
	data, err := json.Marshal(e)
	if err != nil {
		h.s.log.Error("sandbox: encode event", "err", err)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.key != key {
			continue
		}
		select {
		case c.ch <- data:
		default:
			c.markLost()
		}
	}
}

func (h *hub) resyncAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.markLost()
	}
}

func (c *client) markLost() {
	c.lost.Store(true)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// add registers a stream; false once the fakes have closed.
func (h *hub) add(key chatKey) (*client, bool) {
	c := &client{key: key, ch: make(chan []byte, clientBuffer), wake: make(chan struct{}, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	h.clients[c] = struct{}{}
	return c, true
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

// count is the number of open streams.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// sourceDone ends every stream once the last fake has closed.
func (h *hub) sourceDone() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sources--; h.sources > 0 {
		return
	}
	h.closed = true
	for c := range h.clients {
		close(c.ch)
		delete(h.clients, c)
	}
}

// writeTimeout bounds each write to a stream, so a page that stopped
// reading does not hold its connection forever.
const writeTimeout = 30 * time.Second

var resyncEvent, _ = json.Marshal(event{Type: "resync", Resync: true})

// events streams a chat's events as server-sent events: one "data:" line
// of JSON per event, a comment every 15 s to keep proxies and the browser
// from giving up, until the page goes away or the fakes close.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	_, key, prob := s.target(r)
	if prob != nil {
		prob.write(w, s.printer(r, ""))
		return
	}
	c, ok := s.hub.add(key)
	if !ok {
		(&problem{http.StatusServiceUnavailable, "sandbox.err_stopped", nil}).write(w, s.printer(r, ""))
		return
	}
	defer s.hub.remove(c)

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	write := func(chunks ...[]byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // unsupported by some writers: fine
		for _, b := range chunks {
			if _, err := w.Write(b); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}
	if !write([]byte("retry: 2000\n: ok\n\n")) {
		return
	}
	tick := time.NewTicker(s.hub.keepAlive)
	defer tick.Stop()
	for {
		var out [][]byte
		select {
		case <-r.Context().Done():
			return
		case data, open := <-c.ch:
			if !open {
				return
			}
			out = append(out, []byte("data: "), data, []byte("\n\n"))
		case <-c.wake:
		case <-tick.C:
			out = append(out, []byte(": keep-alive\n\n"))
		}
		if c.lost.Swap(false) {
			out = append(out, []byte("data: "), resyncEvent, []byte("\n\n"))
		}
		if len(out) > 0 && !write(out...) {
			return
		}
	}
}
