package zalo_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/links"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/zalo"
	"github.com/fieldbot/fieldbot/zalotest"
)

const (
	token  = "1234567:zalo-test-token"
	secret = "webhook-secret-123"
)

type rig struct {
	z   *zalotest.Server
	db  *store.DB
	bot *zalo.Bot
	url string // our server: webhook and files
}

// start runs the real relay and engine behind the Zalo channel in webhook
// mode, against the fake platform.
func start(t *testing.T) *rig { return startMode(t, false) }

func startMode(t *testing.T, polling bool, with ...func(*zalo.Options)) *rig {
	return startWith(t, polling, "", with...)
}

// startWith is start with photo and spreadsheet links under publicPath of
// our server: "" is where the files are served; anything else misses them,
// like a public_url that does not reach fieldbot.
func startWith(t *testing.T, polling bool, publicPath string, with ...func(*zalo.Options)) *rig {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	tree, _ := fieldbot.NewTree([]fieldbot.Unit{{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1"}})
	roster, _ := fieldbot.NewRoster([]fieldbot.Person{
		{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer},
		{Phone: "0987654321", Name: "Trần Thị Bích", Unit: "kv1", Role: fieldbot.RoleLeader}})
	form := fieldbot.Form{ID: "weekly", Title: "Báo cáo tuần", Period: fieldbot.PeriodWeek, Fields: []fieldbot.Field{
		{ID: "a", Label: "Số việc có điều kiện", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast, Required: true},
		{ID: "b", Label: "Số tiền đã thu", Type: fieldbot.FieldMoney, Aggregate: fieldbot.AggregateLast, Required: true},
	}}
	db, err := store.Open(filepath.Join(t.TempDir(), "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.DiscardHandler)
	engine := conversation.New(conversation.Config{Forms: []fieldbot.Form{form}, Tree: tree, Roster: roster,
		Calendar: fieldbot.Calendar{Location: loc, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}, Lang: locale.VI})
	rl := &relay.Relay{DB: db, Engine: engine, Roster: roster, Lang: locale.VI, Now: time.Now, Log: log}

	z := zalotest.New(token)
	t.Cleanup(z.Close)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	signer := links.Signer{Key: []byte("test key"), Base: srv.URL + publicPath, Now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	opt := zalo.Options{Token: token, APIURL: z.URL(), WebhookURL: srv.URL + "/zalo/webhook", Secret: secret,
		Polling: polling, PollTimeout: time.Second,
		Links: signer, DB: db, Relay: rl, Lang: locale.VI, Log: log}
	for _, w := range with {
		w(&opt)
	}
	b, err := zalo.New(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/zalo/webhook", b.Webhook())
	mux.Handle(links.Prefix, signer.Handler(db.File))
	mux.Handle(zalo.UploadPrefix, b.Upload())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &rig{z: z, db: db, bot: b, url: srv.URL}
}

// say sends text as u and waits for the bot's answer containing want.
func (r *rig) say(t *testing.T, u zalotest.User, text, want string) string {
	t.Helper()
	before := len(r.z.Messages(u.ID))
	r.z.SendText(u, text)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got strings.Builder
	_, err := r.z.WaitFor(ctx, u.ID, func(zalotest.Message) bool {
		got.Reset()
		for _, m := range r.z.Messages(u.ID)[before:] {
			got.WriteString(m.Text + "\n")
		}
		return strings.Contains(got.String(), want)
	})
	if err != nil {
		t.Fatalf("after %q waiting for %q; got %q", text, want, got.String())
	}
	return got.String()
}

func TestOnZaloByTypingOnly(t *testing.T) {
	r := start(t)
	bich, an := zalotest.User{ID: "zu-bich", Name: "Bích"}, zalotest.User{ID: "zu-an", Name: "An"}
	// Bích is a leader bound on Zalo only.
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: zalo.Channel, UserID: bich.ID, Chat: bich.ID, Phone: "0987654321"})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A newcomer is told it is an automated assistant and asked for a code.
	r.say(t, an, "xin chào", "mã mời")
	got := r.say(t, bich, "moi 0912345678", "Mã mời cho Nguyễn Văn An")
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got)
	if code == "" {
		t.Fatalf("no code in %q", got)
	}
	r.say(t, an, strings.ToLower(code), "Nguyễn Văn An")

	// A whole report, typed.
	r.say(t, an, "bao cao", "Số việc có điều kiện")
	r.say(t, an, "12", "Số tiền đã thu")
	summary := r.say(t, an, "3 triệu", "3.000.000 đồng")
	if !strings.Contains(summary, "Gõ 1, 2") || strings.Contains(summary, "<b>") {
		t.Fatalf("summary not as plain numbered text: %q", summary)
	}
	n := regexp.MustCompile(`(\d+)\. [^\n]*Xác nhận`).FindStringSubmatch(summary)
	if n == nil {
		t.Fatalf("no numbered Xác nhận in %q", summary)
	}
	r.say(t, an, n[1], "Đã lưu")

	// A re-delivered webhook changes nothing; a wrong secret gets 403.
	msgs := r.z.Messages(an.ID)
	last := r.z.SendText(an, "tiendo")
	wait, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.z.WaitFor(wait, an.ID, func(zalotest.Message) bool { return len(r.z.Messages(an.ID)) > len(msgs) }); err != nil {
		t.Fatalf("no answer to tiendo: %v", err)
	}
	time.Sleep(1500 * time.Millisecond) // the whole answer, at one message a second
	count := len(r.z.Messages(an.ID))
	if !r.z.Redeliver(last) {
		t.Fatal("redeliver failed")
	}
	if status := r.z.DeliverWithSecret(last, "wrong-secret-xx"); status != http.StatusForbidden {
		t.Errorf("wrong secret answered %d; want 403", status)
	}
	time.Sleep(2 * time.Second) // a wrongly handled re-delivery would have answered by now
	if got := len(r.z.Messages(an.ID)); got != count || count <= len(msgs) {
		t.Errorf("messages to An: %d before /tiendo, %d after, %d after the re-delivery; want the re-delivery ignored", len(msgs), count, got)
	}
	var revs int
	r.db.LatestSubmissions("weekly", func(s fieldbot.Submission) error { revs = s.Revision; return nil })
	if revs != 1 {
		t.Errorf("revision %d after a re-delivery; want 1", revs)
	}
	if rej := r.z.Rejections(); len(rej) != 0 {
		t.Errorf("the fake refused calls: %+v", rej)
	}
}

func TestDigestPhotoThroughPublicURL(t *testing.T) {
	r := start(t)
	bich := zalotest.User{ID: "zu-bich", Name: "Bích"}
	r.say(t, bich, "xin chào", "mã mời") // a bot can only write to chats that wrote first
	chart := queueDigest(t, r, bich.ID, "Biểu đồ")
	r.bot.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.z.WaitFor(ctx, bich.ID, func(m zalotest.Message) bool { return strings.Contains(m.Text, "Bảng tính") }); err != nil {
		t.Fatalf("digest not delivered: %v (%d messages)", err, len(r.z.Messages(bich.ID)))
	}
	msgs := r.z.Messages(bich.ID)
	var photo zalotest.Message
	for _, m := range msgs {
		if m.Kind == zalotest.KindPhoto {
			photo = m
		}
	}
	if !bytes.Equal(photo.Photo, chart) || photo.Caption != "Biểu đồ" || !strings.HasPrefix(photo.PhotoURL, r.url+links.Prefix) {
		t.Fatalf("photo %q caption %q, %d bytes fetched; want the chart through the public URL", photo.PhotoURL, photo.Caption, len(photo.Photo))
	}
	text := fmt.Sprint(msgs[len(msgs)-2].Text)
	if !strings.Contains(text, "Bản tổng hợp tuần 48") || strings.Contains(text, "<b>") {
		t.Errorf("digest text %q", text)
	}
	link := regexp.MustCompile(`https?://\S+`).FindString(msgs[len(msgs)-1].Text)
	resp, err := http.Get(link)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("spreadsheet link %q: %v %v", link, err, resp)
	}
	resp.Body.Close()
}

// queueDigest queues a weekly digest for chat: a text, a chart captioned
// caption and a spreadsheet. It returns the chart's bytes.
func queueDigest(t *testing.T, r *rig, chat, caption string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	var chart bytes.Buffer
	png.Encode(&chart, img)
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := relay.Enqueue(tx, store.Outgoing{Channel: zalo.Channel, Chat: chat, Bulk: true}, fieldbot.Message{
			Text: "<b>Bản tổng hợp</b> tuần 48", Caption: caption, Photo: &fieldbot.File{Name: "tien-do.png", Data: chart.Bytes()},
			Document: &fieldbot.File{Name: "tien-do.xlsx", Data: []byte("PK xlsx")}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return chart.Bytes()
}

// A chart Zalo cannot fetch (public_url does not reach the files) does
// not silence the digest: the text, the caption and the spreadsheet link
// arrive, a line says the chart could not be attached, and the refusal is
// recorded for the health check. Before, the refused photo dropped the
// whole message.
func TestRefusedPhotoDeliversTheRest(t *testing.T) {
	r := startWith(t, false, "/elsewhere")
	bich := zalotest.User{ID: "zu-bich", Name: "Bích"}
	r.say(t, bich, "xin chào", "mã mời")
	queueDigest(t, r, bich.ID, "Biểu đồ tiến độ")
	before := len(r.z.Messages(bich.ID))
	r.bot.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.z.WaitFor(ctx, bich.ID, func(m zalotest.Message) bool { return strings.Contains(m.Text, "Bảng tính") }); err != nil {
		t.Fatalf("digest not delivered: %v; got %+v", err, r.z.Messages(bich.ID)[before:])
	}
	var got []string
	for _, m := range r.z.Messages(bich.ID)[before:] {
		if m.Kind == zalotest.KindPhoto {
			t.Errorf("a photo arrived although Zalo could not fetch it: %+v", m)
		}
		got = append(got, m.Text)
	}
	want := []string{"Biểu đồ tiến độ\n⚠️ Không đính kèm được biểu đồ.", "Bản tổng hợp tuần 48", "Bảng tính"}
	if len(got) != len(want) {
		t.Fatalf("messages %q; want %d like %q", got, len(want), want)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("message %d = %q; want it to contain %q", i, got[i], want[i])
		}
	}
	if f := r.bot.Refused(); f.Count != 1 || f.Part != "photo" || !strings.Contains(f.Err, "400") {
		t.Errorf("Refused() = %+v; want one photo refused with Zalo's 400", f)
	}
}

// An unlinked account that floods the webhook gets a few messages
// handled and the rest dropped before they are even stored (inbox.Gate);
// every delivery is still answered 200, so Zalo does not retry them.
func TestUnlinkedFloodIsBounded(t *testing.T) {
	r := start(t)
	x := zalotest.User{ID: "zu-flood", Name: "Lạ"}
	start := time.Now()
	for range 30 {
		r.z.SendText(x, "xin chào")
	}
	sending := time.Since(start)
	time.Sleep(3 * time.Second)                                // what was admitted is handled by now
	handled, err := r.db.PruneInbox(time.Now().Add(time.Hour)) // counts (and forgets) what was handled
	if err != nil {
		t.Fatal(err)
	}
	allowed := inbox.DefaultPerChat.Burst + int(sending/inbox.DefaultPerChat.Every) + 1
	if handled > allowed || handled == 0 {
		t.Errorf("%d of 30 messages from one unlinked account handled (sent in %v); want 1 to %d", handled, sending, allowed)
	}
	if pending, _ := r.db.InboxPending(zalo.Channel); len(pending) != 0 {
		t.Errorf("%d messages still pending; want the rest dropped, not stored", len(pending))
	}
}

// TestPolling: in development mode updates come from getUpdates, one per
// call, 408 meaning nothing came; the conversation is the same.
func TestPolling(t *testing.T) {
	r := startMode(t, true)
	an := zalotest.User{ID: "zu-an", Name: "An"}
	r.say(t, an, "xin chào", "mã mời")
	time.Sleep(1500 * time.Millisecond) // at least one idle poll (408)
	r.say(t, an, "tro giup", "mã mời")
	if n := r.z.Calls("getUpdates"); n < 3 {
		t.Errorf("%d getUpdates calls; want polling to go on after idle answers", n)
	}
	if n := r.z.Calls("setWebhook"); n != 0 {
		t.Errorf("setWebhook called %d times in polling mode", n)
	}
}

// A person who chose English reads what the Zalo channel adds (the
// numbered-choice hint) in English too.
func TestChannelTextsInThePersonsLanguage(t *testing.T) {
	r := start(t)
	bich := zalotest.User{ID: "zu-bich", Name: "Bích"}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: zalo.Channel, UserID: bich.ID, Chat: bich.ID, Phone: "0987654321"})
	})
	if err != nil {
		t.Fatal(err)
	}
	r.say(t, bich, "ngonngu", "Gõ 1 hoặc 2 để chọn.")
	r.say(t, bich, "2", "English")
	got := r.say(t, bich, "ngon ngu", "Type 1 or 2 to choose.")
	if strings.Contains(got, "Gõ") {
		t.Fatalf("Vietnamese hint for someone who chose English: %q", got)
	}
}

// TestInvitationOnZaloIsTheCode: Zalo bots have no link that opens them
// with a code, so an invitation on Zalo is the code to type: no t.me link,
// no QR image; the code typed as shown (with its dash) links the account.
func TestInvitationOnZaloIsTheCode(t *testing.T) {
	r := start(t)
	bich, an := zalotest.User{ID: "zu-bich", Name: "Bích"}, zalotest.User{ID: "zu-an", Name: "An"}
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: zalo.Channel, UserID: bich.ID, Chat: bich.ID, Phone: "0987654321"})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := r.say(t, bich, "moi 0912345678", "Mã mời cho Nguyễn Văn An")
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got)
	if code == "" {
		t.Fatalf("no code in %q", got)
	}
	time.Sleep(1500 * time.Millisecond) // anything sent after the text, at one message a second
	for _, m := range r.z.Messages(bich.ID) {
		if strings.Contains(m.Text+m.Caption, "t.me") || m.Kind == zalotest.KindPhoto {
			t.Errorf("the invitation on Zalo sent %s %q; want the code as text only", m.Kind, m.Text+m.Caption)
		}
	}
	r.say(t, an, code, "Nguyễn Văn An")
}
