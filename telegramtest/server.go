package telegramtest

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// The fake bot's identity, returned by getMe and used as the sender of
// every message the bot sends.
const (
	BotID        int64 = 7000000001
	BotUsername        = "fieldbot_test_bot"
	BotFirstName       = "Fieldbot Test"
)

// Server is a fake Telegram Bot API server. All its methods are safe for
// concurrent use. One mutex guards all state: requests are short, and a
// single lock keeps the ordering of updates, messages and events obvious.
type Server struct {
	// Token is the only bot token the server accepts.
	Token string

	url       string
	ts        *httptest.Server
	hs        *http.Server
	done      chan struct{} // closed by Close; ends long polls and waits
	closeOnce sync.Once

	mu sync.Mutex

	// Chats and what the bot sent to them (state.go, media.go).
	chats    map[int64]*chat
	files    map[string]*storedFile
	fileSeq  int
	wakers   map[int64]chan struct{} // closed when a chat's messages change
	commands map[string][]BotCommand // key: scope key + "|" + language

	// Updates waiting for getUpdates (updates.go).
	queue        []queued
	recent       []queued // the last updates, for Redeliver
	nextUpdateID int
	wake         chan struct{} // closed when an update is queued
	poll         chan struct{} // closed to end the waiting getUpdates with 409
	allowed      map[string]bool
	queries      map[string]int64 // unanswered callback query id -> chat id

	// The webhook and its deliveries (webhook.go).
	webhook    Webhook
	client     *http.Client
	ctx        context.Context // ends with Close: deliveries in flight are abandoned
	cancel     context.CancelFunc
	workers    sync.WaitGroup
	retries    int
	backoff    time.Duration
	deliveries []Delivery
	lastError  time.Time
	lastErrMsg string

	// What tests observe (observe.go, events.go).
	rejections []Rejection
	calls      map[string]int
	answers    []CallbackAnswer
	subs       map[*subscriber]struct{}

	// Fault injection and flood control (faults.go).
	faults     []fault
	rateLimits bool
	global     bucket
	n429       int
}

// New starts a fake server on a random 127.0.0.1 port.
func New(token string) *Server {
	s := newServer(token)
	s.ts = httptest.NewServer(s)
	s.url = s.ts.URL
	return s
}

// NewTLS starts a fake server on a random 127.0.0.1 port that speaks
// https://, as Telegram does, with a certificate for 127.0.0.1 and
// example.com that clients must be told to trust (CertificatePEM): for
// tests of the proxy path, where a client tunnels through CONNECT.
func NewTLS(token string) *Server {
	s := newServer(token)
	s.ts = httptest.NewTLSServer(s)
	s.url = s.ts.URL
	return s
}

// CertificatePEM is the certificate of a NewTLS server, PEM-encoded (for
// SSL_CERT_FILE); nil for a plain one.
func (s *Server) CertificatePEM() []byte {
	if s.ts == nil || s.ts.TLS == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ts.Certificate().Raw})
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
		Token:        token,
		ctx:          ctx,
		cancel:       cancel,
		client:       &http.Client{Timeout: 10 * time.Second},
		retries:      DefaultWebhookRetries,
		backoff:      DefaultWebhookBackoff,
		done:         make(chan struct{}),
		chats:        map[int64]*chat{},
		files:        map[string]*storedFile{},
		wakers:       map[int64]chan struct{}{},
		commands:     map[string][]BotCommand{},
		nextUpdateID: firstUpdateID,
		wake:         make(chan struct{}),
		queries:      map[string]int64{},
		calls:        map[string]int{},
		subs:         map[*subscriber]struct{}{},
	}
	s.workers.Add(1)
	go s.deliverLoop()
	return s
}

// URL is the server's base URL; the client endpoint is URL()+"/bot%s/%s".
func (s *Server) URL() string { return s.url }

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Close stops the server. Long polls and WaitFor calls return at once, and
// subscriber channels are closed.
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

// apiError is an error answer in Telegram's shape.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func badRequest(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + msg}
}

// response is Telegram's envelope for every answer.
type response struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *respParams     `json:"parameters,omitempty"`
}

type respParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

// request is one validated API call on its way to a handler.
type request struct {
	ctx     context.Context
	m       *method
	p       *params
	markup  *markup    // parsed reply_markup, nil when absent
	text    *formatted // parsed text of methods with a parse_mode
	caption *formatted
}

// handler serves one method; the result is marshalled as "result".
type handler func(s *Server, rq *request) (any, *apiError)

// ServeHTTP routes /bot<token>/<method> and /file/bot<token>/<path>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, name, _ := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		s.fail(w, name, &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	m, known := spec().lookupMethod(name)
	if !known {
		s.fail(w, name, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	s.mu.Lock()
	s.calls[m.Name]++
	f, injected := s.takeFault(m.Name)
	s.mu.Unlock()
	if injected {
		f.write(w)
		return
	}
	result, err := s.serve(r, m)
	if err != nil {
		s.fail(w, m.Name, err)
		return
	}
	raw, merr := json.Marshal(result)
	if merr != nil {
		s.fail(w, m.Name, &apiError{Code: http.StatusInternalServerError, Description: "Internal Server Error: " + merr.Error()})
		return
	}
	writeJSON(w, http.StatusOK, response{OK: true, Result: raw})
}

// serve reads, validates and dispatches one call.
func (s *Server) serve(r *http.Request, m *method) (any, *apiError) {
	p, err := readParams(r)
	if err != nil {
		return nil, err
	}
	if err := validate(m, p); err != nil {
		return nil, err
	}
	rq := &request{ctx: r.Context(), m: m, p: p}
	if err := prepare(rq); err != nil {
		return nil, err
	}
	h, ok := handlers[m.Name]
	if !ok {
		h = genericHandler
	}
	return h(s, rq)
}

// fail writes an error answer and records it. Flood waits (429), blocked
// users (403) and polling conflicts (409) describe the world rather than a
// bad request, so they are counted but not recorded as rejections.
func (s *Server) fail(w http.ResponseWriter, method string, e *apiError) {
	s.mu.Lock()
	switch e.Code {
	case http.StatusTooManyRequests:
		s.n429++
	case http.StatusForbidden, http.StatusConflict:
	default:
		s.rejections = append(s.rejections, Rejection{Method: method, Code: e.Code, Reason: e.Description})
	}
	s.mu.Unlock()
	writeError(w, e)
}

func writeError(w http.ResponseWriter, e *apiError) {
	resp := response{ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 {
		resp.Parameters = &respParams{RetryAfter: e.RetryAfter}
	}
	writeJSON(w, e.Code, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
