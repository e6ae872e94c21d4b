package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// fault is an answer injected in place of the next call of a method.
type fault struct {
	method string // "" matches any method
	err    apiError
	status int // for raw answers: HTTP status, content type and body
	ctype  string
	body   string
}

func (f fault) write(w http.ResponseWriter) {
	if f.status == 0 {
		writeError(w, &f.err)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.body))
}

// FailNext makes the next call of method (of any method if "") fail with
// the given Telegram error instead of being served. Calls queue up. A 429
// always carries parameters.retry_after (at least 1). An empty description
// gets Telegram's usual wording. Injected errors are not Rejections.
func (s *Server) FailNext(method string, code, retryAfter int, description string) {
	if code == http.StatusTooManyRequests {
		retryAfter = max(retryAfter, 1)
	}
	if description == "" {
		description = defaultDescription(code, retryAfter)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method: method, err: apiError{Code: code, Description: description, RetryAfter: retryAfter}})
}

// FailNextHTTP makes the next call of method (any if "") get a raw HTTP
// answer, e.g. the HTML error page of a proxy (502, "text/html", "<html>...").
func (s *Server) FailNextHTTP(method string, status int, contentType, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method: method, status: status, ctype: contentType, body: body})
}

func defaultDescription(code, retryAfter int) string {
	switch code {
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	case http.StatusBadRequest:
		return "Bad Request"
	case http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case http.StatusConflict:
		return conflictPoll
	}
	return http.StatusText(code)
}

// takeFault removes and returns the fault for this call: one aimed at the
// method first, else one aimed at any method.
func (s *Server) takeFault(method string) (fault, bool) {
	i := slices.IndexFunc(s.faults, func(f fault) bool { return f.method == method })
	if i < 0 {
		i = slices.IndexFunc(s.faults, func(f fault) bool { return f.method == "" })
	}
	if i < 0 {
		return fault{}, false
	}
	f := s.faults[i]
	s.faults = slices.Delete(s.faults, i, i+1)
	if f.status == http.StatusTooManyRequests || f.err.Code == http.StatusTooManyRequests {
		s.n429++
	}
	return f, true
}

// Flood control, modelled as token buckets. Telegram documents about 30
// messages per second overall, about one per second in a private chat
// (short bursts tolerated) and 20 per minute in a group. Here:
//   - overall: bucket of 30, refilled at 30/s;
//   - private chat: bucket of 3, refilled at 1/s (a burst of 3, then 1/s);
//   - group chat (negative id): bucket of 20, refilled at 20/min.
//
// Only new messages count (send* except sendChatAction, copy*, forward*);
// edits, deletes and callback answers do not. A refused send does not use
// up a token; retry_after is the wait until every bucket has one, rounded
// up to whole seconds.
const (
	globalBurst, globalRate   = 30, 30.0
	privateBurst, privateRate = 3, 1.0
	groupBurst, groupRate     = 20, 20.0 / 60
)

type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) refill(now time.Time, burst, rate float64) {
	if b.last.IsZero() {
		b.tokens = burst
	} else {
		b.tokens = min(burst, b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
}

// wait is how long until the bucket holds a whole token.
func (b *bucket) wait(rate float64) time.Duration {
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// SetRateLimits turns flood control on or off; turning it on starts with
// full buckets.
func (s *Server) SetRateLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = on
	s.global = bucket{}
	for _, c := range s.chats {
		c.bucket = bucket{}
	}
}

func isSend(method string) bool {
	switch {
	case method == "sendChatAction":
		return false
	case strings.HasPrefix(method, "send"), strings.HasPrefix(method, "copyMessage"), strings.HasPrefix(method, "forwardMessage"):
		return true
	}
	return false
}

// checkRate takes a token for a send to c, or answers 429.
func (s *Server) checkRate(c *chat, method string) *apiError {
	if !s.rateLimits || !isSend(method) {
		return nil
	}
	burst, rate := float64(privateBurst), privateRate
	if c.typ != "private" {
		burst, rate = groupBurst, groupRate
	}
	now := time.Now()
	s.global.refill(now, globalBurst, globalRate)
	c.bucket.refill(now, burst, rate)
	if wait := max(s.global.wait(globalRate), c.bucket.wait(rate)); wait > 0 {
		retry := int(math.Ceil(wait.Seconds()))
		return &apiError{Code: http.StatusTooManyRequests, Description: fmt.Sprintf("Too Many Requests: retry after %d", retry), RetryAfter: retry}
	}
	s.global.tokens--
	c.bucket.tokens--
	return nil
}

// Count429 is the number of 429 answers given, injected or from flood
// control.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n429
}
