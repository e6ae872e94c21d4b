//go:build browser

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
)

// TestBrowserSandbox drives the sandbox page in headless Chromium the way a
// trainer would: onboard an officer, file a whole report with the buttons,
// switch to the unit's leader and ask for status. Run it with
// `go test -tags browser ./cmd/fieldbot` (needs /usr/bin/chromium).
func TestBrowserSandbox(t *testing.T) {
	dir := t.TempDir()
	cfgText, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(cfgText), `listen = "127.0.0.1:8080"`, `listen = "127.0.0.1:0"`, 1)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600)
	roster, _ := os.ReadFile("../../roster.example.csv")
	os.WriteFile(filepath.Join(dir, "roster.example.csv"), roster, 0o600)

	page, people := startSandboxProcess(t, filepath.Join(dir, "config.toml"))
	statusMarker := statusMarker(t)
	idOf := func(name string) string {
		for _, p := range people {
			if p.Name == name {
				return fmt.Sprint(p.UserID)
			}
		}
		t.Fatalf("%s is not in the sandbox", name)
		return ""
	}

	artifacts := os.Getenv("FIELDBOT_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	os.MkdirAll(artifacts, 0o755)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTimeout()

	// The trainer's laptop is in New York; the office is in Ho Chi Minh City.
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/New_York"}); err != nil {
		t.Fatalf("browser time zone: %v", err)
	}
	b := &browser{t: t, ctx: ctx, artifacts: artifacts}
	b.run(chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`[data-testid="people"]`)))
	if tz := eval[string](b, `Intl.DateTimeFormat().resolvedOptions().timeZone`); tz != "America/New_York" {
		t.Fatalf("the browser's time zone is %s", tz)
	}

	// An officer of khu vực 1 joins and files a whole report. First the
	// trainer looks at the page in English, which it remembers, and back.
	b.pick(idOf("Nguyễn Văn An"))
	b.checkLanguages()
	b.click(`[data-testid="start"]`)
	b.waitBot("chia sẻ số điện thoại")
	b.click(`[data-testid="share-contact"]`)
	b.waitBot("Xin chào Nguyễn Văn An")
	b.send("/baocao")
	b.waitBot("Số việc có điều kiện thi hành")
	b.answer("450", "Số việc thi hành xong")
	b.answer("120", "Số việc đình chỉ")
	b.answer("9", "Số tiền có điều kiện")
	b.answer("300 tỷ", "Số tiền thi hành xong")
	b.answer("90 tỷ", "Số tiền đình chỉ")
	b.answer("2,5 tỷ", "Số lượt tiếp công dân")
	b.press("Bỏ qua")
	b.waitBot("Ghi chú")
	b.press("Bỏ qua")
	b.waitBot("300.000.000.000 đồng")
	b.shot("sandbox-summary.png")
	b.press("Xác nhận")
	b.waitBot("Đã lưu báo cáo")
	b.shot("sandbox-saved.png")
	b.checkOfficeTime()

	// The unit's leader asks where the unit stands.
	b.pick(idOf("Trần Thị Bích"))
	b.click(`[data-testid="start"]`)
	b.waitBot("chia sẻ số điện thoại")
	b.click(`[data-testid="share-contact"]`)
	b.waitBot("Xin chào Trần Thị Bích")
	b.send("/tiendo")
	b.waitBot(statusMarker)
	b.shot("sandbox-status.png")

	// The page's control sends the digest now; the leader gets the chart
	// of khu vực 1's officers and the digest text.
	b.click(`[data-testid="action-digest"]`)
	b.waitBot("Bản tổng hợp")
	poll(b, `(() => { const img = [...document.querySelectorAll('[data-testid="photo"]')].pop(); return !!img && img.complete && img.naturalWidth > 0 })()`)
	if w := eval[int](b, `[...document.querySelectorAll('[data-testid="photo"]')].pop().naturalWidth`); w < 600 {
		b.t.Errorf("digest chart is %d px wide", w)
	}
	b.waitBot("Nguyễn Văn An")
	eval[bool](b, `(() => { [...document.querySelectorAll('[data-testid="photo"]')].pop().scrollIntoView(); return true })()`)
	b.shot("sandbox-digest.png")

	// The same leader on Zalo: no phone to share, so she joins with a
	// code the page gets as `fieldbot invite` would, types commands
	// without the slash, and gets the digest there too, its chart fetched
	// by the fake Zalo through public_url.
	b.click(`[data-testid="channel-zalo"]`)
	poll(b, `document.getElementById('app').classList.contains('zalo') && location.hash.includes('ch=zalo')`)
	b.click(`[data-testid="start"]`)
	b.waitBot("mã mời")
	b.run(chromedp.Click(chromedp.CSS(`[data-testid="invite"]`)))
	poll(b, `/^[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(document.querySelector('[data-testid="input"]').value)`)
	b.click(`[data-testid="send"]`)
	b.waitBot("Xin chào Trần Thị Bích")
	b.send("tien do")
	b.waitBot(statusMarker)
	if n := eval[int](b, `document.querySelectorAll('[data-testid="btn"], [data-testid="share-contact"]').length`); n != 0 {
		t.Errorf("the Zalo chat shows %d buttons; Zalo has none", n)
	}
	b.mark()
	b.run(chromedp.Click(chromedp.CSS(`[data-testid="action-digest"]`)))
	b.waitBot("Bản tổng hợp")
	poll(b, `(() => { const img = [...document.querySelectorAll('[data-testid="photo"]')].pop(); return !!img && img.complete && img.naturalWidth >= 600 })()`)
	b.shot("sandbox-zalo.png")

	// Back on Telegram, her chat there is as she left it.
	b.click(`[data-testid="channel-telegram"]`)
	poll(b, fmt.Sprintf(`!document.getElementById('app').classList.contains('zalo') && [...document.querySelectorAll('[data-testid="bot-msg"]')].some(m => m.innerText.includes(%q))`, statusMarker))
}

// chromeText is JavaScript for every text of the page's own controls:
// their text and their placeholder, title, aria-label and alt, hidden ones
// too, leaving out what is not the page's (the people, the chat, the bot's
// keyboard, toasts).
const chromeText = `(() => {
	const skip = '#people, #who-name, #who-sub, #messages, #reply-kb, #toast, noscript, script, style';
	const out = [];
	for (const e of document.querySelectorAll('body *')) {
		if (e.closest(skip)) continue;
		for (const n of e.childNodes) if (n.nodeType === 3 && n.textContent.trim()) out.push(n.textContent.trim());
		for (const a of ['placeholder', 'title', 'aria-label', 'alt']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
	}
	return out.join(' | ');
})()`

// checkLanguages switches the page to English: every control of the page
// speaks English, the "/" menu lists the officer's English commands, and
// the choice survives a reload; then back to Vietnamese.
func (b *browser) checkLanguages() {
	b.t.Helper()
	b.run(chromedp.Click(chromedp.CSS(`[data-testid="lang-en"]`)))
	poll(b, `document.querySelector('[data-testid="send"]').innerText === 'Send' && document.querySelector('[data-testid="input"]').placeholder === 'Type a message…' && document.documentElement.lang === 'en' && document.title.endsWith('– Fieldbot sandbox')`)
	if text := eval[string](b, chromeText); strings.ContainsFunc(text, func(r rune) bool { return r > unicode.MaxASCII && unicode.Is(unicode.Latin, r) }) {
		b.t.Errorf("the English page still shows Vietnamese: %s", text)
	}
	b.run(chromedp.Click(chromedp.CSS(`[data-testid="commands"]`)))
	poll(b, `!!document.querySelector('[data-testid="cmd-report"]') && !document.querySelector('[data-testid="cmd-baocao"]') && !document.querySelector('[data-testid="cmd-invite"]')`)
	b.shot("sandbox-english.png")
	b.run(chromedp.Reload())
	poll(b, `document.querySelector('[data-testid="send"]')?.innerText === 'Send' && document.querySelector('[data-testid="start"]')?.innerText === 'Start'`)
	b.run(chromedp.Click(chromedp.CSS(`[data-testid="lang-vi"]`)))
	poll(b, `document.querySelector('[data-testid="send"]').innerText === 'Gửi' && document.querySelector('[data-testid="input"]').placeholder === 'Nhập tin nhắn…' && document.querySelector('[data-testid="start"]').innerText === 'Bắt đầu' && document.documentElement.lang === 'vi'`)
}

// checkOfficeTime checks that the newest bot message shows the time it was
// sent in the office's zone, Asia/Ho_Chi_Minh, not the browser's.
func (b *browser) checkOfficeTime() {
	b.t.Helper()
	office, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		b.t.Fatal(err)
	}
	type shown struct {
		T     string `json:"t"`     // when it was sent, Unix microseconds
		Shown string `json:"shown"` // the time under it
		Title string `json:"title"` // and on hover
	}
	last := eval[shown](b, `(() => { const m = [...document.querySelectorAll('[data-testid="bot-msg"]')].pop(); const t = m.querySelector('[data-testid="msg-time"]'); return { t: m.dataset.t, shown: t.innerText, title: t.title } })()`)
	micros, err := strconv.ParseInt(last.T, 10, 64)
	if err != nil {
		b.t.Fatalf("message time %q: %v", last.T, err)
	}
	at := time.UnixMicro(micros)
	want, browser := at.In(office).Format("15:04"), at.In(mustZone(b.t, "America/New_York")).Format("15:04")
	if !strings.HasPrefix(last.Shown, want) || strings.Contains(last.Shown, browser) {
		b.t.Errorf("the message sent at %v shows %q; want the office's %s, not the browser's %s", at.In(office), last.Shown, want, browser)
	}
	if wantTitle := at.In(office).Format("02/01/2006 15:04") + " (Asia/Ho_Chi_Minh)"; last.Title != wantTitle {
		b.t.Errorf("its title is %q, want %q", last.Title, wantTitle)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// statusMarker is what the leader's /tiendo answer must contain: the period
// in question, named, and from Thursday to Sunday (the example's
// close_after is 72h) how many have reported it — only An, just now. From
// Monday to Wednesday the period in question is last week, filled by the
// demo data, and An's report goes to this week or last week depending on
// the demo (docs/input.md, "Kỳ báo cáo").
func statusMarker(t *testing.T) string {
	t.Helper()
	cfg, err := config.Load("../../config.example.toml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	form, _ := cfg.Form("weekly")
	now := time.Now()
	p := cfg.Calendar.InQuestion(form, now)
	marker := "Kỳ báo cáo: " + present.PeriodLabel(locale.New(locale.VI), p)
	if now.Before(p.End) {
		marker += "\nĐã báo cáo kỳ này: 1/3 cán bộ"
	}
	return marker
}

type browser struct {
	t         *testing.T
	ctx       context.Context
	artifacts string
	seen      int // bot messages on the page before the last action
}

// mark remembers how many bot messages there are, so waits look only at
// what the next action brings.
func (b *browser) mark() {
	b.seen = eval[int](b, `document.querySelectorAll('[data-testid="bot-msg"]').length`)
}

// since is JavaScript for the text of the bot messages after the mark.
func (b *browser) since() string {
	return fmt.Sprintf(`[...document.querySelectorAll('[data-testid="bot-msg"]')].slice(%d).map(m => m.innerText).join("\n")`, b.seen)
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()

	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.shot("failure.png")
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browser) pick(userID string) {
	b.t.Helper()
	sel := fmt.Sprintf(`[data-testid="person-%s"]`, userID)
	visible := eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null })()`, sel))
	if !visible {
		b.run(chromedp.Click(chromedp.CSS(`[data-testid="open-picker"]`)))
	}
	b.run(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="input"]`)))
}

func (b *browser) click(sel string) {
	b.t.Helper()
	b.mark()
	b.run(chromedp.Click(chromedp.CSS(sel)))
}

func (b *browser) send(text string) {
	b.t.Helper()
	b.mark()
	b.run(chromedp.SendKeys(chromedp.CSS(`[data-testid="input"]`), text),
		chromedp.Click(chromedp.CSS(`[data-testid="send"]`)))
}

func (b *browser) waitBot(want string) {
	b.t.Helper()
	poll(b, fmt.Sprintf(`(%s).includes(%q)`, b.since(), want))
}

// answer types a value and waits for the next question, confirming an
// "are you sure?" against last week's demo figures on the way.
func (b *browser) answer(value, next string) {
	b.t.Helper()
	b.send(value)
	poll(b, fmt.Sprintf(`(t => t.includes(%q) || t.includes("chắc chắn"))(%s)`, next, b.since()))
	if text := eval[string](b, b.since()); strings.Contains(text, "chắc chắn") && !strings.Contains(text, next) {
		b.press("Đúng")
		b.waitBot(next)
	}
}

// press clicks the newest inline button whose text contains label.
func (b *browser) press(label string) {
	b.t.Helper()
	b.mark()
	ok := eval[bool](b, fmt.Sprintf(`(() => { const btn = [...document.querySelectorAll('[data-testid="btn"]')].reverse().find(x => x.innerText.includes(%q) && !x.disabled); if (!btn) return false; btn.click(); return true })()`, label))
	if !ok {
		b.shot("failure.png")
		b.t.Fatalf("no button %q on the page", label)
	}
}

func (b *browser) shot(name string) {
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(b.artifacts, name)
	if err := os.WriteFile(path, png, 0o644); err == nil {
		b.t.Logf("screenshot: %s", path)
	}
}

// eval runs JavaScript in the page and returns its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.shot("failure.png")
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is true.
func poll(b *browser, expr string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		b.shot("failure.png")
		b.t.Fatalf("waiting for %s: %v", expr, err)
	}
}

func chromium(t *testing.T) string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium: install it (apt-get install chromium); .ci/run does")
	return ""
}
