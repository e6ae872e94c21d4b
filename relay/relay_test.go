package relay_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

var ctx = context.Background()

type fixture struct {
	r   *relay.Relay
	db  *store.DB
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	tree, _ := fieldbot.NewTree([]fieldbot.Unit{{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1"}})
	roster, _ := fieldbot.NewRoster([]fieldbot.Person{{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer},
		{Phone: "0987654321", Name: "Trần Thị Bích", Unit: "kv1", Role: fieldbot.RoleLeader}})
	form := fieldbot.Form{ID: "weekly", Title: "Báo cáo tuần", Period: fieldbot.PeriodWeek, Fields: []fieldbot.Field{
		{ID: "a", Label: "Số việc", Type: fieldbot.FieldCount, Aggregate: fieldbot.AggregateLast, Required: true},
		{ID: "b", Label: "Số tiền", Type: fieldbot.FieldMoney, Aggregate: fieldbot.AggregateLast, Required: true},
	}}
	f := &fixture{now: time.Date(2026, 11, 27, 9, 0, 0, 0, loc)}
	db, err := store.Open(filepath.Join(t.TempDir(), "fieldbot.db"), store.Options{Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	engine := conversation.New(conversation.Config{Forms: []fieldbot.Form{form}, Tree: tree, Roster: roster,
		Calendar: fieldbot.Calendar{Location: loc, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}, Lang: locale.VI, IdleTimeout: time.Hour})
	f.db = db
	f.r = &relay.Relay{DB: db, Engine: engine, Roster: roster, Lang: locale.VI, Now: func() time.Time { return f.now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return f
}

var origin = relay.Origin{Channel: "telegram", UserID: "42", Chat: "42"}

func (f *fixture) send(t *testing.T, in fieldbot.Input) relay.Outcome {
	t.Helper()
	out, err := f.r.Handle(ctx, origin, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// from handles an input from another chat than the default origin and
// returns the texts queued.
func (f *fixture) from(t *testing.T, o relay.Origin, in fieldbot.Input) string {
	t.Helper()
	out, err := f.r.Handle(ctx, o, in)
	if err != nil {
		t.Fatal(err)
	}
	return texts(out.Outgoing)
}

func texts(out []store.Outgoing) string {
	var b strings.Builder
	for _, o := range out {
		m, _ := relay.DecodeMessage(o.Payload)
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

func TestHandleCommitsEverythingTogether(t *testing.T) {
	f := newFixture(t)
	added, _ := f.db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 5, Chat: "42"}})
	if len(added) != 1 {
		t.Fatal("inbox put failed")
	}
	o := origin
	o.UpdateID = 5
	out, err := f.r.Handle(ctx, o, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	if err != nil || !strings.Contains(texts(out.Outgoing), "Nguyễn Văn An") {
		t.Fatalf("onboarding: %v %q", err, texts(out.Outgoing))
	}
	if out.Bound == nil || out.Bound.Phone != "0912345678" {
		t.Errorf("onboarding: Bound = %+v; want An", out.Bound)
	}
	if pending, _ := f.db.InboxPending("telegram"); len(pending) != 0 {
		t.Errorf("update still pending after handling: %v", pending)
	}
	if queued, _ := f.db.Outbox("telegram"); len(queued) != len(out.Outgoing) {
		t.Errorf("outbox has %d entries; handle returned %d", len(queued), len(out.Outgoing))
	}
	if out := f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"}); out.Bound != nil {
		t.Errorf("a report bound %+v", out.Bound)
	}
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	out = f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})
	if !strings.Contains(texts(out.Outgoing), "3.000.000 đồng") {
		t.Fatalf("summary: %q", texts(out.Outgoing))
	}
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"})
	var n int
	f.db.LatestSubmissions("weekly", func(s fieldbot.Submission) error {
		n++
		if s.Answers["b"] != "3000000" || s.Phone != "0912345678" || s.Revision != 1 {
			t.Errorf("stored %+v", s)
		}
		return nil
	})
	if n != 1 {
		t.Errorf("%d submissions stored", n)
	}
}

func TestSweepExpiresIdleForms(t *testing.T) {
	f := newFixture(t)
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	if out := f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"}); out.Bound != nil {
		t.Errorf("a report bound %+v", out.Bound)
	}
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	if out, _ := f.r.Sweep(ctx, "telegram"); len(out) != 0 {
		t.Fatalf("a fresh form was expired: %q", texts(out))
	}
	f.now = f.now.Add(61 * time.Minute)
	out, err := f.r.Sweep(ctx, "telegram")
	if err != nil || len(out) != 1 || !strings.Contains(texts(out), "hết hạn") {
		t.Fatalf("Sweep = %q, %v", texts(out), err)
	}
	if again, _ := f.r.Sweep(ctx, "telegram"); len(again) != 0 {
		t.Errorf("expired twice: %q", texts(again))
	}
	// The next answer does not land in the expired form.
	res := f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})
	if strings.Contains(texts(res.Outgoing), "3.000.000") {
		t.Errorf("an answer went into an expired form: %q", texts(res.Outgoing))
	}
}

// hold keeps a reminder for the chat, as the reminder job does when the
// person is in the middle of a form.
func (f *fixture) hold(t *testing.T, text string) {
	t.Helper()
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		busy, err := relay.Busy(tx, "telegram", "42")
		if err != nil || !busy {
			t.Errorf("Busy = %v, %v; want true mid-form", busy, err)
		}
		return relay.Hold(tx, store.Outgoing{Channel: "telegram", Chat: "42", Bulk: true}, fieldbot.Message{Text: text})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHeldReminderWaitsForTheFormToEnd(t *testing.T) {
	f := newFixture(t)
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	f.hold(t, "⏰ nhắc báo cáo")
	out := f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	if strings.Contains(texts(out.Outgoing), "⏰") {
		t.Fatalf("the reminder cut into the form: %q", texts(out.Outgoing))
	}
	out = f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huy"})
	if got := texts(out.Outgoing); !strings.Contains(got, "⏰ nhắc báo cáo") {
		t.Fatalf("after cancelling, the held reminder was not sent: %q", got)
	}
	if last := out.Outgoing[len(out.Outgoing)-1]; !last.Bulk {
		t.Error("the released reminder lost its bulk mark")
	}
}

func TestHeldReminderDroppedOnceReported(t *testing.T) {
	f := newFixture(t)
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	f.hold(t, "⏰ nhắc báo cáo")
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})
	out := f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"})
	if got := texts(out.Outgoing); strings.Contains(got, "⏰") {
		t.Fatalf("a reminder followed the report it asked for: %q", got)
	}
	out = f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup"})
	if got := texts(out.Outgoing); strings.Contains(got, "⏰") {
		t.Fatalf("the dropped reminder came back later: %q", got)
	}
}

func TestInvitationCodes(t *testing.T) {
	f := newFixture(t)
	leader := relay.Origin{Channel: "telegram", UserID: "7", Chat: "7"}
	zalo := relay.Origin{Channel: "zalo", UserID: "z-an", Chat: "z-an", Typed: true}
	stranger := relay.Origin{Channel: "zalo", UserID: "z-x", Chat: "z-x", Typed: true}
	f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	got := f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "nguyen van an"})
	i := strings.Index(got, "Nguyễn Văn An: ")
	if i < 0 {
		t.Fatalf("/moi answered %q", got)
	}
	code := got[i+len("Nguyễn Văn An: ") : i+len("Nguyễn Văn An: ")+9] // "ABCD-EFGH"

	// Where no phone can be shared, a newcomer is asked for a code.
	out, err := f.r.Handle(ctx, stranger, fieldbot.Input{Kind: fieldbot.InputText, Text: "xin chào"})
	if err != nil || !strings.Contains(texts(out.Outgoing), "mã mời") || strings.Contains(string(out.Outgoing[0].Payload), "ask_contact") {
		t.Fatalf("a Zalo newcomer got %q, %v", texts(out.Outgoing), err)
	}

	// Wrong codes count; the fifth locks the account out for an hour,
	// even with the right code.
	for range 5 {
		if got := f.from(t, stranger, fieldbot.Input{Kind: fieldbot.InputText, Text: "AAAA-BBBB"}); !strings.Contains(got, "không đúng") {
			t.Fatalf("a wrong code answered %q", got)
		}
	}
	if got := f.from(t, stranger, fieldbot.Input{Kind: fieldbot.InputText, Text: code}); !strings.Contains(got, "quá nhiều lần") {
		t.Fatalf("after five wrong codes: %q", got)
	}

	// The right code, typed in lower case, binds the Zalo account to An.
	if got := f.from(t, zalo, fieldbot.Input{Kind: fieldbot.InputText, Text: strings.ToLower(code)}); !strings.Contains(got, "Nguyễn Văn An") {
		t.Fatalf("redeeming answered %q", got)
	}
	err = f.db.View(func(tx *store.Tx) error {
		accts, err := tx.AccountsOf("0912345678")
		if len(accts) != 1 || accts[0].Channel != "zalo" {
			t.Errorf("An's accounts: %+v", accts)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Used once: nobody else gets in with it, and it expires anyway.
	other := relay.Origin{Channel: "zalo", UserID: "z-y", Chat: "z-y"}
	if got := f.from(t, other, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "start", Text: code}); !strings.Contains(got, "không đúng") {
		t.Fatalf("a used code answered %q", got)
	}

	// An officer cannot issue codes; a leader not for someone unknown.
	if got := f.from(t, zalo, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "0987654321"}); !strings.Contains(got, "không có quyền") {
		t.Errorf("an officer's /moi answered %q", got)
	}
	if got := f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "0900000000"}); !strings.Contains(got, "Không tìm thấy") {
		t.Errorf("/moi for a stranger answered %q", got)
	}

	// A fresh code expires after three days.
	got = f.from(t, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "0912345678"})
	i = strings.Index(got, "Nguyễn Văn An: ")
	late := got[i+len("Nguyễn Văn An: ") : i+len("Nguyễn Văn An: ")+9]
	f.now = f.now.Add(73 * time.Hour)
	if got := f.from(t, other, fieldbot.Input{Kind: fieldbot.InputText, Text: late}); !strings.Contains(got, "hết hạn") {
		t.Fatalf("an expired code answered %q", got)
	}
}

func TestChannelPreference(t *testing.T) {
	f := newFixture(t)
	tg := relay.Origin{Channel: "telegram", UserID: "7", Chat: "7"}
	f.from(t, tg, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	if got := f.from(t, tg, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "kenh", Text: "zalo"}); !strings.Contains(got, "chưa liên kết kênh zalo") {
		t.Fatalf("choosing a channel she is not on: %q", got)
	}
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "z7", Chat: "z7", Phone: "0987654321"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.from(t, tg, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "kenh", Text: "Zalo"}); !strings.Contains(got, "qua zalo") {
		t.Fatalf("choosing Zalo: %q", got)
	}
	if got := f.from(t, tg, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "channel"}); !strings.Contains(got, "telegram, zalo") || !strings.Contains(got, "gửi qua: zalo") {
		t.Fatalf("showing the choice: %q", got)
	}
	f.from(t, tg, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "kenh", Text: "tất cả"})
	f.db.View(func(tx *store.Tx) error {
		if p, _ := tx.Preferred("0987654321"); p != "" {
			t.Errorf("preference %q after choosing all", p)
		}
		return nil
	})
}

func TestDigestPreviewAfterTheCommit(t *testing.T) {
	f := newFixture(t)
	f.r.Engine = conversation.New(func() conversation.Config { c := f.r.Engine.Config(); c.Digests = true; return c }())
	calls := 0
	f.r.Preview = func(p fieldbot.Person, _ locale.Lang, now time.Time) ([]fieldbot.Message, error) {
		calls++
		return []fieldbot.Message{{Text: "bản tổng hợp của " + p.Name, Photo: &fieldbot.File{Name: "c.png", Data: []byte("png")}}}, nil
	}
	leader := relay.Origin{Channel: "telegram", UserID: "7", Chat: "7"}
	if _, err := f.r.Handle(ctx, leader, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true}); err != nil {
		t.Fatal(err)
	}
	out, err := f.r.Handle(ctx, leader, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tonghop"})
	if err != nil || calls != 1 || !strings.Contains(texts(out.Outgoing), "bản tổng hợp của Trần Thị Bích") {
		t.Fatalf("/tonghop: %d builds, %q, %v", calls, texts(out.Outgoing), err)
	}
	queued, _ := f.db.Outbox("telegram")
	m, _ := relay.DecodeMessage(queued[len(queued)-1].Payload)
	if m.Photo == nil || m.Photo.Ref == "" || len(m.Photo.Data) != 0 {
		t.Errorf("preview photo queued as %+v; want a stored file reference", m.Photo)
	}
}

// A fresh update (never stored pending) is claimed in the transaction of
// its effects, Committed is called once it is on disk, and a re-delivery
// of it changes nothing and says nothing.
func TestFreshUpdateHandledOnce(t *testing.T) {
	f := newFixture(t)
	committed := 0
	o := origin
	o.UpdateID, o.Fresh, o.Committed = 9, true, func() { committed++ }
	contact := fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true}
	out, err := f.r.Handle(ctx, o, contact)
	if err != nil || !strings.Contains(texts(out.Outgoing), "Nguyễn Văn An") || committed != 1 {
		t.Fatalf("first delivery: %v %q, committed %d times", err, texts(out.Outgoing), committed)
	}
	again, err := f.r.Handle(ctx, o, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	if err != nil || len(again.Outgoing) != 0 || again.Bound != nil || !again.Repeated || out.Repeated {
		t.Fatalf("re-delivery: %v, %d messages, bound %v", err, len(again.Outgoing), again.Bound)
	}
	if queued, _ := f.db.Outbox("telegram"); len(queued) != len(out.Outgoing) {
		t.Errorf("outbox has %d entries after the re-delivery; want %d", len(queued), len(out.Outgoing))
	}
	if pending, _ := f.db.InboxPending("telegram"); len(pending) != 0 {
		t.Errorf("a fresh update is pending: %v", pending)
	}
	if added, _ := f.db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 9, Chat: "42"}}); len(added) != 0 {
		t.Error("the claimed update could be stored again")
	}
}

// A panic while handling one update is contained: logged with the update
// id, the person told nothing was saved, the update marked done, nothing
// of it committed, and the next chat served.
func TestPanicIsContainedToItsUpdate(t *testing.T) {
	f := newFixture(t)
	var logs strings.Builder
	f.r.Log = slog.New(slog.NewTextHandler(&logs, nil))
	f.r.OnSave = func(*store.Tx, fieldbot.Submission) ([]store.Outgoing, error) { panic("on purpose") }
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})

	f.db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 77, Chat: "42"}})
	o := origin
	o.UpdateID = 77
	out, err := f.r.Handle(ctx, o, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"})
	if err != nil {
		t.Fatalf("Handle after a panic: %v", err)
	}
	if got := texts(out.Outgoing); !strings.Contains(got, "chưa có dữ liệu nào được lưu") {
		t.Errorf("the person was told %q; want that nothing was saved", got)
	}
	if pending, _ := f.db.InboxPending("telegram"); len(pending) != 0 {
		t.Errorf("the update that panicked is still pending: %v", pending)
	}
	if !strings.Contains(logs.String(), "update=77") || !strings.Contains(logs.String(), "on purpose") {
		t.Errorf("the panic was not logged with its update id:\n%s", logs.String())
	}
	n := 0
	f.db.LatestSubmissions("weekly", func(fieldbot.Submission) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d submissions committed by a panicking update", n)
	}

	// Another chat is served.
	bich := relay.Origin{Channel: "telegram", UserID: "43", Chat: "43"}
	if got := f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true}); !strings.Contains(got, "Trần Thị Bích") {
		t.Errorf("the next chat got %q", got)
	}
}

// The replies handed to the sender carry their message in memory, exactly
// as the outbox stores it (attached bytes replaced by their stored ref),
// while the stored entries carry only the payload.
func TestQueuedEntriesCarryTheirMessage(t *testing.T) {
	f := newFixture(t)
	out := f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	var queued []store.Outgoing
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		queued, err = relay.Enqueue(tx, store.Outgoing{Channel: "telegram", Chat: "42"},
			fieldbot.Message{Text: "chart", Photo: &fieldbot.File{Name: "c.png", Data: []byte("png")}, Options: []fieldbot.Option{{Label: "A", Data: "a"}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	entries := append(out.Outgoing, queued...)
	if len(entries) < 2 {
		t.Fatalf("%d entries queued", len(entries))
	}
	for _, e := range entries {
		decoded, err := relay.DecodeMessage(e.Payload)
		if err != nil || e.Message == nil || !reflect.DeepEqual(*e.Message, decoded) {
			t.Errorf("entry %d: in memory %+v, stored %+v (%v)", e.ID, e.Message, decoded, err)
		}
	}
	if p := queued[0].Message.Photo; p == nil || p.Ref == "" || p.Data != nil {
		t.Errorf("photo in memory: %+v; want the stored ref without the bytes", p)
	}
	stored, _ := f.db.Outbox("telegram")
	for _, e := range stored {
		m, err := relay.MessageOf(e)
		if e.Message != nil || err != nil || m.Text == "" {
			t.Errorf("stored entry %d: Message %+v, decoded %+v (%v)", e.ID, e.Message, m, err)
		}
	}
}
