package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
)

const tgSecret = "e2e-telegram_webhook-secret"

// withTelegram writes the office's config with more keys in its
// [telegram] table and the given api_url.
func (o *office) withTelegram(apiURL, keys string) {
	o.t.Helper()
	cfg := strings.Replace(fmt.Sprintf(testConfig, apiURL), "[telegram]\n", "[telegram]\n"+keys+"\n", 1)
	if err := os.WriteFile(o.config, []byte(cfg), 0o600); err != nil {
		o.t.Fatal(err)
	}
}

// report files An's weekly report by buttons and typing, and returns the
// update id of the press that confirms it.
func (o *office) report() int {
	o.t.Helper()
	o.tg.SendText(an, "/baocao")
	o.expect(an, "Số việc có điều kiện thi hành")
	o.tg.SendText(an, "120")
	o.expect(an, "Số việc thi hành xong")
	o.tg.SendText(an, "90")
	o.expect(an, "Số tiền thi hành xong")
	o.tg.SendText(an, "2 tỷ")
	m := o.expect(an, "Ghi chú")
	o.press(an, m, "Bỏ qua")
	summary := o.expect(an, "2.000.000.000 đồng")
	confirm := o.press(an, summary, "Xác nhận")
	o.expect(an, "Đã lưu")
	return confirm
}

// TestTelegramWebhookEndToEnd runs the real binary with Telegram in webhook
// mode: it registers its webhook with the secret, takes onboarding and a
// report by deliveries only (never polling), refuses a wrong secret with
// 403 and changes nothing, acts once on a re-delivered update, and the
// export shows the report.
func TestTelegramWebhookEndToEnd(t *testing.T) {
	o := newOffice(t)
	addr := freeAddr(t)
	hook := "http://" + addr + "/telegram/webhook"
	o.withTelegram(o.tg.URL(), fmt.Sprintf("mode = \"webhook\"\nwebhook_listen = %q\nwebhook_url = %q\nwebhook_secret = %q", addr, hook, tgSecret))
	o.start()

	o.onboard(an, "0912345678")
	o.expect(an, "Nguyễn Văn An")
	if wh := o.tg.WebhookSet(); wh.URL != hook || wh.Secret != tgSecret || wh.DropPending {
		t.Errorf("setWebhook = %+v", wh)
	}
	confirm := o.report()

	// A re-delivered press and a wrong secret change nothing.
	before := len(o.tg.Messages(an.ID))
	if !o.tg.Redeliver(confirm) {
		t.Fatal("Redeliver failed")
	}
	if status := o.tg.DeliverWithSecret(confirm, "not-the-secret"); status != http.StatusForbidden {
		t.Errorf("a wrong secret got %d; want 403", status)
	}
	forged := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":9999,"date":%d,"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"An"},"text":"/baocao","entities":[{"type":"bot_command","offset":0,"length":7}]}}`,
		confirm+500, time.Now().Unix(), an.ID, an.ID)
	for _, secret := range []string{"", "not-the-secret"} {
		req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(forged))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set(telegramtest.SecretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a forged /baocao with secret %q got %d; want 403", secret, resp.StatusCode)
		}
	}
	o.eventually("the re-delivery answered 200", func() bool {
		d := o.tg.Deliveries()
		return d[len(d)-1].UpdateID == confirm && d[len(d)-1].Status == http.StatusOK
	})
	o.tg.SendText(an, "/trogiup") // a marker: its answer comes after the re-delivery was handled
	o.expect(an, "/baocao")
	if after := len(o.tg.Messages(an.ID)); after != before+1 {
		t.Errorf("the re-delivered press or the forged /baocao produced %d messages", after-before-1)
	}
	if n := o.tg.Calls("getUpdates"); n != 0 {
		t.Errorf("getUpdates called %d times in webhook mode", n)
	}
	o.stop(syscall.SIGTERM)
	o.noRejections()
	rows := o.export()
	if len(rows) != 2 || rows[1][5] != "1" || rows[1][7] != "120" || rows[1][8] != "90" || rows[1][9] != "2000000000" {
		t.Errorf("export = %q; want one report, revision 1", rows)
	}
}

// TestTelegramThroughTheEnvironmentsProxy: with HTTPS_PROXY set (and no
// [telegram] proxy), every Bot API call is tunnelled through the proxy
// with CONNECT. The API's name is one the proxy alone can reach, so the
// bot answering at all proves it went through.
func TestTelegramThroughTheEnvironmentsProxy(t *testing.T) {
	o := newOffice(t)
	o.tg.Close()
	o.tg = telegramtest.NewTLS(token)
	t.Cleanup(o.tg.Close)
	proxy := telegramtest.NewProxy()
	t.Cleanup(proxy.Close)
	proxy.Route("example.com:443", strings.TrimPrefix(o.tg.URL(), "https://"))
	cert := filepath.Join(o.dir, "telegram.pem")
	if err := os.WriteFile(cert, o.tg.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	o.withTelegram("https://example.com", "")
	o.startEnv(append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(strings.ToUpper(kv), "=")
		return k == "NO_PROXY" || k == "HTTPS_PROXY" || k == "HTTP_PROXY" || k == "SSL_CERT_FILE" || k == "SSL_CERT_DIR"
	}), "FIELDBOT_TELEGRAM_TOKEN="+token, "HTTPS_PROXY="+proxy.URL().String(), "SSL_CERT_FILE="+cert))

	o.onboard(an, "0912345678")
	o.expect(an, "Nguyễn Văn An")
	if seen := proxy.Seen(); len(seen) == 0 || !slices.Contains(seen, "CONNECT example.com:443") {
		t.Errorf("the proxy saw %v; want CONNECT example.com:443", seen)
	}
	o.stop(syscall.SIGTERM)
	o.noRejections()
}
