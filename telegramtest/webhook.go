package telegramtest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Webhook delivery, as the Bot API describes it: once setWebhook has a URL,
// getUpdates answers 409 and every update is POSTed to the URL as a
// JSON-serialized Update, with the header X-Telegram-Bot-Api-Secret-Token
// when a secret_token was given; a delivery answered with anything but 2xx
// is repeated, and given up after a few attempts. An update stays pending
// (getWebhookInfo's pending_update_count) until its delivery succeeds.
//
// The fake delivers one update at a time, in order, and only to loopback
// addresses (127.0.0.1, [::1], localhost), where it also accepts http://
// on any port; Telegram wants a public https:// URL on port 443, 80, 88 or
// 8443. Updates for a webhook elsewhere stay pending.
const (
	// SecretHeader carries the webhook's secret_token.
	SecretHeader = "X-Telegram-Bot-Api-Secret-Token"
	// DefaultWebhookRetries is how many times a failed delivery is
	// repeated; DefaultWebhookBackoff is the first wait, doubled each time.
	DefaultWebhookRetries = 3
	DefaultWebhookBackoff = 50 * time.Millisecond
)

// Webhook is what setWebhook registered.
type Webhook struct {
	URL            string
	Secret         string
	AllowedUpdates []string // nil when not given
	MaxConnections int      // 0 when not given
	DropPending    bool
}

// Delivery is one POST of an update to the webhook by the delivery loop.
type Delivery struct {
	UpdateID int
	Attempt  int    // 1 for the first try, 2 for the first retry...
	Status   int    // the receiver's HTTP status, 0 when the POST failed
	Err      string // the transport error, if any
	Dropped  bool   // the last attempt failed and the update was given up
}

// WebhookSet returns the webhook setWebhook registered; its URL is "" when
// none is set.
func (s *Server) WebhookSet() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	w.AllowedUpdates = slices.Clone(w.AllowedUpdates)
	return w
}

// SetWebhookRetries sets how many times a failed delivery is repeated and
// the first backoff (doubled at each retry).
func (s *Server) SetWebhookRetries(retries int, backoff time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retries, s.backoff = max(retries, 0), backoff
}

// Deliveries returns every webhook POST made by the delivery loop, oldest
// first (DeliverWithSecret's are not included).
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// DeliverWithSecret POSTs one of the last 1000 updates to the webhook at
// once with the given secret header (say, a wrong one; "" sends none),
// once and without retry, and returns the HTTP status the bot answered: 0
// if no webhook is set, the update is unknown or the POST failed. The
// update's place in the queue is not affected.
func (s *Server) DeliverWithSecret(updateID int, secret string) (status int) {
	s.mu.Lock()
	wh := s.webhook
	var raw json.RawMessage
	for i := len(s.recent) - 1; i >= 0; i-- {
		if s.recent[i].id == updateID {
			raw = s.recent[i].raw
			break
		}
	}
	s.mu.Unlock()
	if raw == nil || !deliverable(wh.URL) {
		return 0
	}
	status, _ = s.post(wh.URL, secret, raw)
	return status
}

// deliverable reports whether the fake can post to u: a loopback address.
func deliverable(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Hostname() {
	case "127.0.0.1", "::1", "localhost":
		return true
	}
	return false
}

// post sends one webhook request.
func (s *Server) post(url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// next returns the oldest pending update the webhook should get, dropping
// kinds the bot did not ask for; the caller holds s.mu.
func (s *Server) next() (queued, bool) {
	if s.webhook.URL == "" || !deliverable(s.webhook.URL) {
		return queued{}, false
	}
	s.queue = slices.DeleteFunc(s.queue, func(q queued) bool { return !s.isAllowed(q.kind) })
	if len(s.queue) == 0 {
		return queued{}, false
	}
	return s.queue[0], true
}

// deliverLoop posts pending updates to the webhook one at a time, in
// order; an update being retried holds back the ones behind it.
func (s *Server) deliverLoop() {
	defer s.workers.Done()
	for {
		s.mu.Lock()
		q, ok := s.next()
		wake := s.wake
		s.mu.Unlock()
		if !ok {
			select {
			case <-wake:
				continue
			case <-s.done:
				return
			}
		}
		if !s.deliver(q) {
			return
		}
	}
}

// deliver posts q until the receiver answers 2xx or the retries run out,
// then takes it off the queue. If the webhook is removed or changed
// meanwhile, q stays pending. It reports false once the server closes.
func (s *Server) deliver(q queued) bool {
	s.mu.Lock()
	retries, backoff := s.retries, s.backoff
	s.mu.Unlock()
	for attempt := 1; ; attempt++ {
		s.mu.Lock()
		wh := s.webhook
		s.mu.Unlock()
		if wh.URL == "" || !deliverable(wh.URL) {
			return true
		}
		status, err := s.post(wh.URL, wh.Secret, q.raw)
		if s.ctx.Err() != nil {
			return false
		}
		d := Delivery{UpdateID: q.id, Attempt: attempt, Status: status}
		if err != nil {
			d.Err = err.Error()
		}
		ok := err == nil && status >= 200 && status < 300
		d.Dropped = !ok && attempt > retries
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		if !ok {
			s.lastError = time.Now()
			s.lastErrMsg = d.Err
			if d.Err == "" {
				s.lastErrMsg = "Wrong response from the webhook: " + strconv.Itoa(status) + " " + http.StatusText(status)
			}
		}
		if ok || d.Dropped {
			if i := slices.IndexFunc(s.queue, func(p queued) bool { return p.id == q.id }); i >= 0 {
				s.queue = slices.Delete(s.queue, i, i+1)
			}
		}
		s.mu.Unlock()
		if ok || d.Dropped {
			return true
		}
		if !sleepCtx(s.ctx, backoff<<(attempt-1)) {
			return false
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// webhookPorts are the ports Telegram posts to.
var webhookPorts = map[string]bool{"": true, "443": true, "80": true, "88": true, "8443": true}

func setWebhook(s *Server, rq *request) (any, *apiError) {
	p := rq.p
	raw := p.get("url")
	if raw != "" {
		u, err := url.Parse(raw)
		switch {
		case err != nil || u.Host == "":
			return nil, badRequest("bad webhook: Failed to resolve host: Name or service not known")
		case deliverable(raw) && (u.Scheme == "http" || u.Scheme == "https"):
		case u.Scheme != "https":
			return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
		case !webhookPorts[u.Port()]:
			return nil, badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
		}
	}
	wh := Webhook{URL: raw, Secret: p.get("secret_token")}
	if p.has("secret_token") && !validSecret(wh.Secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	if p.has("max_connections") {
		n, err := strconv.Atoi(p.get("max_connections"))
		if err != nil || n < 1 || n > 100 {
			return nil, badRequest("bad max_connections")
		}
		wh.MaxConnections = n
	}
	drop, _ := parseBool(p.get("drop_pending_updates"))
	wh.DropPending = drop
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.has("allowed_updates") {
		if err := json.Unmarshal([]byte(p.get("allowed_updates")), &wh.AllowedUpdates); err != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
		s.setAllowed(wh.AllowedUpdates)
	}
	s.webhook = wh
	if drop {
		s.queue = nil
	}
	s.wakePoll()
	return true, nil
}

// validSecret is Telegram's rule for secret_token: 1-256 characters of
// A-Z, a-z, 0-9, _ and -.
func validSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func deleteWebhook(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = Webhook{}
	if drop, _ := parseBool(rq.p.get("drop_pending_updates")); drop {
		s.queue = nil
	}
	s.wakePoll()
	return true, nil
}

type wireWebhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

func getWebhookInfo(s *Server, _ *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := wireWebhookInfo{URL: s.webhook.URL, PendingUpdateCount: len(s.queue)}
	if s.webhook.URL != "" {
		info.MaxConnections = cmp.Or(s.webhook.MaxConnections, 40)
		info.AllowedUpdates = s.webhook.AllowedUpdates
		if !s.lastError.IsZero() {
			info.LastErrorDate, info.LastErrorMessage = s.lastError.Unix(), s.lastErrMsg
		}
	}
	return info, nil
}
