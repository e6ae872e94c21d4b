package zalotest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestGetMe(t *testing.T) {
	s := newTest(t)
	e := call(t, s, "getMe", nil)
	mustOK(t, e)
	var me struct {
		ID          string `json:"id"`
		AccountName string `json:"account_name"`
		AccountType string `json:"account_type"`
	}
	if err := json.Unmarshal(e.Result, &me); err != nil {
		t.Fatal(err)
	}
	if me.ID != "1234567890" || me.AccountName != BotAccountName || me.AccountType == "" {
		t.Fatalf("getMe = %+v", me)
	}
	if s.Calls("getMe") != 1 {
		t.Fatalf("Calls(getMe) = %d", s.Calls("getMe"))
	}
}

// Errors come back with HTTP 200 and ok=false: the test helper decode
// fails on any other status.
func TestErrorsAre200WithEnvelope(t *testing.T) {
	s := newTest(t)
	mustFail(t, call(t, s, "sendmessage", map[string]any{"chat_id": "x", "text": "hi"}), http.StatusNotFound)
	mustFail(t, call(t, s, "noSuchMethod", nil), http.StatusNotFound)

	resp, err := http.Post(s.URL()+"/botWRONG:token/getMe", "application/json", strings.NewReader("{}"))
	e := decode(t, resp, err)
	mustFail(t, e, http.StatusUnauthorized)
	if e.Description != "Unauthorized" {
		t.Fatalf("description %q", e.Description)
	}
	rej := s.Rejections()
	if len(rej) != 3 || rej[0].Code != 404 || rej[2].Code != 401 {
		t.Fatalf("rejections %+v", rej)
	}
}

func TestCamelCaseErrors(t *testing.T) {
	s := newTest(t)
	s.SetCamelCaseErrors(true)
	resp, err := http.Post(s.URL()+"/bot"+testToken+"/nope", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m["errorCode"] != float64(404) || m["error_code"] != nil {
		t.Fatalf("answer %v", m)
	}
}

func TestFormAndQueryParams(t *testing.T) {
	s := newTest(t)
	s.AddUser(alice)
	mustOK(t, callForm(t, s, "sendMessage", url.Values{"chat_id": {alice.ID}, "text": {"form"}}))
	mustOK(t, callGet(t, s, "sendMessage", url.Values{"chat_id": {alice.ID}, "text": {"query"}}))
	msgs := s.Messages(alice.ID)
	if len(msgs) != 2 || msgs[0].Text != "form" || msgs[1].Text != "query" {
		t.Fatalf("messages %+v", msgs)
	}
	if msgs[0].ID == "" || msgs[0].ID == msgs[1].ID || msgs[0].Date.IsZero() {
		t.Fatalf("ids/dates %+v", msgs)
	}
}

func TestSendMessageResult(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hello")
	e := call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "chào", "parse_mode": "html"})
	mustOK(t, e)
	var r struct {
		MessageID string `json:"message_id"`
		Date      int64  `json:"date"`
	}
	if err := json.Unmarshal(e.Result, &r); err != nil {
		t.Fatal(err)
	}
	m := s.Messages(alice.ID)[0]
	if r.MessageID != m.ID || r.Date != m.Date.UnixMilli() || r.Date < 1e12 {
		t.Fatalf("result %+v, message %+v", r, m)
	}
	if m.ParseMode != "html" || m.Kind != KindText {
		t.Fatalf("message %+v", m)
	}
}

func TestSendMessageRuneLimit(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	text := strings.Repeat("ệ", MaxTextRunes) // 3 bytes each
	if len(text) <= MaxTextRunes {
		t.Fatal("test text must have more bytes than runes")
	}
	mustOK(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": text}))
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": text + "a"}), http.StatusBadRequest)
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": ""}), http.StatusBadRequest)
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "x", "parse_mode": "MarkdownV2"}), http.StatusBadRequest)
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": 42, "text": "x"}), http.StatusBadRequest)
	if n := len(s.Messages(alice.ID)); n != 1 {
		t.Fatalf("%d messages stored, want 1", n)
	}
	if !hasRejection(s, "sendMessage", "too long") {
		t.Fatalf("rejections %+v", s.Rejections())
	}
}

func TestUnknownChatIsForbidden(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": bob.ID, "text": "hello"}), http.StatusForbidden)
	mustFail(t, call(t, s, "sendChatAction", map[string]any{"chat_id": bob.ID, "action": "typing"}), http.StatusForbidden)
	mustOK(t, call(t, s, "sendChatAction", map[string]any{"chat_id": alice.ID, "action": "typing"}))
	if s.ChatActions(alice.ID) != 1 {
		t.Fatal("chat action not counted")
	}
	s.SendText(bob, "now I wrote")
	mustOK(t, call(t, s, "sendMessage", map[string]any{"chat_id": bob.ID, "text": "hello"}))
}

func TestButtonsAndUploadsRejected(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	markup := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Yes", "callback_data": "y"}}}}
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "ok?", "reply_markup": markup}), http.StatusBadRequest)
	if !hasRejection(s, "sendMessage", "no buttons") {
		t.Fatalf("reply_markup not recorded: %+v", s.Rejections())
	}
	mustFail(t, call(t, s, "sendDocument", map[string]any{"chat_id": alice.ID, "document": "https://example.com/a.pdf"}), http.StatusNotFound)
	mustFail(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "x", "disable_notification": true}), http.StatusBadRequest)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("chat_id", alice.ID)
	fw, _ := mw.CreateFormFile("photo", "a.png")
	_, _ = fw.Write(pngBytes(t))
	_ = mw.Close()
	resp, err := http.Post(s.URL()+"/bot"+testToken+"/sendPhoto", mw.FormDataContentType(), &buf)
	mustFail(t, decode(t, resp, err), http.StatusBadRequest)
	if !hasRejection(s, "sendPhoto", "upload") {
		t.Fatalf("upload not recorded: %+v", s.Rejections())
	}
	if len(s.Messages(alice.ID)) != 0 {
		t.Fatal("a refused message was stored")
	}
}

func TestFailNext(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	s.FailNext("sendMessage", http.StatusTooManyRequests, "")
	s.FailNext("", http.StatusInternalServerError, "boom")
	e := call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "1"})
	mustFail(t, e, http.StatusTooManyRequests)
	if strings.Contains(string(e.Result), "retry") || e.Description != "Quota exceeded" {
		t.Fatalf("429 answer %+v", e)
	}
	e = call(t, s, "getMe", nil)
	mustFail(t, e, http.StatusInternalServerError)
	if e.Description != "boom" {
		t.Fatalf("description %q", e.Description)
	}
	mustOK(t, call(t, s, "sendMessage", map[string]any{"chat_id": alice.ID, "text": "2"}))
	if s.Count429() != 1 || s.Calls("sendMessage") != 2 || s.Calls("") != 3 {
		t.Fatalf("count429 %d calls %d total %d", s.Count429(), s.Calls("sendMessage"), s.Calls(""))
	}
	if len(s.Rejections()) != 0 {
		t.Fatalf("injected faults recorded as rejections: %+v", s.Rejections())
	}
	if msgs := s.Messages(alice.ID); len(msgs) != 1 || msgs[0].Text != "2" {
		t.Fatalf("messages %+v", msgs)
	}
}

func TestNewServerOnListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(testToken, l)
	defer s.Close()
	if s.URL() != "http://"+l.Addr().String() {
		t.Fatalf("URL %q", s.URL())
	}
	mustOK(t, call(t, s, "getMe", nil))
}

func TestCloseEndsLongPoll(t *testing.T) {
	s := New(testToken)
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Post(s.URL()+"/bot"+testToken+"/getUpdates", "application/json", strings.NewReader(`{"timeout":30}`))
		if err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the long poll")
	}
}
