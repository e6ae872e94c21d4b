package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
	"github.com/fieldbot/fieldbot/zalotest"
)

const zaloToken = "7654321:zalo-e2e-token"

// zaloConfig adds an indicator, a target, a digest every minute and the
// Zalo channel in webhook mode to the test office.
const zaloConfig = `
[[indicators]]
id = "ty_le_viec"
label = "Tỷ lệ thi hành xong về việc"
numerator = "viec_xong"
denominator = "viec_co_dieu_kien"

[[targets]]
indicator = "ty_le_viec"
unit = "dongthap"
year = 2027
value = 83.9

[digest]
schedule = "* * * * *"

[zalo]
api_url = "%s"
mode = "webhook"
webhook_listen = "%s"
webhook_url = "http://%s/zalo/webhook"
webhook_secret = "e2e-webhook-secret"
public_url = "http://%s"
`

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// zaloSay sends text as u and waits for an answer containing want.
func zaloSay(t *testing.T, o *office, z *zalotest.Server, u zalotest.User, text, want string) string {
	t.Helper()
	before := len(z.Messages(u.ID))
	if text != "" {
		z.SendText(u, text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var got string
	_, err := z.WaitFor(ctx, u.ID, func(zalotest.Message) bool {
		var b strings.Builder
		for _, m := range z.Messages(u.ID)[before:] {
			b.WriteString(m.Text + "\n")
		}
		got = b.String()
		return strings.Contains(got, want)
	})
	if err != nil {
		t.Fatalf("Zalo: after %q waiting for %q; got %q\nlogs:\n%s", text, want, got, o.logs)
	}
	return got
}

// option finds the number of the listed option whose label contains label.
func option(t *testing.T, text, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+)\. .*` + regexp.QuoteMeta(label)).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no option %q in %q", label, text)
	}
	return m[1]
}

// TestZaloWebhookEndToEnd runs the real binary with Telegram and Zalo at
// once: a leader bound only on Zalo (code from the command line while the
// bot runs) invites an officer, who files and edits a report by typing on
// Zalo and sees the figure on Telegram; re-delivered and forged webhooks
// change nothing; the scheduled digest reaches the leader on Zalo with its
// chart fetched through public_url.
func TestZaloWebhookEndToEnd(t *testing.T) {
	o := newOffice(t)
	z := zalotest.New(zaloToken)
	t.Cleanup(z.Close)
	addr := freeAddr(t)
	cfg := fmt.Sprintf(testConfig, o.tg.URL()) + fmt.Sprintf(zaloConfig, z.URL(), addr, addr, addr)
	if err := os.WriteFile(o.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	o.startEnv(append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token, "FIELDBOT_ZALO_TOKEN="+zaloToken))
	zb, za := zalotest.User{ID: "z-bich", Name: "Bích"}, zalotest.User{ID: "z-an", Name: "An"}
	zaloSay(t, o, z, zb, "xin chào", "mã mời") // the webhook is up and answers

	// The leader's code comes from the command line while the bot holds the database.
	inv := exec.Command(binary(t), "invite", "-config", o.config, "-phone", "0987 654 321")
	inv.Env = o.cmd.Env
	out, err := inv.CombinedOutput()
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(string(out))
	if err != nil || code == "" {
		t.Fatalf("fieldbot invite: %v\n%s", err, out)
	}
	// The running bot recorded its Telegram name: the command prints the link.
	if link := "https://t.me/" + telegramtest.BotUsername + "?start=" + strings.ReplaceAll(code, "-", ""); !strings.Contains(string(out), link) {
		t.Errorf("fieldbot invite printed no %s:\n%s", link, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(zaloSay(t, o, z, zb, code, "\n"), "Trần Thị Bích") { // imported within seconds
		if time.Now().After(deadline) {
			t.Fatalf("the command-line code was never accepted\nlogs:\n%s", o.logs)
		}
		time.Sleep(2 * time.Second)
	}

	// The leader invites the officer on Zalo; he files by typing only.
	got := zaloSay(t, o, z, zb, "moi Nguyen Van An", "Mã mời cho Nguyễn Văn An")
	zaloSay(t, o, z, za, regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got), "Nguyễn Văn An")
	// He types everything: small numbers are answers, words navigate, a
	// note that begins like a command is the note, numbers pick only at
	// the summary.
	q := zaloSay(t, o, z, za, "bao cao", "Số việc có điều kiện")
	if !strings.Contains(q, "hủy") || regexp.MustCompile(`(?m)^\d+\. `).MatchString(q) || strings.Contains(q, "bấm") {
		t.Errorf("a count question on Zalo numbers its options or names no words: %q", q)
	}
	zaloSay(t, o, z, za, "3", "Số việc thi hành xong")
	zaloSay(t, o, z, za, "quay lại", "Đang ghi: 3")
	zaloSay(t, o, z, za, "3", "Số việc thi hành xong")
	zaloSay(t, o, z, za, "2", "Số tiền thi hành xong")
	zaloSay(t, o, z, za, "2 tỷ", "Ghi chú")
	summary := zaloSay(t, o, z, za, "bỏ qua", "2.000.000.000 đồng")
	if !strings.Contains(summary, "Ghi chú: (bỏ trống)") {
		t.Errorf("'bỏ qua' did not skip the note: %q", summary)
	}
	fields := zaloSay(t, o, z, za, option(t, summary, "Sửa"), "Chọn mục cần sửa")
	zaloSay(t, o, z, za, option(t, fields, "Ghi chú"), "Ghi chú")
	summary = zaloSay(t, o, z, za, "Tiến độ chậm do thiếu xe", "Xác nhận")
	if !strings.Contains(summary, "Ghi chú: Tiến độ chậm do thiếu xe") {
		t.Errorf("the note that begins like /tiendo was not kept: %q", summary)
	}
	zaloSay(t, o, z, za, option(t, summary, "Xác nhận"), "Đã lưu")

	// He corrects it: revision 2, the figure 1 typed as the answer.
	edit := zaloSay(t, o, z, za, "sua", "Xác nhận")
	if strings.Contains(edit, "<b>") {
		t.Errorf("HTML reached Zalo: %q", edit)
	}
	field := zaloSay(t, o, z, za, option(t, edit, "Sửa"), "Số việc thi hành xong")
	zaloSay(t, o, z, za, option(t, field, "Số việc thi hành xong"), "Đang ghi: 2")
	summary = zaloSay(t, o, z, za, "1", "Xác nhận")
	zaloSay(t, o, z, za, option(t, summary, "Xác nhận"), "Đã lưu")

	// Starting again (a third revision, or this week's report when the
	// one filed was last week's) and typing "hủy" leaves it alone.
	zaloSay(t, o, z, za, "bao cao", "Báo cáo tiến độ tuần")
	zaloSay(t, o, z, za, "hủy", "Đã hủy")

	// A re-delivered update and a forged one change nothing.
	id := z.SendText(za, "tiendo")
	zaloSay(t, o, z, za, "", "Tỷ lệ thi hành xong về việc")
	time.Sleep(1500 * time.Millisecond)
	n := len(z.Messages(za.ID))
	z.Redeliver(id)
	if status := z.DeliverWithSecret(id, "not-the-secret"); status != 403 {
		t.Errorf("a wrong secret got %d; want 403", status)
	}
	time.Sleep(2 * time.Second)
	if got := len(z.Messages(za.ID)); got != n {
		t.Errorf("a re-delivered update was answered again: %d messages, then %d", n, got)
	}

	// The same person on Telegram sees the figure filed on Zalo.
	anTG := telegramtest.User{ID: 1001, FirstName: "An", LanguageCode: "vi"}
	o.onboard(anTG, "0912345678")
	o.expect(anTG, "Nguyễn Văn An")
	o.tg.SendText(anTG, "/tiendo")
	o.expect(anTG, "33,33%") // 1 of 3

	// The scheduled digest (every minute here) reaches the leader on Zalo
	// with the chart fetched through public_url.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	photo, err := z.WaitFor(ctx, zb.ID, func(m zalotest.Message) bool { return m.Kind == zalotest.KindPhoto })
	if err != nil {
		t.Fatalf("no digest chart on Zalo: %v\nlogs:\n%s", err, o.logs)
	}
	img, err := png.Decode(bytes.NewReader(photo.Photo))
	if err != nil || img.Bounds().Dx() != 1280 || !strings.HasPrefix(photo.PhotoURL, "http://"+addr+"/files/") {
		t.Fatalf("digest photo %q: %v, %v", photo.PhotoURL, err, img)
	}
	if _, err := z.WaitFor(ctx, zb.ID, func(m zalotest.Message) bool { return strings.Contains(m.Text, "Bản tổng hợp") }); err != nil {
		t.Fatalf("no digest text after the chart: %v", err)
	}
	if rej := z.Rejections(); len(rej) != 0 {
		t.Errorf("Zalo would have refused: %+v", rej)
	}
	o.stop(syscall.SIGTERM) // the logs are read only once the process has written its last
	o.noRejections()
	rows := o.export()
	if len(rows) != 2 || strings.Join(rows[1][5:], "|") != "2|"+rows[1][6]+"|3|1|2000000000|Tiến độ chậm do thiếu xe|0912345678|zalo:z-an" {
		t.Errorf("export after typing on Zalo = %q; want revision 2 with 3, 1, 2 tỷ and the note", rows)
	}
	if strings.Contains(o.logs.String(), zaloToken) {
		t.Error("the Zalo token appears in the logs")
	}
	if _, err := os.Stat(filepath.Join(o.dir, "data", "invites")); err == nil {
		entries, _ := os.ReadDir(filepath.Join(o.dir, "data", "invites"))
		if len(entries) != 0 {
			t.Errorf("invitation files left behind: %d", len(entries))
		}
	}
}
