package store

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// A schema 1 file with a history (the buckets came within version 1) as
// that code wrote it — JSON under 8-byte keys, two index buckets — reads
// back as it is read-only, and after Open migrates it to the current
// schema, where new events follow it.
func TestSchema1HistoryReadsBack(t *testing.T) {
	path := copyTo(t, "testdata/release-2026-12.db")
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	old := []fieldbot.Event{
		{At: at, Kind: fieldbot.EventInvite, Via: "server", Unit: "kv1", Person: "0912345678"},
		{At: at.Add(time.Hour), Kind: fieldbot.EventRevision, By: "0912345678", Via: "telegram:1001", Unit: "kv1", Person: "0912345678", Ref: "weekly/2026-W45#1",
			Changes: []fieldbot.Change{{Field: "viec_xong", New: "6300"}, {Field: "viec_co_dieu_kien", New: "7581"}}},
		{At: at.Add(2 * time.Hour), Kind: fieldbot.EventReopen, By: "0987654321", Via: "telegram:1002", Unit: "kv2", Ref: "weekly/2026-W44",
			Changes: []fieldbot.Change{{Field: "until", New: "2026-11-30T09:30:00Z"}}},
	}
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		// As AppendEvent wrote them then.
		hist, err := tx.CreateBucket(bucketHistory)
		if err != nil {
			return err
		}
		byUnit, _ := tx.CreateBucket(bucketHistoryUnit)
		byPerson, _ := tx.CreateBucket(bucketHistoryPerson)
		for _, e := range old {
			seq, _ := hist.NextSequence()
			key := u64(seq)
			r := eventRecord{At: e.At, Kind: string(e.Kind), By: e.By, Via: e.Via, Unit: e.Unit, Person: e.Person, Ref: e.Ref}
			for _, c := range e.Changes {
				r.Changes = append(r.Changes, changeRecord{Field: c.Field, Old: c.Old, New: c.New})
			}
			v, _ := json.Marshal(r)
			if err := hist.Put(key, v); err != nil {
				return err
			}
			if e.Unit != "" {
				byUnit.Put(append(prefix(e.Unit), key...), nil)
			}
			if e.Person != "" {
				byPerson.Put(append(prefix(e.Person), key...), nil)
			}
		}
		return nil
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	check := func(db *DB, newer ...fieldbot.Event) {
		t.Helper()
		for _, c := range []struct {
			units  []string
			person string
			want   []fieldbot.Event
		}{
			{nil, "", append(newer, old[2], old[1], old[0])},
			{[]string{"kv1"}, "", append(newer, old[1], old[0])},
			{[]string{"kv2"}, "", []fieldbot.Event{old[2]}},
			{nil, "0912345678", append(newer, old[1], old[0])},
		} {
			got, err := db.EventsOf(c.units, c.person, 10)
			for i := range got {
				got[i].At = got[i].At.UTC()
			}
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("EventsOf(%q, %q) = %+v, %v; want %+v", c.units, c.person, got, err, c.want)
			}
		}
	}
	if _, err := CheckFile(path); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	check(ro)
	ro.Close()

	db, err := Open(path, Options{Now: func() time.Time { return at.Add(24 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(db)
	link := fieldbot.Event{At: at.Add(24 * time.Hour), Kind: fieldbot.EventLink, By: "0912345678", Via: "zalo:a8f3c2", Unit: "kv1", Person: "0912345678", Ref: "zalo:a8f3c2"}
	if err := db.Update(t.Context(), func(tx *Tx) error { return tx.AppendEvent(link) }); err != nil {
		t.Fatal(err)
	}
	check(db, link)
	db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketHistoryUnit) != nil || tx.Bucket(bucketHistoryPerson) != nil {
			t.Error("the migrated file still has the history's index buckets")
		}
		return nil
	})
}

// An event in a format this code does not know (a later fieldbot's) is
// an error, not skipped; so is one cut short.
func TestUnknownEventFormat(t *testing.T) {
	for _, v := range [][]byte{{9, 1, 1}, {eventFull, 1}, {eventRevisionRef, 1, 1, 1}} {
		db, err := Open(filepath.Join(t.TempDir(), "fieldbot.db"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(t.Context(), func(tx *Tx) error {
			if err := tx.AppendEvent(fieldbot.Event{Kind: fieldbot.EventLink}); err != nil {
				return err
			}
			return tx.putEvent(v)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.EventsOf(nil, "", 10); err == nil {
			t.Errorf("history with %x read as %+v", v, got)
		}
		db.Close()
	}
}
