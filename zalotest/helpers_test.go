package zalotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testToken = "1234567890:abcDEF"

var (
	alice = User{ID: "6789012345678901234", Name: "Nguyễn Thị An"}
	bob   = User{ID: "1111222233334444555", Name: "Trần Văn Bình"}
)

// envelope is the answer of every call.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

func newTest(t *testing.T) *Server {
	t.Helper()
	s := New(testToken)
	t.Cleanup(s.Close)
	return s
}

// decode reads an answer, requiring HTTP 200 whatever the outcome.
func decode(t *testing.T, resp *http.Response, err error) envelope {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP status %d, want 200", resp.StatusCode)
	}
	var e envelope
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatal(err)
	}
	return e
}

// call POSTs params as JSON to method.
func call(t *testing.T, s *Server, method string, params map[string]any) envelope {
	t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(s.URL()+"/bot"+testToken+"/"+method, "application/json", bytes.NewReader(body))
	return decode(t, resp, err)
}

func callForm(t *testing.T, s *Server, method string, v url.Values) envelope {
	t.Helper()
	resp, err := http.PostForm(s.URL()+"/bot"+testToken+"/"+method, v)
	return decode(t, resp, err)
}

func callGet(t *testing.T, s *Server, method string, v url.Values) envelope {
	t.Helper()
	resp, err := http.Get(s.URL() + "/bot" + testToken + "/" + method + "?" + v.Encode())
	return decode(t, resp, err)
}

func mustOK(t *testing.T, e envelope) {
	t.Helper()
	if !e.OK {
		t.Fatalf("ok=false: %d %s", e.ErrorCode, e.Description)
	}
}

func mustFail(t *testing.T, e envelope, code int) {
	t.Helper()
	if e.OK {
		t.Fatalf("ok=true (%s), want error %d", e.Result, code)
	}
	if e.ErrorCode != code {
		t.Fatalf("error_code %d (%s), want %d", e.ErrorCode, e.Description, code)
	}
	if e.Description == "" {
		t.Fatal("empty description")
	}
}

// received is one webhook POST as the receiver saw it.
type received struct {
	secret string
	body   []byte
}

// receiver is the bot's webhook endpoint: it answers the statuses in
// order (then 200) and reports every request.
func receiver(t *testing.T, statuses ...int) (*httptest.Server, chan received) {
	t.Helper()
	ch := make(chan received, 64)
	next := make(chan int, len(statuses))
	for _, st := range statuses {
		next <- st
	}
	rs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ch <- received{secret: r.Header.Get(SecretHeader), body: body}
		select {
		case st := <-next:
			w.WriteHeader(st)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(rs.Close)
	return rs, ch
}

func receive(t *testing.T, ch chan received) received {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook delivery")
		return received{}
	}
}

// update decodes the update of a webhook body, wrapped or flat.
type testUpdate struct {
	EventName string `json:"event_name"`
	Message   struct {
		MessageID string `json:"message_id"`
		Date      int64  `json:"date"`
		Text      string `json:"text"`
		PhotoURL  string `json:"photo_url"`
		From      struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
			IsBot       *bool  `json:"is_bot"`
		} `json:"from"`
		Chat struct {
			ID       string `json:"id"`
			ChatType string `json:"chat_type"`
		} `json:"chat"`
	} `json:"message"`
}

func parseUpdate(t *testing.T, raw []byte) testUpdate {
	t.Helper()
	var u testUpdate
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatal(err)
	}
	return u
}

func setWebhookOK(t *testing.T, s *Server, u string) {
	t.Helper()
	mustOK(t, call(t, s, "setWebhook", map[string]any{"url": u, "secret_token": "s3cret-token"}))
}

func hasRejection(s *Server, method, part string) bool {
	for _, r := range s.Rejections() {
		if r.Method == method && strings.Contains(r.Reason, part) {
			return true
		}
	}
	return false
}
