package zalo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/zalo"
	"github.com/fieldbot/fieldbot/zalotest"
)

// clock is a settable time for the links' expiry.
type clock struct {
	mu sync.Mutex
	d  time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.d)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.d += d
	c.mu.Unlock()
}

type shown struct {
	o  relay.Origin
	in fieldbot.Input
}

// askForFile queues a message asking chat for a file, as the engine will,
// and returns the text Zalo showed for it.
func askForFile(t *testing.T, r *rig, chat string) string {
	t.Helper()
	before := len(r.z.Messages(chat))
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := relay.Enqueue(tx, store.Outgoing{Channel: zalo.Channel, Chat: chat},
			fieldbot.Message{Text: "Gửi lại bảng tính danh sách đã sửa.", Upload: true, Lang: "vi"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.bot.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var line string
	_, err = r.z.WaitFor(ctx, chat, func(zalotest.Message) bool {
		for _, m := range r.z.Messages(chat)[before:] {
			if strings.Contains(m.Text, "📎") {
				line = m.Text
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("no upload line: %v; messages %+v", err, r.z.Messages(chat)[before:])
	}
	return line
}

var uploadLink = regexp.MustCompile(`https?://\S+/upload/[A-Za-z0-9_.-]+`)

func linkIn(t *testing.T, text string) string {
	t.Helper()
	u := uploadLink.FindString(text)
	if u == "" {
		t.Fatalf("no upload link in %q", text)
	}
	return u
}

func post(t *testing.T, url, name string, data []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	resp, err := http.Post(url, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp, string(page)
}

func stored(t *testing.T, db *store.DB, data []byte) bool {
	t.Helper()
	sum := sha256.Sum256(data)
	_, ok, err := db.File(hex.EncodeToString(sum[:12]))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestUploadLinkRoundTrip(t *testing.T) {
	clk := &clock{}
	inputs := make(chan shown, 16)
	r := startMode(t, false, func(o *zalo.Options) {
		o.Links.Now = clk.Now
		o.Relay.Inspect = func(or relay.Origin, in fieldbot.Input) {
			if in.File != nil {
				f := *in.File
				f.Data = bytes.Clone(f.Data)
				in.File = &f
			}
			inputs <- shown{or, in}
		}
	})
	bich := zalotest.User{ID: "zu-bich", Name: "Bích"}
	if err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: zalo.Channel, UserID: bich.ID, Chat: bich.ID, Phone: "0987654321"})
	}); err != nil {
		t.Fatal(err)
	}
	r.say(t, bich, "xin chào", "") // a bot writes only to chats that wrote first
	<-inputs

	line := askForFile(t, r, bich.ID)
	if !strings.Contains(line, "📎 Gửi tệp tại: ") || !strings.Contains(line, "(hết hạn lúc ") {
		t.Fatalf("upload line %q", line)
	}
	link := linkIn(t, line)

	// The page: the form, in Vietnamese, locked down.
	resp, page := get(t, link)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `type="file"`) || !strings.Contains(page, `accept=".xlsx,.csv"`) ||
		!strings.Contains(page, "Gửi tệp") || !strings.Contains(page, `name="viewport"`) {
		t.Fatalf("GET: %d\n%s", resp.StatusCode, page)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" {
		t.Errorf("CSP %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "src=") || strings.Contains(page, "://") {
		t.Errorf("the page loads something:\n%s", page)
	}

	// Forged: a changed signature, or another chat under the old one.
	payload, sig, _ := strings.Cut(link[strings.LastIndex(link, "/")+1:], ".")
	base := link[:strings.LastIndex(link, "/")+1]
	flip := "A"
	if sig[0] == 'A' {
		flip = "B"
	}
	for _, forged := range []string{base + payload + "." + flip + sig[1:], base + payload[:len(payload)-2] + "." + sig, base + "x", base + payload} {
		if code, _ := post(t, forged, "a.csv", []byte("x")); code != http.StatusForbidden {
			t.Errorf("POST %s: %d; want 403", forged, code)
		}
	}

	// Too big: 413 and nothing stored; the link still works after.
	big := bytes.Repeat([]byte("9"), fieldbot.MaxInputFile+1)
	if code, _ := post(t, link, "to.xlsx", big); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized POST: %d; want 413", code)
	}
	if stored(t, r.db, big) || stored(t, r.db, big[:fieldbot.MaxInputFile]) {
		t.Fatal("an oversized upload was stored")
	}
	if p, _ := r.db.InboxPending(zalo.Channel); len(p) != 0 {
		t.Fatalf("an oversized upload reached the inbox: %d items", len(p))
	}

	// The file, to the engine, for Bích's chat, in order.
	data := []byte("\xEF\xBB\xBFphone,name,unit,role\n0912345678,Nguyễn Văn An,kv1,officer\n")
	code, page := post(t, link, `..\..\Danh sách cán bộ.csv`, data)
	if code != http.StatusOK || !strings.Contains(page, "Đã nhận tệp; kết quả sẽ được gửi trong Zalo.") {
		t.Fatalf("POST: %d\n%s", code, page)
	}
	select {
	case s := <-inputs:
		if s.in.Kind != fieldbot.InputFile || s.in.File == nil || s.in.File.Name != "Danh sách cán bộ.csv" || !bytes.Equal(s.in.File.Data, data) {
			t.Fatalf("the relay was shown %+v", s.in)
		}
		if s.o.Channel != zalo.Channel || s.o.Chat != bich.ID || s.o.UserID != bich.ID || !s.o.Typed {
			t.Fatalf("origin %+v", s.o)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the upload never reached the relay")
	}
	before := len(r.z.Messages(bich.ID))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.z.WaitFor(ctx, bich.ID, func(zalotest.Message) bool { return len(r.z.Messages(bich.ID)) > before }); err != nil {
		t.Fatalf("no answer in Zalo after the upload: %v", err)
	}

	// Once only.
	if code, _ := post(t, link, "lai.csv", []byte("again")); code != http.StatusGone {
		t.Errorf("second POST: %d; want 410", code)
	}
	if stored(t, r.db, []byte("again")) {
		t.Error("a second upload's file was stored")
	}
	if resp, _ := get(t, link); resp.StatusCode != http.StatusGone {
		t.Errorf("GET of a used link: %d; want 410", resp.StatusCode)
	}

	// Expired.
	link = linkIn(t, askForFile(t, r, bich.ID))
	clk.advance(zalo.UploadLife + time.Second)
	if code, page := post(t, link, "muon.csv", []byte("late")); code != http.StatusGone || !strings.Contains(page, "hết hạn") {
		t.Errorf("POST after expiry: %d; want 410\n%s", code, page)
	}
	if stored(t, r.db, []byte("late")) {
		t.Error("a late upload was stored")
	}
	select {
	case s := <-inputs:
		t.Fatalf("the relay was shown more: %+v", s.in)
	default:
	}
}

// Without public_url there is no page to link to: the line says so.
func TestUploadNeedsPublicURL(t *testing.T) {
	r := startMode(t, false, func(o *zalo.Options) { o.Links.Base = "" })
	bich := zalotest.User{ID: "zu-bich", Name: "Bích"}
	r.say(t, bich, "xin chào", "")
	if line := askForFile(t, r, bich.ID); !strings.Contains(line, "public_url") || strings.Contains(line, "/upload/") {
		t.Fatalf("line without public_url: %q", line)
	}
}

// The webhook cannot pose as the upload page.
func TestWebhookCannotInjectAnUpload(t *testing.T) {
	inputs := make(chan shown, 16)
	r := startMode(t, false, func(o *zalo.Options) {
		o.Relay.Inspect = func(or relay.Origin, in fieldbot.Input) { inputs <- shown{or, in} }
	})
	// A file of the store, which a forged item would name.
	var ref string
	if err := r.db.Update(context.Background(), func(tx *store.Tx) (err error) {
		ref, err = tx.PutFile([]byte("someone's spreadsheet"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, event := range []string{"fieldbot.upload.received", "message.text.received"} {
		body := `{"event_name":"` + event + `","message":{"message_id":"m-` + event + `","date":1,"text":"x","from":{"id":"zu-x"},` +
			`"chat":{"id":"zu-x","chat_type":"PRIVATE"},"fieldbot_file":{"name":"a.csv","ref":"` + ref + `"}}}`
		req, _ := http.NewRequest(http.MethodPost, r.url+"/zalo/webhook", strings.NewReader(body))
		req.Header.Set(zalo.SecretHeader, secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d; want 200", event, resp.StatusCode)
		}
	}
	// Only the text arrives, as text.
	select {
	case s := <-inputs:
		if s.in.Kind != fieldbot.InputText || s.in.File != nil {
			t.Fatalf("the relay was shown %+v", s.in)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the text never arrived")
	}
	time.Sleep(300 * time.Millisecond)
	select {
	case s := <-inputs:
		t.Fatalf("the relay was shown more: %+v", s.in)
	default:
	}
}
