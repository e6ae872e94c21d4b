package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// refs is the Ref of each event, in the order given.
func refs(events []fieldbot.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Ref)
	}
	return out
}

func appendEvents(t *testing.T, db *store.DB, events ...fieldbot.Event) {
	t.Helper()
	update(t, db, func(tx *store.Tx) error {
		for _, e := range events {
			if err := tx.AppendEvent(e); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestHistoryOrderFiltersAndLimit(t *testing.T) {
	db, _ := tempDB(t)
	// Ten events over three units and three people, in two transactions.
	var first, second []fieldbot.Event
	for i := range 10 {
		e := fieldbot.Event{Kind: fieldbot.EventTargets, By: "0900000000", Via: "telegram:1",
			Unit: []string{"kv1", "kv2", "kv10"}[i%3], Person: []string{"091", "092", "093"}[i%3], Ref: fmt.Sprint("e", i),
			Changes: []fieldbot.Change{{Field: "viec_xong", Old: fmt.Sprint(i), New: fmt.Sprint(i + 1)}}}
		if i < 5 {
			first = append(first, e)
		} else {
			second = append(second, e)
		}
	}
	appendEvents(t, db, first...)
	appendEvents(t, db, second...)
	appendEvents(t, db, fieldbot.Event{Kind: fieldbot.EventInvite, Ref: "nobody"}) // neither unit nor person

	for _, c := range []struct {
		units  []string
		person string
		limit  int
		want   []string
	}{
		{nil, "", 100, []string{"nobody", "e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0"}},
		{nil, "", 3, []string{"nobody", "e9", "e8"}},
		{[]string{"kv1"}, "", 100, []string{"e9", "e6", "e3", "e0"}}, // not kv10's
		{[]string{"kv10"}, "", 100, []string{"e8", "e5", "e2"}},
		{[]string{"kv2", "kv1"}, "", 100, []string{"e9", "e7", "e6", "e4", "e3", "e1", "e0"}},
		{[]string{"kv2", "kv1", "kv1"}, "", 4, []string{"e9", "e7", "e6", "e4"}},
		{[]string{"kv9"}, "", 100, nil},
		{nil, "092", 100, []string{"e7", "e4", "e1"}},
		{nil, "092", 2, []string{"e7", "e4"}},
		{[]string{"kv2"}, "092", 100, []string{"e7", "e4", "e1"}},
		{[]string{"kv1"}, "092", 100, nil}, // the person's events outside the units
		{nil, "", 0, nil},
	} {
		got, err := db.EventsOf(c.units, c.person, c.limit)
		if err != nil || !slices.Equal(refs(got), c.want) {
			t.Errorf("EventsOf(%q, %q, %d) = %v, %v; want %v", c.units, c.person, c.limit, refs(got), err, c.want)
		}
	}

	// What was appended reads back whole, the clock filling in At.
	got, err := db.EventsOf([]string{"kv1"}, "", 1)
	want := second[4]
	want.At = clock
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("newest kv1 event = %+v, %v; want %+v", got, err, want)
	}
	// The same inside a transaction, and after a restart.
	db = reopen(t, db)
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.EventsOf(nil, "093", 100)
		if err != nil || !slices.Equal(refs(got), []string{"e8", "e5", "e2"}) {
			t.Errorf("tx.EventsOf(093) after reopening = %v, %v", refs(got), err)
		}
		return nil
	})
}

// An event given a time keeps it; a bad one is refused and, like every
// change of a failed transaction, leaves nothing behind.
func TestAppendEventRefusesAndRollsBack(t *testing.T) {
	db, _ := tempDB(t)
	at := time.Date(2026, 12, 6, 10, 5, 0, 0, time.UTC)
	appendEvents(t, db, fieldbot.Event{At: at, Kind: fieldbot.EventReopen, Unit: "kv1", Ref: "weekly/2026-W47"})
	for _, bad := range []fieldbot.Event{{Unit: "kv1"}, {Kind: fieldbot.EventLink, Unit: "k\x00v1"}, {Kind: fieldbot.EventLink, Person: "0\x00"}} {
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.AppendEvent(bad) }); fieldbot.ErrorCode(err) != fieldbot.EINVALID {
			t.Errorf("AppendEvent(%+v) = %v; want EINVALID", bad, err)
		}
	}
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.AppendEvent(fieldbot.Event{Kind: fieldbot.EventLink, Unit: "kv1", Person: "091", Ref: "rolled back"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v", err)
	}
	got, err := db.EventsOf(nil, "", 10)
	if err != nil || len(got) != 1 || !got[0].At.Equal(at) || got[0].Ref != "weekly/2026-W47" {
		t.Errorf("history = %+v, %v; want only the reopening at %v", got, err, at)
	}
	if got, _ := db.EventsOf(nil, "091", 10); len(got) != 0 {
		t.Errorf("the rolled-back event is found: %+v", got)
	}
}

// The history is append-only: the store offers no way to change or remove
// an event, and appending never touches what is there.
func TestHistoryHasNoEdits(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[*store.Tx](), reflect.TypeFor[*store.DB]()} {
		for m := range typ.Methods() {
			if strings.Contains(m.Name, "Event") && m.Name != "AppendEvent" && m.Name != "EventsOf" {
				t.Errorf("%v has %s: the history must have no API but appending and reading", typ, m.Name)
			}
		}
	}
	db, _ := tempDB(t)
	e := fieldbot.Event{Kind: fieldbot.EventRoster, Unit: "kv1", Person: "091", Ref: "weekly/2026-W49"}
	appendEvents(t, db, e)
	before, _ := db.EventsOf(nil, "", 10)
	appendEvents(t, db, e, e) // the same act twice is two entries
	after, _ := db.EventsOf(nil, "", 10)
	if len(after) != 3 || !reflect.DeepEqual(after[2], before[0]) {
		t.Errorf("after appending twice: %+v; want 3 events, the first unchanged (%+v)", after, before)
	}
}

// A backup written by the release before the history still passes the
// check that restore uses, and a read-only open of it reads an empty
// history (the buckets are made only when the file is opened to write).
func TestHistoryInAnEarlierReleasesFile(t *testing.T) {
	for _, name := range releaseFixtures {
		path := filepath.Join(t.TempDir(), "fieldbot.db")
		copyFile(t, name, path)
		if _, err := store.CheckFile(path); err != nil {
			t.Errorf("CheckFile(%s) = %v", name, err)
		}
		ro, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ro.EventsOf([]string{"kv1"}, "", 10); err != nil || len(got) != 0 {
			t.Errorf("read-only history of %s = %+v, %v; want none", name, got, err)
		}
		ro.Close()
		db := open(t, path)
		appendEvents(t, db, fieldbot.Event{Kind: fieldbot.EventLink, Unit: "kv1", Person: anPhone})
		if got, err := db.EventsOf(nil, anPhone, 10); err != nil || len(got) != 1 {
			t.Errorf("history of %s once opened = %+v, %v; want the one event", name, got, err)
		}
		if err := db.Check(); err != nil {
			t.Error(err)
		}
		db.Close()
	}
}

// Saving a revision appends its event in the same transaction: who saved
// it, when, through which account, and every answer that differs from the
// revision before, read from the revisions; a save that rolls back leaves
// neither. A revision's event cannot be appended by hand.
func TestRevisionEvents(t *testing.T) {
	db, _ := tempDB(t)
	ict := time.FixedZone("ICT", 7*3600)
	k := fieldbot.SubmissionKey{Form: "weekly", Period: "2026-W49", Unit: "kv1", Phone: "0912345678"}
	save := func(at time.Time, by, via string, answers fieldbot.Answers) {
		t.Helper()
		update(t, db, func(tx *store.Tx) error {
			_, err := tx.PutSubmission(fieldbot.Submission{Form: k.Form, Period: k.Period, Unit: k.Unit, Phone: k.Phone,
				SubmittedAt: at, SubmittedBy: by, Via: via, Answers: answers})
			return err
		})
	}
	t1 := time.Date(2026, 12, 4, 17, 5, 0, 0, ict)
	save(t1, k.Phone, "telegram:42", fieldbot.Answers{"viec_xong": "40", "tien_xong": "1500000", "ghi_chu": "đủ", "b": ""})
	save(t1.Add(time.Hour), "0987654321", "zalo:b1", fieldbot.Answers{"viec_xong": "45", "tien_xong": "1500000", "a": "1.5", "b": ""})
	appendEvents(t, db, fieldbot.Event{Kind: fieldbot.EventLink, By: "0987654321", Via: "zalo:b1", Unit: "kv1", Person: "0987654321", Ref: "zalo:b1"})
	boom := errors.New("boom")
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.PutSubmission(fieldbot.Submission{Form: k.Form, Period: k.Period, Unit: k.Unit, Phone: k.Phone, SubmittedBy: k.Phone, Via: "telegram:42"}); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.AppendEvent(fieldbot.Event{Kind: fieldbot.EventRevision, Unit: "kv1", Ref: "weekly/2026-W49#9"})
	}); fieldbot.ErrorCode(err) != fieldbot.EINVALID {
		t.Errorf("AppendEvent(a revision) = %v; want EINVALID", err)
	}

	want := []fieldbot.Event{
		{At: t1.Add(time.Hour), Kind: fieldbot.EventRevision, By: "0987654321", Via: "zalo:b1", Unit: "kv1", Person: k.Phone, Ref: "weekly/2026-W49#2",
			Changes: []fieldbot.Change{{Field: "a", New: "1.5"}, {Field: "ghi_chu", Old: "đủ"}, {Field: "viec_xong", Old: "40", New: "45"}}},
		{At: t1, Kind: fieldbot.EventRevision, By: k.Phone, Via: "telegram:42", Unit: "kv1", Person: k.Phone, Ref: "weekly/2026-W49#1",
			Changes: []fieldbot.Change{{Field: "ghi_chu", New: "đủ"}, {Field: "tien_xong", New: "1500000"}, {Field: "viec_xong", New: "40"}}},
	}
	for _, q := range []struct {
		units  []string
		person string
	}{{nil, k.Phone}, {[]string{"kv2", "kv1"}, k.Phone}} {
		got, err := db.EventsOf(q.units, q.person, 10)
		if diff := sameEvents(got, want); err != nil || diff != "" {
			t.Errorf("EventsOf(%q, %q): %s, %v", q.units, q.person, diff, err)
		}
	}
	if got, err := db.EventsOf(nil, "", 10); err != nil || len(got) != 3 || got[0].Kind != fieldbot.EventLink {
		t.Errorf("the whole history = %+v, %v; want the link and the two revisions", got, err)
	}
	if got, err := db.EventsOf([]string{"kv2"}, "", 10); err != nil || len(got) != 0 {
		t.Errorf("kv2's history = %+v, %v; want none", got, err)
	}
	// The dictionary numbers hold after a restart, and go on from there.
	db = reopen(t, db)
	save(t1.Add(2*time.Hour), k.Phone, "zalo:new", fieldbot.Answers{"viec_xong": "46"})
	got, err := db.EventsOf([]string{"kv1"}, k.Phone, 2)
	if err != nil || len(got) != 2 || got[0].Via != "zalo:new" || got[0].Ref != "weekly/2026-W49#3" || sameEvents(got[1:], want[:1]) != "" {
		t.Errorf("after reopening: %+v, %v", got, err)
	}
	view(t, db, func(tx *store.Tx) error {
		revs, err := tx.Revisions(k)
		if err != nil || len(revs) != 3 || revs[0].Via != "telegram:42" || revs[1].Via != "zalo:b1" || revs[2].Via != "zalo:new" {
			t.Errorf("Revisions = %+v, %v", revs, err)
		}
		return nil
	})
}
