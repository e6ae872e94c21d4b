package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"
)

// Delivery defaults.
const (
	// DefaultPollTimeout is getUpdates' timeout when none is given, and the
	// default cap on any timeout (see SetMaxPoll).
	DefaultPollTimeout = 30 * time.Second
	// DefaultWebhookRetries is how many times a failed webhook delivery is
	// retried; DefaultWebhookBackoff is the first wait, doubled each time.
	// Zalo's real policy is undocumented.
	DefaultWebhookRetries = 3
	DefaultWebhookBackoff = 50 * time.Millisecond
	// SecretHeader carries the webhook's secret_token.
	SecretHeader = "X-Bot-Api-Secret-Token"
)

// Delivery is one POST of an update to the webhook by the delivery loop.
type Delivery struct {
	MessageID string
	Attempt   int    // 1 for the first try, 2 for the first retry...
	Status    int    // the receiver's HTTP status, 0 when the POST failed
	Err       string // the transport error, if any
	Flat      bool   // sent in the flat shape
	Dropped   bool   // the last attempt failed and the update was given up
}

// SetMaxPoll caps getUpdates' timeout so that tests never wait long.
func (s *Server) SetMaxPoll(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPoll = d
}

// SetWebhookRetries sets how many times a failed delivery is retried and
// the first backoff (doubled at each retry).
func (s *Server) SetWebhookRetries(retries int, backoff time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retries, s.backoff = max(retries, 0), backoff
}

// SetFlatDeliveries makes webhook bodies the flat {event_name, message}
// instead of {"ok":true,"result":{...}}; some deliveries are reported so.
func (s *Server) SetFlatDeliveries(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flat = on
}

// Deliveries returns every webhook POST made by the delivery loop, oldest
// first (DeliverWithSecret's are not included).
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// Pending is the number of updates waiting for getUpdates or the webhook.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// wakeAll wakes polls and the delivery loop; the caller holds s.mu.
func (s *Server) wakeAll() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// Redeliver sends an update again, with the same message_id, through the
// usual path: the webhook (with retries) if one is set, else getUpdates.
// It reports whether the message_id is known.
func (s *Server) Redeliver(messageID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.updates[messageID]
	if u == nil {
		return false
	}
	s.queue = append(s.queue, u)
	s.wakeAll()
	return true
}

// DeliverWithSecret POSTs an update to the webhook at once with the given
// secret header (say, a wrong one), once and without retry, and returns
// the HTTP status the bot answered; 0 if no webhook is set, the message_id
// is unknown or the POST failed.
func (s *Server) DeliverWithSecret(messageID, secret string) (status int) {
	s.mu.Lock()
	u, wh, flat := s.updates[messageID], s.webhook, s.flat
	s.mu.Unlock()
	if u == nil || wh.url == "" {
		return 0
	}
	status, _ = s.post(wh.url, secret, deliveryBody(u, flat))
	return status
}

func deliveryBody(u *update, flat bool) []byte {
	var v any = u
	if !flat {
		v = struct {
			OK     bool    `json:"ok"`
			Result *update `json:"result"`
		}{true, u}
	}
	b, _ := json.Marshal(v)
	return b
}

// post sends one webhook request.
func (s *Server) post(url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SecretHeader, secret)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// deliverLoop posts queued updates to the webhook one at a time, in order.
// A delivery being retried holds back the ones behind it.
func (s *Server) deliverLoop() {
	defer s.workers.Done()
	for {
		s.mu.Lock()
		var u *update
		if s.webhook.url != "" && len(s.queue) > 0 {
			u = s.queue[0]
			s.queue = s.queue[1:]
		}
		wake := s.wake
		s.mu.Unlock()
		if u == nil {
			select {
			case <-wake:
				continue
			case <-s.done:
				return
			}
		}
		s.deliver(u)
	}
}

// deliver posts u until the receiver answers 2xx or the retries run out.
// If the webhook is deleted meanwhile, u goes back to the front of the
// queue for getUpdates.
func (s *Server) deliver(u *update) {
	s.mu.Lock()
	flat, retries, backoff := s.flat, s.retries, s.backoff
	s.mu.Unlock()
	body := deliveryBody(u, flat)
	for attempt := 1; ; attempt++ {
		s.mu.Lock()
		wh := s.webhook
		if wh.url == "" {
			s.queue = append([]*update{u}, s.queue...)
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		status, err := s.post(wh.url, wh.secret, body)
		if s.ctx.Err() != nil {
			return
		}
		d := Delivery{MessageID: u.Message.MessageID, Attempt: attempt, Status: status, Flat: flat}
		if err != nil {
			d.Err = err.Error()
		}
		ok := err == nil && status >= 200 && status < 300
		d.Dropped = !ok && attempt > retries
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
		if ok || d.Dropped {
			return
		}
		if !sleep(s.ctx, backoff<<(attempt-1)) {
			return
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// getUpdates answers one update, oldest first, or 408 when none arrives
// within timeout seconds (default 30, capped by SetMaxPoll).
func getUpdates(s *Server, r *http.Request, p *params) (any, *apiError) {
	secs, err := p.integer("timeout", int(DefaultPollTimeout/time.Second))
	if err != nil {
		return nil, err
	}
	if secs < 0 {
		return nil, errorf(http.StatusBadRequest, "Bad Request: timeout must not be negative")
	}
	s.mu.Lock()
	d := min(time.Duration(secs)*time.Second, s.maxPoll)
	s.mu.Unlock()
	timer := time.NewTimer(d)
	defer timer.Stop()
	idle := errorf(http.StatusRequestTimeout, "Request timeout")
	for {
		s.mu.Lock()
		if s.webhook.url != "" {
			s.mu.Unlock()
			return nil, errorf(http.StatusBadRequest, "Bad Request: webhook is active; call deleteWebhook before getUpdates")
		}
		if len(s.queue) > 0 && r.Context().Err() == nil {
			u := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return u, nil
		}
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-timer.C:
			return nil, idle
		case <-r.Context().Done():
			return nil, idle
		case <-s.done:
			return nil, idle
		}
	}
}
