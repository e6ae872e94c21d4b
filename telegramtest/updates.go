package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

const (
	// firstUpdateID is far from 0 and 1 so that code assuming small ids,
	// or treating offset 0 as "nothing seen", shows up in tests.
	firstUpdateID = 100000001
	// recentUpdates is how many past updates Redeliver can repeat.
	recentUpdates = 1000
)

// queued is an update waiting for confirmation. Updates are kept until a
// getUpdates call with a higher offset confirms them, so a client that
// crashes before confirming receives them again.
type queued struct {
	id        int
	kind      string // "message", "callback_query"...
	raw       json.RawMessage
	delivered bool // returned at least once; only then can an offset confirm it
}

// notByDefault are the update kinds Telegram only sends when asked for
// explicitly in allowed_updates.
var notByDefault = []string{"chat_member", "message_reaction", "message_reaction_count"}

const conflictPoll = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"

func getUpdates(s *Server, rq *request) (any, *apiError) {
	p := rq.p
	offset, _ := strconv.Atoi(p.get("offset"))
	limit := 100
	if p.has("limit") {
		limit, _ = strconv.Atoi(p.get("limit"))
		limit = min(max(limit, 1), 100)
	}
	timeoutSec, _ := strconv.Atoi(p.get("timeout"))
	deadline := time.Now().Add(time.Duration(max(timeoutSec, 0)) * time.Second)

	s.mu.Lock()
	if s.webhook.URL != "" {
		s.mu.Unlock()
		return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if p.has("allowed_updates") {
		var kinds []string
		_ = json.Unmarshal([]byte(p.get("allowed_updates")), &kinds)
		s.setAllowed(kinds)
	}
	// Telegram ends a waiting poll when another one arrives.
	if s.poll != nil {
		close(s.poll)
	}
	mine := make(chan struct{})
	s.poll = mine
	s.confirm(offset)
	for {
		batch := s.takeBatch(limit)
		if len(batch) > 0 || !time.Now().Before(deadline) {
			if s.poll == mine {
				s.poll = nil
			}
			s.mu.Unlock()
			return joinRaw(batch), nil
		}
		wake := s.wake
		s.mu.Unlock()
		timer := time.NewTimer(time.Until(deadline))
		select {
		case <-wake:
		case <-timer.C:
		case <-mine:
			timer.Stop()
			return nil, &apiError{Code: http.StatusConflict, Description: conflictPoll}
		case <-rq.ctx.Done():
		case <-s.done:
		}
		timer.Stop()
		s.mu.Lock()
		if isClosed(mine) { // a newer poll came in while this one was waking up
			s.mu.Unlock()
			return nil, &apiError{Code: http.StatusConflict, Description: conflictPoll}
		}
		if rq.ctx.Err() != nil || isClosed(s.done) {
			deadline = time.Now() // answer with what there is, if anyone listens
		}
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// setAllowed stores allowed_updates; it applies to later calls too, and an
// empty list means Telegram's default set.
func (s *Server) setAllowed(kinds []string) {
	if len(kinds) == 0 {
		s.allowed = nil
		return
	}
	s.allowed = map[string]bool{}
	for _, k := range kinds {
		s.allowed[k] = true
	}
}

func (s *Server) isAllowed(kind string) bool {
	if s.allowed == nil {
		return !slices.Contains(notByDefault, kind)
	}
	return s.allowed[kind]
}

// confirm drops what an offset confirms: with offset > 0 every delivered
// update below it; with offset < 0 all but the last -offset updates.
func (s *Server) confirm(offset int) {
	switch {
	case offset > 0:
		s.queue = slices.DeleteFunc(s.queue, func(q queued) bool { return q.delivered && q.id < offset })
	case offset < 0:
		if keep := -offset; len(s.queue) > keep {
			s.queue = slices.Delete(s.queue, 0, len(s.queue)-keep)
		}
	}
}

// takeBatch returns up to limit queued updates, oldest first, and marks
// them delivered. Updates of kinds the bot did not ask for are dropped, as
// Telegram would never have produced them.
func (s *Server) takeBatch(limit int) []json.RawMessage {
	s.queue = slices.DeleteFunc(s.queue, func(q queued) bool { return !s.isAllowed(q.kind) })
	var out []json.RawMessage
	for i := range s.queue {
		if len(out) == limit {
			break
		}
		s.queue[i].delivered = true
		out = append(out, s.queue[i].raw)
	}
	return out
}

func joinRaw(items []json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// enqueue queues an update, wakes a waiting getUpdates and returns the
// update_id.
func (s *Server) enqueue(kind string, u *wireUpdate) int {
	u.UpdateID = s.nextUpdateID
	s.nextUpdateID++
	raw, _ := json.Marshal(u)
	q := queued{id: u.UpdateID, kind: kind, raw: raw}
	s.queue = append(s.queue, q)
	s.recent = append(s.recent, q)
	if len(s.recent) >= 2*recentUpdates { // trimmed now and then, not at every update
		s.recent = slices.Clone(s.recent[len(s.recent)-recentUpdates:])
	}
	s.wakePoll()
	return u.UpdateID
}

// wakePoll wakes a waiting getUpdates and the webhook delivery loop.
func (s *Server) wakePoll() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// Redeliver queues an identical copy (same update_id) of one of the last
// 1000 updates, as Telegram does after a failed delivery. It reports false
// for an unknown update id. The copy is delivered even if the client has
// already confirmed that id.
func (s *Server) Redeliver(updateID int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.recent) - 1; i >= 0; i-- {
		if q := s.recent[i]; q.id == updateID {
			q.delivered = false
			s.queue = append(s.queue, q)
			s.wakePoll()
			return true
		}
	}
	return false
}

// SetNextUpdateID sets the id of the next update, e.g. to a lower value to
// simulate Telegram restarting update ids after a week of silence.
func (s *Server) SetNextUpdateID(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdateID = id
}

// PendingUpdates is the number of updates not yet confirmed.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}
