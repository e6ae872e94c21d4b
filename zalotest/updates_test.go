package zalotest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func poll(t *testing.T, s *Server, timeout int) envelope {
	t.Helper()
	return call(t, s, "getUpdates", map[string]any{"timeout": timeout})
}

func TestGetUpdatesOneAtATimeThen408(t *testing.T) {
	s := newTest(t)
	id1 := s.SendText(alice, "xin chào")
	id2 := s.SendImage(bob, "https://example.com/p.jpg")
	id3 := s.SendSticker(alice)
	id4 := s.SendUnsupported(bob)

	want := []struct{ id, event string }{
		{id1, EventTextReceived}, {id2, EventImageReceived},
		{id3, EventStickerReceived}, {id4, EventUnsupportedReceived},
	}
	for i, w := range want {
		e := poll(t, s, 1)
		mustOK(t, e)
		u := parseUpdate(t, e.Result)
		if u.EventName != w.event || u.Message.MessageID != w.id {
			t.Fatalf("update %d = %s %s, want %s %s", i, u.EventName, u.Message.MessageID, w.event, w.id)
		}
		if i == 0 {
			m := u.Message
			if m.Text != "xin chào" || m.From.ID != alice.ID || m.From.DisplayName != alice.Name ||
				m.From.IsBot == nil || *m.From.IsBot || m.Chat.ID != alice.ID || m.Chat.ChatType != "PRIVATE" {
				t.Fatalf("message %+v", m)
			}
			if d := time.Since(time.UnixMilli(m.Date)); d < 0 || d > time.Minute {
				t.Fatalf("date %d is not epoch milliseconds of now", m.Date)
			}
		}
		if i == 1 && u.Message.PhotoURL != "https://example.com/p.jpg" {
			t.Fatalf("image update %+v", u.Message)
		}
	}
	start := time.Now()
	e := poll(t, s, 1)
	mustFail(t, e, http.StatusRequestTimeout)
	if e.Description != "Request timeout" {
		t.Fatalf("description %q", e.Description)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("idle poll answered after %v, want about 1s", d)
	}
	if len(s.Rejections()) != 0 {
		t.Fatalf("idle poll recorded as rejection: %+v", s.Rejections())
	}
}

func TestGetUpdatesWakesOnMessage(t *testing.T) {
	s := newTest(t)
	go func() {
		time.Sleep(100 * time.Millisecond)
		s.SendText(alice, "late")
	}()
	start := time.Now()
	e := callGet(t, s, "getUpdates", url.Values{"timeout": {"5"}})
	mustOK(t, e)
	if u := parseUpdate(t, e.Result); u.Message.Text != "late" {
		t.Fatalf("update %+v", u)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatal("the poll did not wake on the message")
	}
}

func TestGetUpdatesMaxPoll(t *testing.T) {
	s := newTest(t)
	s.SetMaxPoll(100 * time.Millisecond)
	start := time.Now()
	mustFail(t, call(t, s, "getUpdates", nil), http.StatusRequestTimeout) // default 30 s, capped
	if time.Since(start) > 5*time.Second {
		t.Fatal("SetMaxPoll did not cap the default timeout")
	}
	mustFail(t, poll(t, s, -1), http.StatusBadRequest)
}

func TestGetUpdatesRefusedWithWebhook(t *testing.T) {
	s := newTest(t)
	rs, _ := receiver(t)
	setWebhookOK(t, s, rs.URL+"/zalo")
	mustFail(t, poll(t, s, 0), http.StatusBadRequest)
	if !hasRejection(s, "getUpdates", "webhook") {
		t.Fatalf("rejections %+v", s.Rejections())
	}
	e := call(t, s, "getWebhookInfo", nil)
	mustOK(t, e)
	var info struct {
		URL       string `json:"url"`
		UpdatedAt int64  `json:"updated_at"`
	}
	_ = json.Unmarshal(e.Result, &info)
	if info.URL != rs.URL+"/zalo" || info.UpdatedAt < 1e12 {
		t.Fatalf("webhook info %+v", info)
	}
	mustOK(t, call(t, s, "deleteWebhook", nil))
	s.SendText(alice, "after")
	mustOK(t, poll(t, s, 1))
}

func TestSetWebhookValidation(t *testing.T) {
	s := newTest(t)
	for _, tc := range []map[string]any{
		{"url": "http://example.com/hook", "secret_token": "s3cret-token"},
		{"url": "https://example.com/hook", "secret_token": "short"},
		{"url": "https://example.com/hook", "secret_token": strings.Repeat("x", MaxSecretLen+1)},
		{"url": "https://example.com/hook"},
		{"url": "", "secret_token": "s3cret-token"},
	} {
		mustFail(t, call(t, s, "setWebhook", tc), http.StatusBadRequest)
	}
	mustOK(t, call(t, s, "setWebhook", map[string]any{"url": "https://example.com/hook", "secret_token": strings.Repeat("x", MaxSecretLen)}))
	mustOK(t, call(t, s, "setWebhook", map[string]any{"url": "http://localhost:8080/hook", "secret_token": "12345678"}))
}

func TestWebhookWrappedDelivery(t *testing.T) {
	s := newTest(t)
	rs, ch := receiver(t)
	before := s.SendText(alice, "queued before the webhook")
	setWebhookOK(t, s, rs.URL)
	id := s.SendText(alice, "chào bot")
	for _, want := range []string{before, id} {
		r := receive(t, ch)
		if r.secret != "s3cret-token" {
			t.Fatalf("secret header %q", r.secret)
		}
		var body struct {
			OK     bool            `json:"ok"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil || !body.OK {
			t.Fatalf("body %s", r.body)
		}
		u := parseUpdate(t, body.Result)
		if u.Message.MessageID != want || u.EventName != EventTextReceived || u.Message.Chat.ID != alice.ID {
			t.Fatalf("update %+v, want message %s", u, want)
		}
	}
	if s.Pending() != 0 {
		t.Fatalf("%d updates still pending", s.Pending())
	}
}

func TestWebhookFlatDelivery(t *testing.T) {
	s := newTest(t)
	s.SetFlatDeliveries(true)
	rs, ch := receiver(t)
	setWebhookOK(t, s, rs.URL)
	id := s.SendText(bob, "flat")
	r := receive(t, ch)
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &probe); err != nil {
		t.Fatal(err)
	}
	if _, wrapped := probe["result"]; wrapped {
		t.Fatalf("flat body is wrapped: %s", r.body)
	}
	u := parseUpdate(t, r.body)
	if u.EventName != EventTextReceived || u.Message.MessageID != id || u.Message.Text != "flat" {
		t.Fatalf("update %+v", u)
	}
}

func TestWebhookRetriesSameMessageID(t *testing.T) {
	s := newTest(t)
	s.SetFlatDeliveries(true)
	rs, ch := receiver(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
	setWebhookOK(t, s, rs.URL)
	id := s.SendText(alice, "retry me")
	for i := range 3 {
		if u := parseUpdate(t, receive(t, ch).body); u.Message.MessageID != id {
			t.Fatalf("attempt %d carried %s, want %s", i+1, u.Message.MessageID, id)
		}
	}
	waitDeliveries(t, s, 3)
	d := s.Deliveries()
	if d[0].Status != 500 || d[1].Status != 503 || d[2].Status != 200 || d[2].Attempt != 3 || d[2].Dropped {
		t.Fatalf("deliveries %+v", d)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	s := newTest(t)
	s.SetWebhookRetries(1, time.Millisecond)
	rs, ch := receiver(t, 500, 500, 500)
	setWebhookOK(t, s, rs.URL)
	s.SendText(alice, "lost")
	receive(t, ch)
	receive(t, ch)
	waitDeliveries(t, s, 2)
	if d := s.Deliveries(); !d[1].Dropped {
		t.Fatalf("deliveries %+v", d)
	}
	select {
	case <-ch:
		t.Fatal("delivered after giving up")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestRedeliver(t *testing.T) {
	s := newTest(t)
	rs, ch := receiver(t)
	setWebhookOK(t, s, rs.URL)
	id := s.SendText(alice, "once")
	first := receive(t, ch)
	if !s.Redeliver(id) {
		t.Fatal("Redeliver: unknown id")
	}
	second := receive(t, ch)
	if string(first.body) != string(second.body) {
		t.Fatalf("redelivery differs:\n%s\n%s", first.body, second.body)
	}
	if s.Redeliver("nope") {
		t.Fatal("Redeliver accepted an unknown id")
	}

	// Without a webhook, the copy goes to getUpdates.
	mustOK(t, call(t, s, "deleteWebhook", nil))
	s.Redeliver(id)
	e := poll(t, s, 1)
	mustOK(t, e)
	if u := parseUpdate(t, e.Result); u.Message.MessageID != id {
		t.Fatalf("polled %+v", u)
	}
}

func TestDeliverWithSecret(t *testing.T) {
	s := newTest(t)
	id := s.SendText(alice, "hi")
	if st := s.DeliverWithSecret(id, "wrong"); st != 0 {
		t.Fatalf("status %d without a webhook", st)
	}
	rs := httptestBot(t, "s3cret-token")
	setWebhookOK(t, s, rs)
	if st := s.DeliverWithSecret(id, "wrong-secret"); st != http.StatusForbidden {
		t.Fatalf("wrong secret: status %d, want 403", st)
	}
	if st := s.DeliverWithSecret(id, "s3cret-token"); st != http.StatusOK {
		t.Fatalf("right secret: status %d, want 200", st)
	}
}

// httptestBot is a webhook receiver that checks the secret like a bot.
func httptestBot(t *testing.T, secret string) string {
	t.Helper()
	rs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(SecretHeader) != secret {
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(rs.Close)
	return rs.URL
}

func waitDeliveries(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Deliveries()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("deliveries %+v, want %d", s.Deliveries(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestWaitForAndSubscribe(t *testing.T) {
	s := newTest(t)
	events, stop := s.Subscribe()
	defer stop()
	s.SendText(alice, "hi")
	go func() {
		time.Sleep(50 * time.Millisecond)
		body := `{"chat_id":"` + alice.ID + `","text":"Đã nhận"}`
		if resp, err := http.Post(s.URL()+"/bot"+testToken+"/sendMessage", "application/json", strings.NewReader(body)); err == nil {
			resp.Body.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m, err := s.WaitFor(ctx, alice.ID, func(m Message) bool { return strings.HasPrefix(m.Text, "Đã") })
	if err != nil || m.Text != "Đã nhận" {
		t.Fatalf("WaitFor = %+v, %v", m, err)
	}
	select {
	case e := <-events:
		if e.Kind != EventSent || e.ChatID != alice.ID || e.Message.ID != m.ID {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("no event")
	}
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := s.WaitFor(short, alice.ID, func(Message) bool { return false }); err == nil {
		t.Fatal("WaitFor without a match returned no error")
	}
	s.Close()
	if _, ok := <-events; ok {
		t.Fatal("subscription open after Close")
	}
}
