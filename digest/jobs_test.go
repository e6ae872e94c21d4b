package digest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/scheduler"
	"github.com/fieldbot/fieldbot/store"
)

var ctx = context.Background()

// People of the example roster this test follows.
const (
	cuong = "0903123456" // admin, whole province
	bich  = "0987654321" // leader, khu vực 1
	em    = "0988111222" // leader, khu vực 2
	an    = "0912345678" // officer, khu vực 1
	dung  = "0913222333" // officer, khu vực 1
	hanh  = "0919202301" // officer, khu vực 2
)

// world is the example province with every person bound on Telegram,
// a real store, the ledger, the jobs and the scheduler on a fake clock.
type world struct {
	t      testing.TB
	cfg    *config.Config
	db     *store.DB
	path   string
	ledger *progress.Ledger
	jobs   *digest.Jobs
	sched  *scheduler.Scheduler

	mu    sync.Mutex
	now   time.Time
	chats map[string]string // phone → chat
	phone map[string]string // chat → phone
}

// Monday of ISO week 48 of 2026, 00:00 in Đồng Tháp.
var monday = time.Date(2026, 11, 23, 0, 0, 0, 0, mustLoc("Asia/Ho_Chi_Minh"))

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func newWorld(t testing.TB, now time.Time) *world {
	t.Helper()
	cfg, err := config.Load("../config.example.toml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, cfg: cfg, now: now, path: filepath.Join(t.TempDir(), "fieldbot.db"),
		chats: map[string]string{}, phone: map[string]string{}}
	w.open()
	for i, p := range cfg.Roster.People() {
		chat := fmt.Sprint(7000 + i)
		w.chats[p.Phone], w.phone[chat] = chat, p.Phone
		err := w.db.Update(ctx, func(tx *store.Tx) error {
			return tx.BindAccount(store.Account{Channel: "telegram", UserID: chat, Chat: chat, Phone: p.Phone})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// open (re)opens the store and builds everything on it, as a start-up does.
func (w *world) open() {
	w.t.Helper()
	db, err := store.Open(w.path, store.Options{Now: w.clock})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	w.db = db
	form, _ := w.cfg.Form("weekly")
	w.ledger = progress.NewLedger(progress.Config{Tree: w.cfg.Tree, Roster: w.cfg.Roster, Form: form,
		Indicators: w.cfg.Indicators, Formulas: w.cfg.Formulas, Targets: w.cfg.Targets, Calendar: w.cfg.Calendar})
	if err := db.LatestSubmissions("weekly", func(s fieldbot.Submission) error { w.ledger.Add(s); return nil }); err != nil {
		w.t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	w.jobs = &digest.Jobs{
		Config: &digest.Config{Tree: w.cfg.Tree, Roster: w.cfg.Roster, Calendar: w.cfg.Calendar, Forms: w.cfg.Forms,
			Form: *form, Lang: locale.VI, Progress: w.ledger, Excel: true},
		DB: db, Holidays: w.cfg.Holidays, Log: log,
	}
	w.sched, err = scheduler.New(scheduler.Options{Location: w.cfg.Calendar.Location, Grace: 12 * time.Hour, Now: w.clock, Record: db, Log: log},
		scheduler.Job{Name: digest.JobDigest, Spec: w.cfg.Digest.Schedule, Run: w.jobs.Digest},
		scheduler.Job{Name: digest.JobRemind, Spec: w.cfg.Reminders.Schedule, Run: w.jobs.Remind},
		scheduler.Job{Name: digest.JobEscalate, Spec: w.cfg.Reminders.Escalate, Run: w.jobs.Escalate})
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) restart() {
	w.t.Helper()
	if err := w.db.Close(); err != nil {
		w.t.Fatal(err)
	}
	w.open()
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// until ticks the scheduler at every whole minute up to t, as cron would.
func (w *world) until(t time.Time) {
	for {
		w.mu.Lock()
		next := w.now.Truncate(time.Minute).Add(time.Minute)
		if next.After(t) {
			w.now = t
			w.mu.Unlock()
			w.sched.Tick(ctx, t)
			return
		}
		w.now = next
		w.mu.Unlock()
		w.sched.Tick(ctx, next)
	}
}

// report saves a submission the way the relay does: with the correction
// hook in the same transaction, then the ledger.
func (w *world) report(phone string, values ...int64) fieldbot.Submission {
	w.t.Helper()
	p, _ := w.cfg.Roster.Lookup(phone)
	period := w.cfg.Calendar.PeriodOf(fieldbot.PeriodWeek, w.clock())
	ans := fieldbot.Answers{}
	for i, id := range []string{"viec_co_dieu_kien", "viec_xong", "viec_dinh_chi", "tien_co_dieu_kien", "tien_xong"} {
		ans[id] = fmt.Sprint(values[i])
	}
	var saved fieldbot.Submission
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		saved, err = tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: period.Key, Unit: p.Unit, Phone: phone,
			SubmittedAt: w.clock(), SubmittedBy: phone, Answers: ans})
		if err != nil {
			return err
		}
		_, err = w.jobs.OnSave(tx, saved)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.ledger.Add(saved)
	return saved
}

// busy puts a person in the middle of a form.
func (w *world) busy(phone string) {
	st := conversation.State{Step: conversation.StepField, Form: "weekly", Seq: 3}
	raw, _ := st.Encode()
	err := w.db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", w.chats[phone], raw) })
	if err != nil {
		w.t.Fatal(err)
	}
}

// sent takes everything from the outbox, as the channel would send it,
// and returns it by phone.
func (w *world) sent() map[string][]fieldbot.Message {
	w.t.Helper()
	out, err := w.db.Outbox("telegram")
	if err != nil {
		w.t.Fatal(err)
	}
	got := map[string][]fieldbot.Message{}
	var ids []uint64
	for _, o := range out {
		var m fieldbot.Message
		if err := json.Unmarshal(o.Payload, &m); err != nil {
			w.t.Fatal(err)
		}
		if !o.Bulk {
			w.t.Errorf("scheduled message to %s not marked bulk", o.Chat)
		}
		if o.For != w.phone[o.Chat] { // the person it is for, checked again at sending
			w.t.Errorf("scheduled message to %s is for %q; want %q", o.Chat, o.For, w.phone[o.Chat])
		}
		got[w.phone[o.Chat]] = append(got[w.phone[o.Chat]], m)
		ids = append(ids, o.ID)
	}
	if err := w.db.OutboxDone(ids...); err != nil {
		w.t.Fatal(err)
	}
	return got
}

func (w *world) released(phone string) []store.Outgoing {
	w.t.Helper()
	var out []store.Outgoing
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.ReleaseHeld("telegram", w.chats[phone])
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func officers(cfg *config.Config) map[string]bool {
	out := map[string]bool{}
	for _, p := range cfg.Roster.People() {
		if p.Role == fieldbot.RoleOfficer {
			out[p.Phone] = true
		}
	}
	return out
}

func leads(cfg *config.Config) map[string]bool {
	out := map[string]bool{}
	for _, p := range cfg.Roster.People() {
		if p.Role.Leads() {
			out[p.Phone] = true
		}
	}
	return out
}

func TestAWholeWeek(t *testing.T) {
	w := newWorld(t, monday)
	w.until(monday.Add(30 * time.Hour)) // Tuesday 06:00
	if got := w.sent(); len(got) != 0 {
		t.Fatalf("Monday–Tuesday sent %d messages; want none", len(got))
	}
	w.report(an, 100, 80, 2, 5_000_000_000, 2_000_000_000)
	w.busy(hanh)

	w.until(monday.Add(3*24*time.Hour + 9*time.Hour + 5*time.Minute)) // Thursday 09:05
	reminded := w.sent()
	for phone := range officers(w.cfg) {
		switch {
		case phone == an || phone == hanh:
			if len(reminded[phone]) != 0 {
				t.Errorf("%s reminded: %v", phone, reminded[phone])
			}
		case len(reminded[phone]) != 1:
			t.Errorf("officer %s got %d reminders; want 1", phone, len(reminded[phone]))
		}
	}
	for phone := range leads(w.cfg) {
		if len(reminded[phone]) != 0 {
			t.Errorf("leader %s got a reminder", phone)
		}
	}
	if r := reminded[dung]; len(r) == 1 && !strings.Contains(r[0].Text, "Tuần 48/2026") {
		t.Errorf("reminder text %q does not name the week", r[0].Text)
	}
	if held := w.released(hanh); len(held) != 1 {
		t.Errorf("Hạnh, mid-form, has %d held reminders; want 1 waiting for the form to end", len(held))
	}
	w.sent() // the released one

	w.report(dung, 50, 30, 0, 1_000_000_000, 200_000_000)               // after the reminder: late
	w.until(monday.Add(4*24*time.Hour + 17*time.Hour + 30*time.Minute)) // Friday 17:30 (escalation at 14:00 too)
	got := w.sent()
	for phone := range leads(w.cfg) {
		var digests []fieldbot.Message
		for _, m := range got[phone] {
			if m.Photo != nil {
				digests = append(digests, m)
			}
		}
		if len(digests) != 1 {
			t.Fatalf("leader %s got %d digests; want exactly 1 (got %d messages)", phone, len(digests), len(got[phone]))
		}
	}
	for phone := range officers(w.cfg) {
		if len(got[phone]) != 0 {
			t.Errorf("officer %s got %d messages on Friday", phone, len(got[phone]))
		}
	}
	kv1, admin := digestOf(got[bich]), digestOf(got[cuong])
	if strings.Contains(kv1.Text, "Gửi muộn") {
		t.Error("the digest sent on time says it is late")
	}
	t.Logf("khu vực 1's digest:\n%s\n\nthe province's digest:\n%s", kv1.Text, admin.Text)
	for _, want := range []string{"Bản tổng hợp Tuần 48/2026", "Phòng Thi hành án dân sự khu vực 1", "Theo cán bộ",
		"Nguyễn Văn An", "Đã báo cáo: 2/3 cán bộ (1 đúng hạn, 1 sau khi được nhắc)", "Huỳnh Văn Phúc"} {
		if !strings.Contains(kv1.Text, want) {
			t.Errorf("khu vực 1 digest lacks %q:\n%s", want, kv1.Text)
		}
	}
	if strings.Contains(admin.Text, "⚠️") {
		t.Errorf("admin digest flags a unit ahead of the pace:\n%s", admin.Text)
	}
	if strings.Contains(kv1.Text, "Lý Thị Hạnh") || strings.Contains(kv1.Text, "khu vực 2") {
		t.Errorf("khu vực 1 digest shows another unit:\n%s", kv1.Text)
	}
	// Khu vực 1 is far ahead of the pace expected in November, though below
	// its year's target: not flagged (TestDigestFlagsBehindPace has units
	// behind).
	for _, want := range []string{"Thi hành án dân sự tỉnh Đồng Tháp", "Xếp hạng đơn vị trực thuộc", "vượt tiến độ",
		"so với chỉ tiêu năm", "Phòng Thi hành án dân sự khu vực 12", "Lý Thị Hạnh"} {
		if !strings.Contains(admin.Text, want) {
			t.Errorf("admin digest lacks %q:\n%s", want, admin.Text)
		}
	}
	if admin.Photo == nil || admin.Photo.Ref == "" || admin.Document == nil || kv1.Photo.Ref == admin.Photo.Ref {
		t.Errorf("attachments: admin %+v %+v, kv1 %+v; want stored files, a chart per subtree", admin.Photo, admin.Document, kv1.Photo)
	}
	if esc := got[em]; len(esc) != 2 || !strings.Contains(esc[0].Text+esc[1].Text, "chưa báo cáo Tuần 48/2026") {
		t.Errorf("khu vực 2's leader got %d messages on Friday; want the escalation and the digest", len(esc))
	}

	// Saturday: a late report and a correction reach those who got the
	// digest of that subtree, and only them.
	w.until(monday.Add(5*24*time.Hour + 8*time.Hour))
	w.report(dung, 50, 31, 0, 1_000_000_000, 200_000_000)
	notices := w.sent()
	if n := notices[bich]; len(n) != 1 || !strings.Contains(n[0].Text, "Phạm Thị Dung") || !strings.Contains(n[0].Text, "lần 2") {
		t.Errorf("khu vực 1's leader got %+v; want one correction notice naming Dung, revision 2", n)
	}
	if len(notices[cuong]) != 1 {
		t.Errorf("the admin got %d notices; want 1", len(notices[cuong]))
	}
	if len(notices[em]) != 0 || len(notices[dung]) != 0 {
		t.Errorf("notices to khu vực 2's leader or the reporter: %v %v", notices[em], notices[dung])
	}

	w.until(monday.Add(7*24*time.Hour - time.Minute)) // to Sunday night
	if rest := w.sent(); len(rest) != 0 {
		t.Errorf("weekend sent %d more messages", len(rest))
	}
}

func digestOf(msgs []fieldbot.Message) fieldbot.Message {
	for _, m := range msgs {
		if m.Photo != nil {
			return m
		}
	}
	return fieldbot.Message{}
}

// digests counts the digests (messages with a chart) among what was sent.
func digests(sent map[string][]fieldbot.Message) int {
	n := 0
	for _, msgs := range sent {
		for _, m := range msgs {
			if m.Photo != nil {
				n++
			}
		}
	}
	return n
}

func TestRestartsNeverSendTwice(t *testing.T) {
	friday := monday.Add(4*24*time.Hour + 17*time.Hour)
	w := newWorld(t, friday.Add(-time.Hour))
	w.report(an, 100, 80, 2, 5_000_000_000, 2_000_000_000)

	// Before the run: a restart changes nothing. (The 14:00 escalation,
	// within grace, is caught up at the first start.)
	w.restart()
	w.until(friday.Add(-time.Minute))
	if got := digests(w.sent()); got != 0 {
		t.Fatalf("before the run: %d digests sent", got)
	}

	// During: the process died after the first recipients were claimed
	// and queued but before the run was recorded. The run is made again
	// at start-up and queues only for the others.
	run := scheduler.Run{Job: digest.JobDigest, Scheduled: friday}
	if err := w.jobs.Digest(ctx, run); err != nil {
		t.Fatal(err)
	}
	first := w.sent()
	w.restart()
	w.until(friday.Add(5 * time.Minute))
	second := w.sent()
	if len(first) != len(leads(w.cfg)) || len(second) != 0 {
		t.Fatalf("first pass reached %d leaders, the pass after a restart %d; want %d and 0", len(first), len(second), len(leads(w.cfg)))
	}

	// After: restarting and ticking again sends nothing.
	w.restart()
	w.until(friday.Add(2 * time.Hour))
	if got := w.sent(); len(got) != 0 {
		t.Fatalf("after the run and a restart: %d sent", len(got))
	}
}

func TestMissedRunCaughtUpOnceAndLate(t *testing.T) {
	friday := monday.Add(4*24*time.Hour + 17*time.Hour)
	w := newWorld(t, friday.Add(-time.Hour))
	if err := w.db.SetLastRun(digest.JobDigest, friday.AddDate(0, 0, -7)); err != nil {
		t.Fatal(err)
	}
	// Down from 16:00 to 20:00: the 17:00 run is made once, marked late.
	w.mu.Lock()
	w.now = friday.Add(3 * time.Hour)
	w.mu.Unlock()
	w.sched.Tick(ctx, w.clock())
	got := w.sent()
	m := digestOf(got[cuong])
	if !strings.Contains(m.Text, "Gửi muộn") || !strings.Contains(m.Text, "27/11/2026 17:00") {
		t.Fatalf("caught-up digest does not say it is late:\n%s", m.Text)
	}
	w.until(friday.Add(6 * time.Hour))
	if again := w.sent(); len(again) != 0 {
		t.Fatalf("caught-up run sent again: %d", len(again))
	}

	// Down past the grace window (13 h): nothing is sent late.
	w2 := newWorld(t, friday.Add(-time.Hour))
	if err := w2.db.SetLastRun(digest.JobDigest, friday.AddDate(0, 0, -7)); err != nil {
		t.Fatal(err)
	}
	w2.mu.Lock()
	w2.now = friday.Add(13 * time.Hour)
	w2.mu.Unlock()
	w2.sched.Tick(ctx, w2.clock())
	if got := w2.sent(); len(got) != 0 {
		t.Fatalf("a run missed by 13 h was sent: %d", len(got))
	}
}

func TestNoRemindersOnHolidays(t *testing.T) {
	w := newWorld(t, monday)
	// Thursday 26/11/2026 made a holiday.
	w.jobs.Holidays = map[string]bool{"2026-11-26": true}
	w.until(monday.Add(3*24*time.Hour + 10*time.Hour))
	for phone, msgs := range w.sent() {
		t.Errorf("%s got %d messages on a holiday", phone, len(msgs))
	}
}

func TestPreviewIsNotRecorded(t *testing.T) {
	w := newWorld(t, monday.Add(4*24*time.Hour+10*time.Hour))
	p, _ := w.cfg.Roster.Lookup(bich)
	msgs, err := w.jobs.Preview(p, "", w.clock())
	if err != nil || len(msgs) != 1 || msgs[0].Photo == nil || len(msgs[0].Photo.Data) == 0 {
		t.Fatalf("Preview = %+v, %v", msgs, err)
	}
	if !strings.Contains(msgs[0].Text, "Bản xem trước") || !strings.Contains(msgs[0].Text, "khu vực 1") {
		t.Errorf("preview text:\n%s", msgs[0].Text)
	}
	w.until(monday.Add(4*24*time.Hour + 17*time.Hour + 5*time.Minute))
	if got := digests(map[string][]fieldbot.Message{bich: w.sent()[bich]}); got != 1 {
		t.Fatalf("after a preview, the scheduled digest reached Bích %d times; want 1", got)
	}
}

func TestPreferredChannelOnly(t *testing.T) {
	friday := monday.Add(4*24*time.Hour + 17*time.Hour)
	w := newWorld(t, friday.Add(-time.Minute))
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.BindAccount(store.Account{Channel: "zalo", UserID: "z-bich", Chat: "z-bich", Phone: bich}); err != nil {
			return err
		}
		if err := tx.BindAccount(store.Account{Channel: "zalo", UserID: "z-em", Chat: "z-em", Phone: em}); err != nil {
			return err
		}
		return tx.SetPreferred(bich, "zalo")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.jobs.Digest(ctx, scheduler.Run{Job: digest.JobDigest, Scheduled: friday}); err != nil {
		t.Fatal(err)
	}
	zalo, _ := w.db.Outbox("zalo")
	var chats []string
	for _, o := range zalo {
		chats = append(chats, o.Chat)
	}
	if strings.Join(chats, " ") != "z-bich z-em" {
		t.Errorf("Zalo digests went to %v; want Bích and Em", chats)
	}
	got := w.sent()
	if len(got[bich]) != 0 {
		t.Errorf("Bích chose Zalo but got %d digests on Telegram", len(got[bich]))
	}
	if len(got[em]) != 1 {
		t.Errorf("Em, on both without a choice, got %d digests on Telegram; want 1", len(got[em]))
	}
}

// People taken off the roster, or moved out of the subtree, after they got
// a digest hear nothing more about it.
func TestCorrectionsOnlyToTheRosterAsItIsNow(t *testing.T) {
	w := newWorld(t, monday)
	w.until(monday.Add(4*24*time.Hour + 17*time.Hour + time.Minute)) // Friday's digest
	w.sent()

	var people []fieldbot.Person
	for _, p := range w.cfg.Roster.People() {
		switch p.Phone {
		case bich: // removed
			continue
		case cuong: // moved to khu vực 2 as its leader
			p.Unit, p.Role = "kv2", fieldbot.RoleLeader
		}
		people = append(people, p)
	}
	roster, err := fieldbot.NewRoster(people)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg.Roster = roster
	w.restart()
	w.until(monday.Add(5*24*time.Hour + 8*time.Hour))
	w.report(dung, 50, 31, 0, 1_000_000_000, 200_000_000)
	notices := w.sent()
	if len(notices[bich]) != 0 {
		t.Errorf("a leader removed from the roster got %d correction notices", len(notices[bich]))
	}
	if len(notices[cuong]) != 0 {
		t.Errorf("a leader moved out of the subtree got %d correction notices", len(notices[cuong]))
	}
}
