package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/telegramtest"
)

const testToken = "123456:SANDBOX-test"

var (
	an   = Person{UserID: 100001, Name: "Nguyễn Văn An", Phone: "0912345678", Unit: "kv1", UnitName: "Chi cục THADS khu vực 1", Role: "officer", Title: "Chấp hành viên"}
	binh = Person{UserID: 100002, Name: "Trần Thị Bình", Phone: "0987654321", Unit: "kv1", UnitName: "Chi cục THADS khu vực 1", Role: "leader", Title: "Chi cục trưởng"}
	minh = Person{UserID: 100003, Name: "Lê Minh", Phone: "0900000003", Unit: "dt", UnitName: "Cục THADS tỉnh Đồng Tháp", Role: "admin", Title: "Quản trị hệ thống"}
)

// rig is a fake Telegram, the sandbox in front of it, and the real
// Telegram client standing in for the bot.
type rig struct {
	tg     *telegramtest.Server
	sb     *Server
	web    *httptest.Server
	bot    *tgbotapi.BotAPI
	offset int

	mu      sync.Mutex
	actions []string
	actErr  error
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{tg: telegramtest.New(testToken)}
	t.Cleanup(r.tg.Close)
	r.sb = New(Options{
		TG:      r.tg,
		People:  []Person{an, binh, minh},
		Actions: []Action{{ID: "digest", Key: "sandbox.digest_now"}},
		OnAction: func(ctx context.Context, id string) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.actions = append(r.actions, id)
			return r.actErr
		},
	})
	r.web = httptest.NewServer(r.sb)
	t.Cleanup(r.web.Close)
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, r.tg.URL()+"/bot%s/%s", &http.Client{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("bot client: %v", err)
	}
	r.bot = bot
	return r
}

// post sends a JSON body from the sandbox's own origin.
func (r *rig) post(t *testing.T, path string, body any) (int, []byte) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, r.web.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", r.web.URL)
	return r.do(t, req)
}

func (r *rig) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, r.web.URL+path, nil)
	return r.do(t, req)
}

func (r *rig) do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	res, err := r.web.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// mustOK posts and fails the test unless the answer is 200.
func (r *rig) mustOK(t *testing.T, path string, body any) item {
	t.Helper()
	code, raw := r.post(t, path, body)
	if code != http.StatusOK {
		t.Fatalf("POST %s: %d %s", path, code, raw)
	}
	var it item
	_ = json.Unmarshal(raw, &it)
	return it
}

// updates is what the bot receives next (confirming earlier ones).
func (r *rig) updates(t *testing.T) []tgbotapi.Update {
	t.Helper()
	ups, err := r.bot.GetUpdates(tgbotapi.UpdateConfig{Offset: r.offset})
	if err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	if len(ups) > 0 {
		r.offset = ups[len(ups)-1].UpdateID + 1
	}
	return ups
}

// oneUpdate expects exactly one new update.
func (r *rig) oneUpdate(t *testing.T) tgbotapi.Update {
	t.Helper()
	ups := r.updates(t)
	if len(ups) != 1 {
		t.Fatalf("got %d updates, want 1: %+v", len(ups), ups)
	}
	return ups[0]
}

// reply sends an HTML message from the "bot".
func (r *rig) reply(t *testing.T, chatID int64, html string, markup any) tgbotapi.Message {
	t.Helper()
	msg := tgbotapi.NewMessage(chatID, html)
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = markup
	sent, err := r.bot.Send(msg)
	if err != nil {
		t.Fatalf("bot send: %v", err)
	}
	return sent
}

func (r *rig) chat(t *testing.T, userID int64) chatResponse {
	t.Helper()
	code, raw := r.get(t, "/api/chat?user="+itoa(userID))
	if code != http.StatusOK {
		t.Fatalf("chat: %d %s", code, raw)
	}
	var c chatResponse
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// stream is an open /api/events connection.
type stream struct {
	data     chan event
	comments chan string
	cancel   context.CancelFunc
}

func (r *rig) openEvents(t *testing.T, userID int64) *stream {
	t.Helper()
	return r.openEventsQuery(t, "user="+itoa(userID))
}

// openEventsQuery opens /api/events with a query such as
// "user=1&channel=zalo".
func (r *rig) openEventsQuery(t *testing.T, query string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.web.URL+"/api/events?"+query, nil)
	res, err := r.web.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatalf("events: %v", err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	s := &stream{data: make(chan event, 100), comments: make(chan string, 100), cancel: cancel}
	t.Cleanup(cancel)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "data: "):
				var e event
				if err := json.Unmarshal([]byte(line[6:]), &e); err == nil {
					s.data <- e
				}
			case strings.HasPrefix(line, ":"):
				select {
				case s.comments <- line:
				default:
				}
			}
		}
	}()
	// The handler registers before it writes its first comment.
	select {
	case <-s.comments:
	case <-time.After(5 * time.Second):
		t.Fatal("no first comment on the event stream")
	}
	return s
}

func (s *stream) next(t *testing.T) event {
	t.Helper()
	select {
	case e := <-s.data:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return event{}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// hiddenLength hides a body's length so that the server sees a chunked
// request and has to count while reading.
type hiddenLength struct{ io.Reader }
