package bot_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

const hookSecret = "s3cret_webhook-0123456789"

// serveWebhook claims a port for the bot's webhook now (deliveries wait in
// its backlog until the bot serves them) and returns its URL and a
// function that serves the last bot started.
func serveWebhook(t *testing.T, o *office) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: time.Second}
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/telegram/webhook", func() {
		mux := http.NewServeMux()
		mux.Handle("POST /telegram/webhook", o.bot.Webhook())
		srv.Handler = mux
		go srv.Serve(ln)
	}
}

// stored reports whether the inbox has ever seen update id (pending or
// handled), by offering it again: the inbox takes only ids it has not seen.
func stored(t *testing.T, db *store.DB, id int64) bool {
	t.Helper()
	added, err := db.InboxPut(context.Background(), []store.InboxItem{{Channel: bot.Channel, ID: id, Chat: "0", Raw: []byte("{}")}})
	if err != nil {
		t.Fatal(err)
	}
	return len(added) == 0
}

// TestWebhookMode: the bot registers its webhook with the secret and the
// update kinds it acts on, never polls, acts on each delivered update
// once however often Telegram posts it, and refuses a wrong secret with
// 403 without storing or doing anything.
func TestWebhookMode(t *testing.T) {
	o := newOffice(t)
	o.tg.SetWebhookRetries(3, 10*time.Millisecond)
	url, serve := serveWebhook(t, o)
	o.start([]fieldbot.Person{officerAn}, time.Hour, func(opt *bot.Options) {
		opt.WebhookURL, opt.WebhookSecret = url, hookSecret
	})
	serve()
	o.eventually("the webhook set", func() bool { return o.tg.WebhookSet().URL == url })
	if wh := o.tg.WebhookSet(); wh.Secret != hookSecret || !slices.Equal(wh.AllowedUpdates, []string{"message", "callback_query"}) || wh.DropPending {
		t.Errorf("setWebhook got %+v", wh)
	}

	o.say(tgAn, "/start", "chia sẻ số điện thoại")
	o.say(tgAn, officerAn.Phone, "Nguyễn Văn An")
	sent := len(o.tg.Messages(tgAn.ID))

	// A re-delivered update is answered 200 and acted on once.
	last := o.tg.Deliveries()[len(o.tg.Deliveries())-1].UpdateID
	if !o.tg.Redeliver(last) {
		t.Fatal("Redeliver failed")
	}
	o.eventually("the re-delivery answered", func() bool {
		d := o.tg.Deliveries()
		return d[len(d)-1].UpdateID == last && d[len(d)-1].Status == http.StatusOK && len(d) >= 3
	})
	// A wrong or missing secret: 403, and the update is not stored.
	fresh := int64(last + 1000)
	body := []byte(`{"update_id":` + strconv.FormatInt(fresh, 10) + `,"message":{"message_id":99,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"An"},"text":"/start"}}`)
	for _, secret := range []string{"wrong", "", hookSecret + "x"} {
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if secret != "" {
			req.Header.Set(bot.SecretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("secret %q: status %d; want 403", secret, resp.StatusCode)
		}
	}
	if status := o.tg.DeliverWithSecret(last, "wrong"); status != http.StatusForbidden {
		t.Errorf("DeliverWithSecret(wrong) = %d; want 403", status)
	}
	// Not an update: 400.
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("{not json"))
	req.Header.Set(bot.SecretHeader, hookSecret)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a body that is not an update: %v, %v; want 400", resp, err)
	}
	time.Sleep(200 * time.Millisecond) // what a second reply would need
	if got := len(o.tg.Messages(tgAn.ID)); got != sent {
		t.Errorf("%d messages after the re-delivery and the refused posts; want %d", got, sent)
	}
	if !stored(t, o.db, int64(last)) {
		t.Fatal("stored() does not see a delivered update")
	}
	if stored(t, o.db, fresh) {
		t.Error("an update with a wrong secret was stored")
	}
	if n := o.tg.Calls("getUpdates"); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}
	o.say(tgAn, "/trogiup", "/baocao")
	for _, r := range o.tg.Rejections() {
		t.Errorf("Telegram would have refused %s: %s", r.Method, r.Reason)
	}
}

// TestPollingRemovesALeftoverWebhook: started in polling mode after a
// webhook was set, the bot removes it (or Telegram would answer every poll
// with 409), says so, and keeps the updates waiting meanwhile.
func TestPollingRemovesALeftoverWebhook(t *testing.T) {
	o := newOffice(t)
	url, _ := serveWebhook(t, o) // never served
	stop := o.start([]fieldbot.Person{officerAn}, time.Hour, func(opt *bot.Options) {
		opt.WebhookURL, opt.WebhookSecret = url, hookSecret
	})
	o.eventually("the webhook set", func() bool { return o.tg.WebhookSet().URL == url })
	stop()
	o.start([]fieldbot.Person{officerAn}, time.Hour)
	o.say(tgAn, "/start", "chia sẻ số điện thoại")
	if o.tg.WebhookSet().URL != "" {
		t.Error("the webhook is still set")
	}
	if !strings.Contains(o.logs.String(), "removing it so that polling works") {
		t.Errorf("the removal is not logged:\n%s", o.logs)
	}
}

// TestProxy: with a proxy configured, every Bot API call goes through it,
// and the token stays out of the log.
func TestProxy(t *testing.T) {
	o := newOffice(t)
	proxy := telegramtest.NewProxy()
	defer proxy.Close()
	o.start([]fieldbot.Person{officerAn}, time.Hour, func(opt *bot.Options) { opt.Proxy = http.ProxyURL(proxy.URL()) })
	o.say(tgAn, "/start", "chia sẻ số điện thoại")
	seen := proxy.Seen()
	for _, want := range []string{"POST getMe", "POST deleteWebhook", "POST getUpdates", "POST sendMessage"} {
		if !slices.Contains(seen, want) {
			t.Errorf("the proxy did not see %q; it saw %v", want, seen)
		}
	}
	if strings.Contains(o.logs.String(), token) {
		t.Error("the token is in the log")
	}
}
