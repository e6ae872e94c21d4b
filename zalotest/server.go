package zalotest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// The fake bot's identity, returned by getMe.
const (
	BotAccountName = "fieldbot_test_bot"
	BotAccountType = "BASIC"
)

// defaultBotID is getMe's id when the token has no "<digits>:" prefix.
const defaultBotID = "7000000001"

// Server is a fake Zalo Bot Platform server. All its methods are safe for
// concurrent use. One mutex guards all state.
type Server struct {
	// Token is the only bot token the server accepts.
	Token string

	url       string
	ts        *httptest.Server
	hs        *http.Server
	done      chan struct{} // closed by Close
	ctx       context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
	workers   sync.WaitGroup
	client    *http.Client // fetches photos and posts webhook deliveries

	mu sync.Mutex

	salt   uint32
	msgSeq uint64

	// Chats and what the bot sent to them (observe.go).
	chats  map[string]*chat
	wakers map[string]chan struct{} // closed when a chat's messages change
	subs   map[*subscriber]struct{}

	// Updates (delivery.go).
	queue      []*update
	updates    map[string]*update // every user message by message_id
	wake       chan struct{}      // closed when queue or webhook changes
	webhook    webhook
	flat       bool
	maxPoll    time.Duration
	retries    int
	backoff    time.Duration
	deliveries []Delivery

	// What tests observe and inject (observe.go, faults.go).
	rejections []Rejection
	calls      map[string]int
	faults     []fault
	n429       int
	camel      bool
}

type webhook struct {
	url       string
	secret    string
	updatedAt int64 // epoch ms
}

// New starts a fake server on a random 127.0.0.1 port.
func New(token string) *Server {
	s := newServer(token)
	s.ts = httptest.NewServer(s)
	s.url = s.ts.URL
	return s
}

// NewServer serves the fake on l, for example the sandbox's own listener.
// With a nil listener nothing is served and the caller mounts Handler()
// itself (strip any path prefix with http.StripPrefix).
func NewServer(token string, l net.Listener) *Server {
	s := newServer(token)
	if l != nil {
		s.hs = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = s.hs.Serve(l) }()
		s.url = "http://" + l.Addr().String()
	}
	return s
}

func newServer(token string) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		Token:   token,
		done:    make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
		client:  &http.Client{Timeout: 10 * time.Second},
		salt:    rand.Uint32(),
		chats:   map[string]*chat{},
		wakers:  map[string]chan struct{}{},
		subs:    map[*subscriber]struct{}{},
		updates: map[string]*update{},
		wake:    make(chan struct{}),
		maxPoll: DefaultPollTimeout,
		retries: DefaultWebhookRetries,
		backoff: DefaultWebhookBackoff,
		calls:   map[string]int{},
	}
	s.workers.Add(1)
	go s.deliverLoop()
	return s
}

// URL is the server's base URL; the bot calls URL()+"/bot"+token+"/"+method.
func (s *Server) URL() string { return s.url }

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Close stops the server. Long polls and WaitFor calls return at once,
// webhook deliveries in flight are abandoned, subscriber channels close.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.cancel()
		if s.ts != nil {
			s.ts.Close()
		}
		if s.hs != nil {
			_ = s.hs.Close()
		}
		s.workers.Wait()
		s.mu.Lock()
		for sub := range s.subs {
			close(sub.ch)
			delete(s.subs, sub)
		}
		s.mu.Unlock()
	})
}

// apiError is an error answer.
type apiError struct {
	Code        int
	Description string
}

func errorf(code int, format string, args ...any) *apiError {
	return &apiError{Code: code, Description: fmt.Sprintf(format, args...)}
}

// handler serves one method; the result is marshalled as "result".
type handler func(s *Server, r *http.Request, p *params) (any, *apiError)

// methods maps the case-sensitive method names to their handler and the
// parameters they accept.
var methods map[string]methodSpec

type methodSpec struct {
	h      handler
	params []string
}

// ServeHTTP routes /bot<token>/<method>. Every answer has HTTP status 200,
// errors included, as the real platform may do: clients must trust "ok".
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, name, _ := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		s.fail(w, name, errorf(http.StatusUnauthorized, "Unauthorized"))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		s.fail(w, name, errorf(http.StatusBadRequest, "Method %s not allowed", r.Method))
		return
	}
	s.mu.Lock()
	s.calls[name]++
	spec, known := methods[name]
	var f fault
	var injected bool
	if known {
		f, injected = s.takeFault(name)
	}
	s.mu.Unlock()
	if !known {
		s.fail(w, name, errorf(http.StatusNotFound, "Not Found"))
		return
	}
	if injected {
		s.writeError(w, &f.err)
		return
	}
	p, err := readParams(r)
	if err == nil {
		err = p.check(spec.params)
	}
	var result any
	if err == nil {
		result, err = spec.h(s, r, p)
	}
	if err != nil {
		s.fail(w, name, err)
		return
	}
	raw, merr := json.Marshal(result)
	if merr != nil {
		s.fail(w, name, errorf(http.StatusInternalServerError, "Internal Server Error"))
		return
	}
	writeJSON(w, map[string]any{"ok": true, "result": json.RawMessage(raw)})
}

// fail writes an error answer and records it as a Rejection, except an
// idle poll's 408, which is the normal answer of getUpdates.
func (s *Server) fail(w http.ResponseWriter, method string, e *apiError) {
	s.mu.Lock()
	if e.Code != http.StatusRequestTimeout {
		s.rejections = append(s.rejections, Rejection{Method: method, Code: e.Code, Reason: e.Description})
	}
	s.mu.Unlock()
	s.writeError(w, e)
}

// writeError writes the error envelope, with HTTP status 200.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	key := "error_code"
	s.mu.Lock()
	if s.camel {
		key = "errorCode"
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"ok": false, key: e.Code, "description": e.Description})
}

func writeJSON(w http.ResponseWriter, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// SetCamelCaseErrors makes error answers spell the code "errorCode", as
// some real errors reportedly do, instead of "error_code".
func (s *Server) SetCamelCaseErrors(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.camel = on
}

// nextMessageID returns a fresh opaque message id; the caller holds s.mu.
func (s *Server) nextMessageID() string {
	s.msgSeq++
	return fmt.Sprintf("%08x%016x", s.salt, s.msgSeq)
}

func nowMillis() int64 { return time.Now().UnixMilli() }
