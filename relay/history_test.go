package relay_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// newHistoryFixture is the fixture with an administrator, Cường, and a
// form that closes a day after its period, so that periods can be reopened.
func newHistoryFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	cfg := f.r.Engine.Config()
	people := append(cfg.Roster.People(), fieldbot.Person{Phone: "0903000000", Name: "Lê Văn Cường", Unit: "kv1", Role: fieldbot.RoleAdmin})
	roster, err := fieldbot.NewRoster(people)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Roster = roster
	cfg.Forms[0].CloseAfter = 24 * time.Hour
	f.r.Engine, f.r.Roster = conversation.New(cfg), roster
	return f
}

// newEvents is the events added since the last call (newest last).
func (f *fixture) newEvents(t *testing.T, seen *int) []fieldbot.Event {
	t.Helper()
	all, err := f.db.EventsOf(nil, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []fieldbot.Event
	for i := len(all) - 1 - *seen; i >= 0; i-- {
		out = append(out, all[i])
	}
	*seen = len(all)
	for i := range out {
		out[i].At = out[i].At.UTC() // the same instant, as the wanted events say it
	}
	return out
}

func TestEveryActWritesOneEvent(t *testing.T) {
	f := newHistoryFixture(t)
	an := origin // Telegram 42
	bich := relay.Origin{Channel: "telegram", UserID: "43", Chat: "43"}
	cuong := relay.Origin{Channel: "zalo", UserID: "z-cuong", Chat: "z-cuong", Typed: true}
	anZalo := relay.Origin{Channel: "zalo", UserID: "z-an", Chat: "z-an", Typed: true}
	at := f.now
	seen := 0
	one := func(step string, want fieldbot.Event) {
		t.Helper()
		got := f.newEvents(t, &seen)
		want.At = at.UTC()
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("%s recorded %+v; want exactly %+v", step, got, want)
		}
	}
	none := func(step string) {
		t.Helper()
		if got := f.newEvents(t, &seen); len(got) != 0 {
			t.Errorf("%s recorded %+v; want nothing", step, got)
		}
	}

	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	one("An linking Telegram", fieldbot.Event{Kind: fieldbot.EventLink, By: "0912345678", Via: "telegram:42", Unit: "kv1", Person: "0912345678", Ref: "telegram:42"})
	f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0987654321", ContactOwn: true})
	one("Bích linking Telegram", fieldbot.Event{Kind: fieldbot.EventLink, By: "0987654321", Via: "telegram:43", Unit: "kv1", Person: "0987654321", Ref: "telegram:43"})

	// A report: every field new; then a revision changing one of them.
	for _, text := range []string{"12", "3 triệu"} {
		f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: text})
	}
	none("filling in a form")
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	for _, text := range []string{"12", "3 triệu"} {
		f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: text})
	}
	none("filling in a form")
	f.from(t, an, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"})
	one("the first report", fieldbot.Event{Kind: fieldbot.EventRevision, By: "0912345678", Via: "telegram:42", Unit: "kv1", Person: "0912345678",
		Ref: "weekly/2026-W48#1", Changes: []fieldbot.Change{{Field: "a", New: "12"}, {Field: "b", New: "3000000"}}})
	for _, in := range []fieldbot.Input{{Kind: fieldbot.InputCommand, Command: "sua"}, {Kind: fieldbot.InputText, Text: "sửa"},
		{Kind: fieldbot.InputText, Text: "Số việc"}, {Kind: fieldbot.InputText, Text: "15"}, {Kind: fieldbot.InputText, Text: "xác nhận"}} {
		f.from(t, an, in)
	}
	one("the second revision", fieldbot.Event{Kind: fieldbot.EventRevision, By: "0912345678", Via: "telegram:42", Unit: "kv1", Person: "0912345678",
		Ref: "weekly/2026-W48#2", Changes: []fieldbot.Change{{Field: "a", Old: "12", New: "15"}}})

	// An invitation: who invited whom, never the code.
	got := f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moi", Text: "0912345678"})
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got)
	if code == "" {
		t.Fatalf("no code in %q", got)
	}
	all, _ := f.db.EventsOf(nil, "", 1)
	if raw, _ := json.Marshal(all); strings.Contains(string(raw), code) || strings.Contains(string(raw), strings.ReplaceAll(code, "-", "")) {
		t.Errorf("the history holds the invitation code: %s", raw)
	}
	one("Bích inviting An", fieldbot.Event{Kind: fieldbot.EventInvite, By: "0987654321", Via: "telegram:43", Unit: "kv1", Person: "0912345678"})
	f.from(t, anZalo, fieldbot.Input{Kind: fieldbot.InputText, Text: code})
	one("An linking Zalo with the code", fieldbot.Event{Kind: fieldbot.EventLink, By: "0912345678", Via: "zalo:z-an", Unit: "kv1", Person: "0912345678", Ref: "zalo:z-an"})

	// Taking back both his accounts: one event each.
	f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "huylienket", Text: "0912345678"})
	got2 := f.newEvents(t, &seen)
	if len(got2) != 2 {
		t.Fatalf("unlinking two accounts recorded %+v; want two events", got2)
	}
	for i, ref := range []string{"telegram:42", "zalo:z-an"} {
		want := fieldbot.Event{At: at.UTC(), Kind: fieldbot.EventUnlink, By: "0987654321", Via: "telegram:43", Unit: "kv1", Person: "0912345678", Ref: ref}
		if !reflect.DeepEqual(got2[i], want) {
			t.Errorf("unlink event %d = %+v; want %+v", i, got2[i], want)
		}
	}

	// Reopening a closed week, then reopening it again later.
	f.from(t, cuong, fieldbot.Input{Kind: fieldbot.InputText, Text: "x"}) // not linked: nothing
	none("a stranger's message")
	if err := f.db.Update(ctx, func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "z-cuong", Chat: "z-cuong", Phone: "0903000000", Bound: at})
	}); err != nil {
		t.Fatal(err)
	}
	if got := f.from(t, cuong, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moky", Text: "kv1 2026-W46"}); !strings.Contains(got, "Tuần 46") {
		t.Fatalf("/moky: %q", got)
	}
	until := at.Add(24 * time.Hour).UTC().Format(time.RFC3339)
	one("reopening week 46", fieldbot.Event{Kind: fieldbot.EventReopen, By: "0903000000", Via: "zalo:z-cuong", Unit: "kv1", Ref: "weekly/2026-W46",
		Changes: []fieldbot.Change{{Field: "until", New: until}}})
	f.now = f.now.Add(time.Hour)
	at = f.now
	f.from(t, cuong, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moky", Text: "kv1 2026-W46"})
	one("reopening week 46 again", fieldbot.Event{Kind: fieldbot.EventReopen, By: "0903000000", Via: "zalo:z-cuong", Unit: "kv1", Ref: "weekly/2026-W46",
		Changes: []fieldbot.Change{{Field: "until", Old: until, New: at.Add(24 * time.Hour).UTC().Format(time.RFC3339)}}})

	// Reading, listing accounts and asking for help record nothing.
	f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "taikhoan"})
	f.from(t, bich, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "tiendo"})
	none("reading")
}

// A transaction that fails after its act writes no event: the history
// and the change commit or roll back together.
func TestFailedTransactionWritesNoEvent(t *testing.T) {
	f := newFixture(t)
	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	f.r.OnSave = func(*store.Tx, fieldbot.Submission) ([]store.Outgoing, error) { return nil, errors.New("disk full") }
	for _, text := range []string{"12", "3 triệu"} {
		f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: text})
	}
	f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	for _, text := range []string{"12", "3 triệu", "xác nhận"} {
		f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: text})
	}
	n := 0
	f.db.LatestSubmissions("weekly", func(fieldbot.Submission) error { n++; return nil })
	events, err := f.db.EventsOf(nil, "", 10)
	if err != nil || n != 0 || len(events) != 1 || events[0].Kind != fieldbot.EventLink {
		t.Errorf("after a failed save: %d submissions, history %+v, %v; want none and only the link", n, events, err)
	}
}
