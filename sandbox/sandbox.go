package sandbox

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/telegramtest"
	"github.com/fieldbot/fieldbot/zalotest"
)

// Channels one can chat on.
const (
	Telegram = "telegram"
	Zalo     = "zalo"
)

// Person is somebody one can chat as.
type Person struct {
	UserID   int64  `json:"user_id"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Unit     string `json:"unit"`
	UnitName string `json:"unit_name"`
	Role     string `json:"role"` // officer, leader or admin
	Title    string `json:"title"`
	// ZaloID is the person's Zalo user id; made up from UserID when empty.
	ZaloID string `json:"zalo_id,omitempty"`
}

// Action is an extra control on the page, such as "send the digest now".
type Action struct {
	ID  string
	Key string // catalog key of its label, shown in the page's language
}

// Options configure a Server.
type Options struct {
	TG       *telegramtest.Server
	Zalo     *zalotest.Server // nil: Telegram only
	People   []Person         // who one can chat as, in display order
	Actions  []Action         // extra controls; may be empty
	OnAction func(ctx context.Context, id string) error
	// Invite issues a one-time invitation code for a roster phone, as
	// `fieldbot invite` does: on Zalo, which cannot share a phone number,
	// people join with one. nil: the page offers none.
	Invite func(ctx context.Context, phone string) (code string, err error)
	// Files serves the bot's signed public links (under /files/), from
	// which the fake Zalo downloads the photos the bot sends. May be nil.
	Files http.Handler
	// Uploads serves Zalo's one-time upload links (under /upload/), so a
	// spreadsheet can be sent back from the Zalo side of the page.
	Uploads http.Handler
	// Lang is the page's language until the person picks another, and
	// that of the API's errors when a request names none: the bot's
	// configured language. "" is Vietnamese.
	Lang locale.Lang
	// Location is the office's time zone ([calendar]), in which the page
	// shows every time whatever the browser's own zone. nil: the
	// browser's.
	Location *time.Location
	Log      *slog.Logger
}

// maxBody bounds every POST body.
const maxBody = 64 << 10

// maxLog bounds what is remembered of each person's own messages; the
// fake keeps the bot's last 1000 messages per chat.
const maxLog = 1000

// Server is the sandbox page and its API. It is an http.Handler.
type Server struct {
	tg      *telegramtest.Server
	zl      *zalotest.Server // nil without Zalo
	people  []Person
	byID    map[int64]*Person
	byZalo  map[string]*Person
	actions []Action
	onAct   func(ctx context.Context, id string) error
	invite  func(ctx context.Context, phone string) (string, error)
	lang    locale.Lang
	zone    string // IANA name of the office's time zone; "" for the browser's
	log     *slog.Logger
	mux     *http.ServeMux
	hub     *hub

	mu    sync.Mutex
	known map[int64]bool      // users already made known to the fake Telegram
	sent  map[chatKey][]entry // what each person sent in each chat, oldest first
	seq   int64               // numbers entries across all chats
}

// chatKey is one person's private chat with the bot on one channel.
type chatKey struct {
	channel string
	user    int64 // Person.UserID
}

//go:embed static
var staticFS embed.FS

// New returns the sandbox for opt.TG. It subscribes to the fake's events
// at once; the subscription ends when the fake is closed.
func New(opt Options) *Server {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, err := locale.ParseLang(string(opt.Lang)); err != nil {
		opt.Lang = locale.VI
	}
	s := &Server{
		tg:      opt.TG,
		zl:      opt.Zalo,
		people:  append([]Person(nil), opt.People...),
		byID:    map[int64]*Person{},
		byZalo:  map[string]*Person{},
		actions: append([]Action(nil), opt.Actions...),
		onAct:   opt.OnAction,
		invite:  opt.Invite,
		lang:    opt.Lang,
		zone:    zoneName(opt.Location),
		log:     log,
		known:   map[int64]bool{},
		sent:    map[chatKey][]entry{},
	}
	for i := range s.people {
		p := &s.people[i]
		if p.ZaloID == "" && s.zl != nil {
			p.ZaloID = zaloIDOf(p.UserID)
		}
		s.byID[p.UserID] = p
		if p.ZaloID != "" {
			s.byZalo[p.ZaloID] = p
		}
	}
	sources := 1
	if s.zl != nil {
		sources++
	}
	s.hub = newHub(s, sources)
	events, _ := opt.TG.Subscribe() // ends when the fake closes
	go s.hub.runTelegram(events)
	if s.zl != nil {
		zevents, _ := s.zl.Subscribe()
		go s.hub.runZalo(zevents)
	}

	static, _ := fs.Sub(staticFS, "static")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /api/people", s.listPeople)
	mux.HandleFunc("GET /api/meta", s.meta)
	mux.HandleFunc("GET /api/texts", s.texts)
	mux.HandleFunc("GET /api/chat", s.chatHistory)
	mux.HandleFunc("GET /api/file", s.file)
	mux.HandleFunc("GET /api/events", s.events)
	mux.HandleFunc("POST /api/send", s.post(s.send))
	mux.HandleFunc("POST /api/press", s.post(s.press))
	mux.HandleFunc("POST /api/contact", s.post(s.contact))
	mux.HandleFunc("POST /api/action", s.post(s.action))
	mux.HandleFunc("POST /api/invite", s.post(s.issueInvite))
	if opt.Files != nil {
		mux.Handle("GET /files/", opt.Files)
	}
	if opt.Uploads != nil {
		mux.Handle("/upload/", opt.Uploads) // Zalo's one-time upload page (GET) and its form (POST)
	}
	s.mux = mux
	return s
}

// ServeHTTP serves the page and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	// Every request, GETs included: a page of another site whose name is
	// rebound to this address would otherwise read the roster and the chats.
	if !fixedHost(r.Host) {
		s.log.Warn("sandbox: refused request", "path", r.URL.Path, "host", r.Host, "err", "sandbox.err_host")
		(&problem{http.StatusForbidden, "sandbox.err_host", nil}).write(w, s.printer(r, ""))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// contentSecurityPolicy allows only the page's own script, style, images
// and API: the bot's text is sanitized, and this is the second fence.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	body, err := staticFS.ReadFile("static/index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}

func (s *Server) listPeople(w http.ResponseWriter, r *http.Request) {
	out := s.people
	if out == nil {
		out = []Person{}
	}
	writeJSON(w, http.StatusOK, out)
}

// command is one entry of the "/" menu.
type command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// roles are those a person on the page may have.
var roles = []fieldbot.Role{fieldbot.RoleOfficer, fieldbot.RoleLeader, fieldbot.RoleAdmin}

// menus are the commands each role may use, as the bot's own menus list
// them (conversation.Menu): in Vietnamese by their aliases (/baocao), in
// English by their names (/report). The bot understands both.
func menus(pr *locale.Printer) map[fieldbot.Role][]command {
	out := map[fieldbot.Role][]command{}
	for _, role := range roles {
		list := []command{}
		for _, c := range conversation.Menu(role) {
			name := string(c.Name)
			if pr.Lang() == locale.VI && c.Alias != "" {
				name = c.Alias
			}
			list = append(list, command{name, pr.T(c.Key)})
		}
		out[role] = list
	}
	return out
}

// actionView is an action as the page shows it.
type actionView struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// meta is what the page needs besides the people, in the language it asks
// for (lang=vi|en; the configured language otherwise).
func (s *Server) meta(w http.ResponseWriter, r *http.Request) {
	pr := locale.New(s.pageLang(r))
	actions := []actionView{}
	for _, a := range s.actions {
		actions = append(actions, actionView{a.ID, pr.T(a.Key)})
	}
	channels := []string{Telegram}
	if s.zl != nil {
		channels = append(channels, Zalo)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"lang": pr.Lang(), "default_lang": s.lang, "langs": []locale.Lang{locale.VI, locale.EN}, "timezone": s.zone,
		"actions": actions, "menus": menus(pr), "channels": channels, "invite": s.invite != nil})
}

// zoneName is the IANA name of loc for the browser's Intl.DateTimeFormat;
// "" for none, or for the machine's zone, whose name Go does not know.
func zoneName(loc *time.Location) string {
	if loc == nil || loc == time.Local {
		return ""
	}
	return loc.String()
}

// target resolves the user and channel parameters of a GET request.
func (s *Server) target(r *http.Request) (*Person, chatKey, *problem) {
	q := r.URL.Query()
	id, err := strconv.ParseInt(q.Get("user"), 10, 64)
	if err != nil {
		return nil, chatKey{}, badRequest("sandbox.err_user")
	}
	return s.lookup(id, q.Get("channel"))
}

// lookup finds a person and their chat on a channel ("" is Telegram).
func (s *Server) lookup(id int64, channel string) (*Person, chatKey, *problem) {
	switch channel {
	case "":
		channel = Telegram
	case Telegram:
	case Zalo:
		if s.zl == nil {
			return nil, chatKey{}, badRequest("sandbox.err_no_zalo")
		}
	default:
		return nil, chatKey{}, badRequest("sandbox.err_channel", "channel", strconv.Quote(channel))
	}
	p, ok := s.byID[id]
	if !ok {
		return nil, chatKey{}, badRequest("sandbox.err_unknown_user", "user", strconv.FormatInt(id, 10))
	}
	return p, chatKey{channel: channel, user: id}, nil
}

// tgUser is how a person appears to the bot.
func tgUser(p *Person) telegramtest.User {
	first, last := splitName(p.Name)
	return telegramtest.User{ID: p.UserID, FirstName: first, LastName: last, LanguageCode: "vi"}
}

// splitName turns a Vietnamese full name into Telegram's first and last
// name: the given name comes last ("Nguyễn Văn An" is An, Nguyễn Văn).
func splitName(name string) (first, last string) {
	f := strings.Fields(name)
	switch len(f) {
	case 0:
		return "Người dùng", ""
	case 1:
		return f[0], ""
	}
	return f[len(f)-1], strings.Join(f[:len(f)-1], " ")
}

// introduce makes the person's private chat known to the fake the first
// time the person is used; the caller holds s.mu.
func (s *Server) introduce(p *Person) telegramtest.User {
	u := tgUser(p)
	if !s.known[p.UserID] {
		s.tg.AddUser(u)
		s.known[p.UserID] = true
	}
	return u
}

type sendRequest struct {
	User    int64  `json:"user"`
	Channel string `json:"channel"` // telegram (default) or zalo
	Text    string `json:"text"`
	Message int    `json:"message"`
	Data    string `json:"data"`
	ID      string `json:"id"`
	Lang    string `json:"lang"` // of the answer's error, if any
}

// maxText is Telegram's limit on a message's length.
const maxText = 4096

func (s *Server) send(w http.ResponseWriter, r *http.Request, req sendRequest, pr *locale.Printer) {
	p, key, prob := s.lookup(req.User, req.Channel)
	if prob != nil {
		prob.write(w, pr)
		return
	}
	text := strings.TrimSpace(req.Text)
	switch {
	case text == "":
		badRequest("sandbox.err_empty").write(w, pr)
		return
	case len([]rune(text)) > maxText:
		badRequest("sandbox.err_too_long", "max", strconv.Itoa(maxText)).write(w, pr)
		return
	}
	s.mu.Lock()
	at := time.Now()
	if key.channel == Zalo {
		s.zl.SendText(zaloUser(p), text)
	} else {
		s.tg.SendText(s.introduce(p), text)
	}
	e := s.record(key, entry{At: at, Text: text})
	s.mu.Unlock()
	s.hub.userSent(key, e)
	writeJSON(w, http.StatusOK, e.item())
}

// telegramOnly resolves a request for what only Telegram has: buttons and
// sharing one's phone number.
func (s *Server) telegramOnly(w http.ResponseWriter, req sendRequest, pr *locale.Printer) (*Person, chatKey, bool) {
	p, key, prob := s.lookup(req.User, req.Channel)
	switch {
	case prob != nil:
		prob.write(w, pr)
		return nil, key, false
	case key.channel != Telegram:
		badRequest("sandbox.err_zalo_typed").write(w, pr)
		return nil, key, false
	}
	return p, key, true
}

func (s *Server) press(w http.ResponseWriter, r *http.Request, req sendRequest, pr *locale.Printer) {
	p, key, ok := s.telegramOnly(w, req, pr)
	if !ok {
		return
	}
	if req.Message <= 0 || req.Data == "" {
		badRequest("sandbox.err_press").write(w, pr)
		return
	}
	label, ok := s.buttonLabel(p.UserID, req.Message, req.Data)
	if !ok {
		(&problem{http.StatusConflict, "sandbox.err_stale_button", nil}).write(w, pr)
		return
	}
	s.mu.Lock()
	u := s.introduce(p)
	at := time.Now()
	s.tg.PressButton(u, req.Message, req.Data)
	e := s.record(key, entry{At: at, Press: &pressInfo{Message: req.Message, Data: req.Data, Label: label}})
	s.mu.Unlock()
	s.hub.userSent(key, e)
	writeJSON(w, http.StatusOK, e.item())
}

// buttonLabel finds the inline button with the given data on a bot
// message that is still there: as in Telegram, only buttons one sees can
// be pressed.
func (s *Server) buttonLabel(userID int64, msgID int, data string) (string, bool) {
	for _, m := range s.tg.Messages(userID) {
		if m.ID != msgID || m.Deleted {
			continue
		}
		for _, row := range m.Inline {
			for _, b := range row {
				if b.CallbackData == data {
					return b.Text, true
				}
			}
		}
	}
	return "", false
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request, req sendRequest, pr *locale.Printer) {
	p, key, ok := s.telegramOnly(w, req, pr)
	if !ok {
		return
	}
	if p.Phone == "" {
		badRequest("sandbox.err_no_phone").write(w, pr)
		return
	}
	s.mu.Lock()
	u := s.introduce(p)
	at := time.Now()
	s.tg.SendContact(u, telegramtest.Contact{PhoneNumber: p.Phone, FirstName: u.FirstName, UserID: p.UserID})
	e := s.record(key, entry{At: at, Contact: p.Phone})
	s.mu.Unlock()
	s.hub.userSent(key, e)
	writeJSON(w, http.StatusOK, e.item())
}

func (s *Server) action(w http.ResponseWriter, r *http.Request, req sendRequest, pr *locale.Printer) {
	known := false
	for _, a := range s.actions {
		known = known || a.ID == req.ID
	}
	switch {
	case !known:
		(&problem{http.StatusNotFound, "sandbox.err_unknown_action", []string{"id", strconv.Quote(req.ID)}}).write(w, pr)
		return
	case s.onAct == nil:
		(&problem{http.StatusNotImplemented, "sandbox.err_action_unwired", nil}).write(w, pr)
		return
	}
	s.log.Info("sandbox: action", "id", req.ID)
	if err := s.onAct(r.Context(), req.ID); err != nil {
		s.log.Error("sandbox: action failed", "id", req.ID, "err", err)
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// issueInvite gets a one-time invitation code for the person, as an admin
// would with `fieldbot invite`, for the page to type into the chat.
func (s *Server) issueInvite(w http.ResponseWriter, r *http.Request, req sendRequest, pr *locale.Printer) {
	p, _, prob := s.lookup(req.User, req.Channel)
	switch {
	case prob != nil:
		prob.write(w, pr)
		return
	case s.invite == nil:
		(&problem{http.StatusNotImplemented, "sandbox.err_no_invites", nil}).write(w, pr)
		return
	case p.Phone == "":
		badRequest("sandbox.err_no_phone").write(w, pr)
		return
	}
	code, err := s.invite(r.Context(), p.Phone)
	if err != nil {
		// The page says what failed; the reason is the issuer's own.
		s.log.Error("sandbox: invitation failed", "err", err)
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"code": code})
}

// post wraps a POST handler: the cross-site guard, the body limit and
// JSON decoding. The handler answers in the request's language.
func (s *Server) post(h func(http.ResponseWriter, *http.Request, sendRequest, *locale.Printer)) http.HandlerFunc {
	tooBig := &problem{http.StatusRequestEntityTooLarge, "sandbox.err_too_big", []string{"max", "64 KiB"}}
	return func(w http.ResponseWriter, r *http.Request) {
		pr := s.printer(r, "")
		if prob := checkOrigin(r); prob != nil {
			s.log.Warn("sandbox: refused request", "path", r.URL.Path, "host", r.Host, "origin", r.Header.Get("Origin"), "err", prob.key)
			prob.write(w, pr)
			return
		}
		if r.ContentLength > maxBody {
			tooBig.write(w, pr)
			return
		}
		if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
			(&problem{http.StatusUnsupportedMediaType, "sandbox.err_content_type", nil}).write(w, pr)
			return
		}
		body := http.MaxBytesReader(w, r.Body, maxBody)
		var req sendRequest
		if err := json.NewDecoder(body).Decode(&req); err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				tooBig.write(w, pr)
				return
			}
			badRequest("sandbox.err_json", "message", err.Error()).write(w, pr)
			return
		}
		h(w, r, req, s.printer(r, req.Lang))
	}
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
