package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

const token = "123456:fanout-test"

func chartPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 160))
	for x := range 320 {
		img.Set(x, 80, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type rig struct {
	tg     *telegramtest.Server
	db     *store.DB
	bot    *bot.Bot
	cancel context.CancelFunc
	done   chan error
}

// newStore is a fake Bot API and a real store in a temporary folder.
func newStore(t *testing.T) (*telegramtest.Server, *store.DB) {
	t.Helper()
	tg := telegramtest.New(token)
	t.Cleanup(tg.Close)
	db, err := store.Open(filepath.Join(t.TempDir(), "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return tg, db
}

func startBot(t *testing.T) *rig {
	t.Helper()
	tg, db := newStore(t)
	log := slog.New(slog.DiscardHandler)
	rl := &relay.Relay{DB: db, Now: time.Now, Log: log}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := bot.New(ctx, bot.Options{Token: token, APIURL: tg.URL(), DB: db, Relay: rl, Log: log, PollTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{tg: tg, db: db, bot: b, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-r.done })
	return r
}

// queue commits a digest for each chat the way the scheduled job does.
func queueDigests(t *testing.T, db *store.DB, chats []int64, text string, photo []byte) {
	t.Helper()
	for start := 0; start < len(chats); start += 100 {
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			for _, c := range chats[start:min(start+100, len(chats))] {
				m := fieldbot.Message{Text: text, Caption: "Biểu đồ tiến độ",
					Photo: &fieldbot.File{Name: "tien-do.png", Data: photo}}
				if _, err := relay.Enqueue(tx, store.Outgoing{Channel: bot.Channel, Chat: fmt.Sprint(c), Bulk: true}, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func waitDrained(t *testing.T, r *rig, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		out, err := r.db.Outbox(bot.Channel)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) == 0 && r.bot.Pending() == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d messages in the outbox after %v", len(out), limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDigestFanOutWithinTelegramLimits sends a digest (a chart and a
// text) to 1,000 people through the fake Bot API with Telegram's flood
// control on: every one arrives, in order, and no call is answered 429.
func TestDigestFanOutWithinTelegramLimits(t *testing.T) {
	r := startBot(t)
	r.tg.SetRateLimits(true)
	var chats []int64
	for i := range 1000 {
		u := telegramtest.User{ID: int64(900000 + i), FirstName: fmt.Sprint("Lãnh đạo ", i)}
		r.tg.AddUser(u)
		chats = append(chats, u.ID)
	}
	text := "📊 <b>Bản tổng hợp tuần 48/2026</b>\n" + strings.Repeat("• Phòng Thi hành án dân sự khu vực 1: <b>81,89%</b>\n", 20)
	start := time.Now()
	r.bot.Kick()
	queueDigests(t, r.db, chats, text, chartPNG(t))
	r.bot.Kick()
	waitDrained(t, r, 3*time.Minute)
	elapsed := time.Since(start)
	for _, c := range chats {
		msgs := r.tg.Messages(c)
		if len(msgs) != 2 || msgs[0].Photo == nil || msgs[0].Photo.Caption != "Biểu đồ tiến độ" || !strings.Contains(msgs[1].Text, "81,89%") {
			t.Fatalf("chat %d got %d messages (%+v); want the chart then the text", c, len(msgs), msgs)
		}
	}
	if n := r.tg.Count429(); n != 0 {
		t.Errorf("%d calls answered 429 Too Many Requests", n)
	}
	if rej := r.tg.Rejections(); len(rej) != 0 {
		t.Errorf("rejected calls: %+v", rej[:min(3, len(rej))])
	}
	uploads := r.tg.Calls("sendPhoto")
	t.Logf("2,000 messages to 1,000 chats in %v: %.1f messages/s; 0 × 429; %d sendPhoto calls", elapsed.Round(time.Millisecond), 2000/elapsed.Seconds(), uploads)
}

// TestRetryAfterIsHonoured: a 429 pauses sending for retry_after, then
// the message goes out once.
func TestRetryAfterIsHonoured(t *testing.T) {
	r := startBot(t)
	u := telegramtest.User{ID: 4242, FirstName: "An"}
	r.tg.AddUser(u)
	r.tg.FailNext("sendMessage", 429, 1, "")
	start := time.Now()
	queueDigests(t, r.db, []int64{u.ID}, "nhắc báo cáo", nil)
	r.bot.Kick()
	waitDrained(t, r, 10*time.Second)
	if d := time.Since(start); d < time.Second {
		t.Errorf("sent again after %v; want at least retry_after (1 s)", d)
	}
	if msgs := r.tg.Messages(u.ID); len(msgs) != 1 || msgs[0].Text != "nhắc báo cáo" {
		t.Fatalf("got %+v; want the message once", msgs)
	}
}

// TestBlockedPersonIsMarkedUnreachable: a 403 drops what was queued for
// that chat and marks the account, so the next digest skips them.
func TestBlockedPersonIsMarkedUnreachable(t *testing.T) {
	r := startBot(t)
	blocked, fine := telegramtest.User{ID: 501, FirstName: "Bình"}, telegramtest.User{ID: 502, FirstName: "Chi"}
	r.tg.AddUser(blocked)
	r.tg.AddUser(fine)
	r.tg.SetBlocked(blocked.ID, true)
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		for _, u := range []telegramtest.User{blocked, fine} {
			id := fmt.Sprint(u.ID)
			if err := tx.BindAccount(store.Account{Channel: bot.Channel, UserID: id, Chat: id, Phone: "09" + id + "0000"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	queueDigests(t, r.db, []int64{blocked.ID, blocked.ID, fine.ID}, "bản tổng hợp", nil)
	r.bot.Kick()
	waitDrained(t, r, 10*time.Second)
	if got := r.tg.Calls("sendMessage"); got != 2 {
		t.Errorf("%d sendMessage calls; want 2 (one refused, the second for that chat dropped, one sent)", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		accts, _ := r.db.Accounts()
		var state []string
		for _, a := range accts {
			state = append(state, fmt.Sprintf("%s:%v", a.UserID, a.Unreachable))
		}
		if s := strings.Join(state, " "); s == "501:true 502:false" {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("accounts %s; want 501 unreachable only", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
