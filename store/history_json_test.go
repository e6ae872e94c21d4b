package store_test

import (
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

// testdata/history-json-2026-12.db is a schema 2 file written by the code
// that kept the history as JSON with two index buckets (history_unit,
// history_person): writeOffice plus jsonEraEvents, appended with
// AppendEvent in that order, by TestWriteJSONHistoryFixture as it was at
// commit a3382aa (store code as at a18f463). It is never regenerated:
// today's code writes another format.

// jsonEraEvents are the events in testdata/history-json-2026-12.db, oldest
// first: every kind, with and without unit or person, times in several
// zones, the revision events as relay wrote them then (changes in the
// form's order, all fields new in the first).
var jsonEraEvents = []fieldbot.Event{
	{At: fixClock.AddDate(0, 0, -30), Kind: fieldbot.EventLink, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "telegram:1001"},
	{At: officeRevisions[0].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W45#1",
		Changes: []fieldbot.Change{{Field: "viec_co_dieu_kien", New: "7581"}, {Field: "viec_xong", New: "6300"}, {Field: "tien_xong", New: "1500000000"}}},
	{At: officeRevisions[1].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "zalo:a8f3c2", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W45#2",
		Changes: []fieldbot.Change{{Field: "viec_xong", Old: "6300", New: "6310"}, {Field: "ghi_chu", New: "sửa số việc xong"}}},
	{At: fixClock.AddDate(0, 0, -10).UTC(), Kind: fieldbot.EventReopen, By: bichPhone, Via: "telegram:1002", Unit: "kv1", Ref: "weekly/2026-W44",
		Changes: []fieldbot.Change{{Field: "until", New: "2026-11-30T09:30:00Z"}}},
	{At: time.Date(2026, 11, 18, 7, 0, 0, 123456789, time.UTC), Kind: fieldbot.EventInvite, Via: "server", Unit: "kv2", Person: bichPhone},
	{At: officeRevisions[2].SubmittedAt, Kind: fieldbot.EventRevision, By: anPhone, Via: "telegram:1001", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W46#1",
		Changes: []fieldbot.Change{{Field: "viec_co_dieu_kien", New: "7590"}, {Field: "viec_xong", New: "6350"}, {Field: "tien_xong", New: "1750000000"}}},
	{At: fixClock.AddDate(0, 0, -5), Kind: fieldbot.EventRoster, Via: "server", Unit: "kv2", Person: "0933333333",
		Changes: []fieldbot.Change{{Field: "unit", Old: "kv1", New: "kv2"}, {Field: "role", New: "leader"}, {Field: "name", Old: "Lê Văn Cường"}}},
	{At: fixClock.AddDate(0, 0, -4).In(time.FixedZone("", -(3*3600 + 30*60))), Kind: fieldbot.EventTargets, Via: "server", Unit: "kv1",
		Changes: []fieldbot.Change{{Field: "viec_xong", Old: "6000", New: "6500"}}},
	{At: fixClock.AddDate(0, 0, -1), Kind: fieldbot.EventUnlink, By: bichPhone, Via: "zalo:b1", Unit: "kv1", Person: anPhone, Ref: "zalo:a8f3c2"},
	{At: fixClock, Kind: fieldbot.EventInvite, Via: "server", Ref: "nobody"},
}

// sameEvents says how got differs from want ("" if in nothing): At by
// instant and zone offset, the rest exactly.
func sameEvents(got, want []fieldbot.Event) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d events %v; want %d %v", len(got), refsKinds(got), len(want), refsKinds(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		_, gOff := g.At.Zone()
		_, wOff := w.At.Zone()
		if !g.At.Equal(w.At) || gOff != wOff {
			return fmt.Sprintf("event %d at %v; want %v", i, g.At, w.At)
		}
		g.At, w.At = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("event %d = %+v; want %+v", i, g, w)
		}
	}
	return ""
}

func refsKinds(events []fieldbot.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, string(e.Kind)+":"+e.Ref)
	}
	return out
}

// newestFirst is events reversed, keeping those keep says yes to.
func newestFirst(events []fieldbot.Event, keep func(fieldbot.Event) bool) []fieldbot.Event {
	var out []fieldbot.Event
	for i := len(events) - 1; i >= 0; i-- {
		if keep(events[i]) {
			out = append(out, events[i])
		}
	}
	return out
}

// readJSONHistory checks that db's history is jsonEraEvents, whatever the
// query, after the events in newer (newest first) when they match.
func readJSONHistory(t *testing.T, db *store.DB, newer []fieldbot.Event) {
	t.Helper()
	all := append(slices.Clone(jsonEraEvents), newestFirst(newer, func(fieldbot.Event) bool { return true })...)
	for _, c := range []struct {
		units  []string
		person string
		keep   func(fieldbot.Event) bool
	}{
		{nil, "", func(fieldbot.Event) bool { return true }},
		{[]string{"kv1"}, "", func(e fieldbot.Event) bool { return e.Unit == "kv1" }},
		{[]string{"kv2", "kv9"}, "", func(e fieldbot.Event) bool { return e.Unit == "kv2" }},
		{nil, anPhone, func(e fieldbot.Event) bool { return e.Person == anPhone }},
		{[]string{"kv2"}, bichPhone, func(e fieldbot.Event) bool { return e.Person == bichPhone && e.Unit == "kv2" }},
		{[]string{"kv1"}, bichPhone, func(fieldbot.Event) bool { return false }},
		{nil, "0900000000", func(fieldbot.Event) bool { return false }},
	} {
		want := newestFirst(all, c.keep)
		got, err := db.EventsOf(c.units, c.person, 100)
		if err != nil {
			t.Errorf("EventsOf(%q, %q): %v", c.units, c.person, err)
		} else if diff := sameEvents(got, want); diff != "" {
			t.Errorf("EventsOf(%q, %q): %s", c.units, c.person, diff)
		}
		if len(want) > 2 {
			got, err := db.EventsOf(c.units, c.person, 2)
			if diff := sameEvents(got, want[:2]); err != nil || diff != "" {
				t.Errorf("EventsOf(%q, %q, 2): %s, %v", c.units, c.person, diff, err)
			}
		}
	}
}

// A file whose history today's code did not write — JSON events, index
// buckets — reads back the same: as it is (read-only, a nightly copy
// being checked or restored), and once opened for writing (schema 3: the
// indexes go, the events stay), with new events after its own.
func TestJSONHistoryReadsBack(t *testing.T) {
	const name = "testdata/history-json-2026-12.db"
	info, err := store.CheckFile(name)
	if err != nil || info.Schema != 2 {
		t.Fatalf("CheckFile(%s) = %+v, %v; want schema 2", name, info, err)
	}
	ro, err := store.Open(name, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	readJSONHistory(t, ro, nil)
	readSubmissions(t, ro)
	ro.Close()

	path := filepath.Join(t.TempDir(), "fieldbot.db")
	copyFile(t, name, path)
	db := open(t, path)
	if v, err := db.Schema(); err != nil || v != store.SchemaVersion {
		t.Errorf("schema after opening = %d, %v; want %d", v, err, store.SchemaVersion)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	readJSONHistory(t, db, nil)
	// (Not readOffice: its invitation was keyed by an invite.key that
	// stayed beside the file it was made in.)
	readSubmissions(t, db)

	// New events, binary, come after the JSON ones and mix with them in
	// every query.
	s := officeRevisions[2] // week 46 again, from Zalo
	s.Via, s.SubmittedAt = "zalo:a8f3c2", fixClock
	s.Answers = fieldbot.Answers{"viec_co_dieu_kien": "7590", "viec_xong": "6360", "ghi_chu": "bổ sung"}
	link := fieldbot.Event{At: fixClock.Add(time.Minute), Kind: fieldbot.EventLink, By: bichPhone, Via: "telegram:1002", Unit: "kv2", Person: bichPhone, Ref: "telegram:1002"}
	update(t, db, func(tx *store.Tx) error {
		if _, err := tx.PutSubmission(s); err != nil {
			return err
		}
		return tx.AppendEvent(link)
	})
	newer := []fieldbot.Event{link, {At: fixClock, Kind: fieldbot.EventRevision, By: anPhone, Via: "zalo:a8f3c2", Unit: "kv1", Person: anPhone, Ref: "weekly/2026-W46#2",
		Changes: []fieldbot.Change{{Field: "ghi_chu", New: "bổ sung"}, {Field: "tien_xong", Old: "1750000000"}, {Field: "viec_xong", Old: "6350", New: "6360"}}}}
	readJSONHistory(t, db, newer)
	db = reopen(t, db)
	readJSONHistory(t, db, newer)
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	db.Close()
	_, names := schemaOf(t, path)
	for _, n := range names {
		if strings.HasPrefix(n, "history_") {
			t.Errorf("the migrated file still has %s", n)
		}
	}
}
