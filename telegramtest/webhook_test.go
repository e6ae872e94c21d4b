package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// receiver is a webhook endpoint that records what it is posted and
// answers the statuses it is given, then 200.
type receiver struct {
	mu     sync.Mutex
	got    []posted
	status []int
	ch     chan posted
}

type posted struct {
	UpdateID int
	Secret   string
	HasText  bool
}

func newReceiver(t *testing.T, status ...int) (*receiver, string) {
	t.Helper()
	r := &receiver{status: status, ch: make(chan posted, 100)}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var u struct {
			UpdateID int `json:"update_id"`
			Message  *struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &u) != nil {
			t.Errorf("webhook got %s %q %q", req.Method, req.Header.Get("Content-Type"), body)
		}
		p := posted{UpdateID: u.UpdateID, Secret: req.Header.Get(SecretHeader), HasText: u.Message != nil && u.Message.Text != ""}
		r.mu.Lock()
		r.got = append(r.got, p)
		code := http.StatusOK
		if len(r.status) > 0 {
			code, r.status = r.status[0], r.status[1:]
		}
		r.mu.Unlock()
		r.ch <- p
		w.WriteHeader(code)
	}))
	t.Cleanup(ts.Close)
	return r, ts.URL + "/telegram/webhook"
}

func (r *receiver) next(t *testing.T) posted {
	t.Helper()
	select {
	case p := <-r.ch:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook delivery")
		return posted{}
	}
}

// setHook sets a webhook the way the v5 client must for a secret:
// MakeRequest with params, as its WebhookConfig has no secret_token.
func setHook(t *testing.T, bot *tgbotapi.BotAPI, url, secret string) error {
	t.Helper()
	p := tgbotapi.Params{"url": url}
	p.AddNonEmpty("secret_token", secret)
	if err := p.AddInterface("allowed_updates", []string{"message", "callback_query"}); err != nil {
		t.Fatal(err)
	}
	_, err := bot.MakeRequest("setWebhook", p)
	return err
}

func TestWebhookDeliversRetriesAndRedelivers(t *testing.T) {
	srv, bot := newBot(t)
	srv.SetWebhookRetries(3, time.Millisecond)
	rcv, url := newReceiver(t, http.StatusInternalServerError)
	if err := setHook(t, bot, url, "s3cret_-"); err != nil {
		t.Fatal(err)
	}
	if wh := srv.WebhookSet(); wh.URL != url || wh.Secret != "s3cret_-" || len(wh.AllowedUpdates) != 2 {
		t.Fatalf("WebhookSet() = %+v", wh)
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); apiErr(t, err).Code != http.StatusConflict {
		t.Fatalf("getUpdates while a webhook is set = %v; want 409", err)
	}
	id := srv.SendText(alice, "xin chào")
	first, retry := rcv.next(t), rcv.next(t)
	if first.UpdateID != id || retry.UpdateID != id || first.Secret != "s3cret_-" || !first.HasText {
		t.Fatalf("deliveries %+v, %+v; want update %d twice with the secret", first, retry, id)
	}
	waitFor(t, "the delivery confirmed", func() bool { return srv.PendingUpdates() == 0 })
	d := srv.Deliveries()
	if len(d) != 2 || d[0].Status != 500 || d[0].Attempt != 1 || d[1].Status != 200 || d[1].Attempt != 2 {
		t.Errorf("Deliveries() = %+v; want 500 then 200", d)
	}
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != url || info.PendingUpdateCount != 0 || info.LastErrorDate == 0 {
		t.Errorf("getWebhookInfo = %+v, %v", info, err)
	}

	if !srv.Redeliver(id) {
		t.Fatal("Redeliver failed")
	}
	if p := rcv.next(t); p.UpdateID != id {
		t.Errorf("redelivered %d; want %d", p.UpdateID, id)
	}
	if status := srv.DeliverWithSecret(id, "wrong"); status != http.StatusOK {
		t.Errorf("DeliverWithSecret = %d", status)
	}
	if p := rcv.next(t); p.UpdateID != id || p.Secret != "wrong" {
		t.Errorf("DeliverWithSecret posted %+v", p)
	}
	waitFor(t, "the re-delivery recorded", func() bool { return len(srv.Deliveries()) >= 3 })
	time.Sleep(20 * time.Millisecond)
	if n := len(srv.Deliveries()); n != 3 {
		t.Errorf("%d deliveries by the loop; want 3 (DeliverWithSecret is not one)", n)
	}
	noRejections(t, srv)
}

func TestWebhookGivesUpAndStaysPendingWhileUnreachable(t *testing.T) {
	srv, bot := newBot(t)
	srv.SetWebhookRetries(1, time.Millisecond)
	rcv, url := newReceiver(t, 502, 502)
	if err := setHook(t, bot, url, ""); err != nil {
		t.Fatal(err)
	}
	srv.SendText(alice, "một")
	if p := rcv.next(t); p.Secret != "" {
		t.Errorf("a secret header without a secret_token: %q", p.Secret)
	}
	rcv.next(t)
	waitFor(t, "the update given up", func() bool { return srv.PendingUpdates() == 0 })
	if d := srv.Deliveries(); len(d) != 2 || !d[1].Dropped {
		t.Errorf("Deliveries() = %+v; want the second attempt dropped", d)
	}
	// A webhook Telegram cannot reach keeps its updates pending; deleting
	// it hands them to getUpdates.
	if err := setHook(t, bot, "https://example.com/hook", ""); err != nil {
		t.Fatal(err)
	}
	srv.SendText(alice, "hai")
	time.Sleep(20 * time.Millisecond)
	if n := srv.PendingUpdates(); n != 1 {
		t.Fatalf("%d pending; want 1", n)
	}
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	if ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil || len(ups) != 1 || ups[0].Message.Text != "hai" {
		t.Fatalf("getUpdates after deleteWebhook = %+v, %v", ups, err)
	}
}

func TestSetWebhookRules(t *testing.T) {
	srv, bot := newBot(t)
	for _, tt := range []struct{ url, secret, want string }{
		{"http://example.com/hook", "", "HTTPS URL must be provided"},
		{"https://example.com:8080/hook", "", "ports 80, 88, 443 or 8443"},
		{"https://example.com/hook", "mật khẩu", "unallowed characters"},
	} {
		wantRejected(t, setHook(t, bot, tt.url, tt.secret), tt.want)
	}
	if len(srv.Rejections()) != 3 {
		t.Errorf("rejections = %+v", srv.Rejections())
	}
	if err := setHook(t, bot, "https://example.com:8443/hook", "A-z_0"); err != nil {
		t.Errorf("a good webhook: %v", err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
