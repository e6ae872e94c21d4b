package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

func put(t *testing.T, db *store.DB, s fieldbot.Submission) fieldbot.Submission {
	t.Helper()
	var got fieldbot.Submission
	update(t, db, func(tx *store.Tx) error {
		var err error
		got, err = tx.PutSubmission(s)
		return err
	})
	return got
}

func TestSubmissionRevisions(t *testing.T) {
	db, _ := tempDB(t)
	base := fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678", SubmittedBy: "0912345678"}
	at := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	for i, v := range []string{"10", "12", "11"} {
		s := base
		s.Revision = 77 // ignored
		s.Answers = fieldbot.Answers{"viec_xong": v}
		if i == 2 {
			s.SubmittedAt, s.SubmittedBy = at, "0999999999" // an admin's correction
		}
		got := put(t, db, s)
		if got.Revision != i+1 || got.SubmittedAt.IsZero() {
			t.Fatalf("PutSubmission #%d = revision %d at %v; want revision %d", i+1, got.Revision, got.SubmittedAt, i+1)
		}
	}
	db = reopen(t, db)
	view(t, db, func(tx *store.Tx) error {
		revs, err := tx.Revisions(base.Key())
		if err != nil || len(revs) != 3 {
			t.Fatalf("Revisions = %+v, %v", revs, err)
		}
		for i, want := range []string{"10", "12", "11"} {
			if r := revs[i]; r.Revision != i+1 || r.Answers["viec_xong"] != want || r.Key() != base.Key() {
				t.Errorf("revision %d = %+v; want viec_xong %s", i+1, r, want)
			}
		}
		if !revs[0].SubmittedAt.Equal(clock) || !revs[2].SubmittedAt.Equal(at) || revs[2].SubmittedBy != "0999999999" {
			t.Errorf("who and when = %v %v / %v %v", revs[0].SubmittedAt, revs[0].SubmittedBy, revs[2].SubmittedAt, revs[2].SubmittedBy)
		}
		latest, ok, err := tx.Latest(base.Key())
		if err != nil || !ok || latest.Revision != 3 || latest.Answers["viec_xong"] != "11" {
			t.Errorf("Latest = %+v, %v, %v", latest, ok, err)
		}
		other := base.Key()
		other.Phone = "0900000000"
		if _, ok, err := tx.Latest(other); ok || err != nil {
			t.Errorf("Latest of a missing submission = %v, %v", ok, err)
		}
		return nil
	})
}

func TestLatestOrdering(t *testing.T) {
	db, _ := tempDB(t)
	// Stored out of order; "kv1" sorts before "kv10" and "kv2".
	for _, k := range []string{"2026-W48 kv2 0912", "2026-W48 kv10 0911", "2026-W47 kv1 0912", "2026-W48 kv1 0913", "2026-W48 kv1 0912", "2026-W49 kv1 0911"} {
		var s fieldbot.Submission
		fmt.Sscan(k, &s.Period, &s.Unit, &s.Phone)
		s.Form, s.Answers = "weekly", fieldbot.Answers{"n": "1"}
		put(t, db, s)
	}
	again := fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912", Answers: fieldbot.Answers{"n": "2"}}
	put(t, db, again)
	put(t, db, fieldbot.Submission{Form: "monthly", Period: "2026-11", Unit: "kv1", Phone: "0912"})

	collect := func(scan func(func(fieldbot.Submission) error) error) []string {
		t.Helper()
		var got []string
		err := scan(func(s fieldbot.Submission) error {
			got = append(got, fmt.Sprintf("%s %s %s r%d n=%s", s.Period, s.Unit, s.Phone, s.Revision, s.Answers["n"]))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	all := collect(func(fn func(fieldbot.Submission) error) error { return db.LatestSubmissions("weekly", fn) })
	want := []string{
		"2026-W47 kv1 0912 r1 n=1",
		"2026-W48 kv1 0912 r2 n=2",
		"2026-W48 kv1 0913 r1 n=1",
		"2026-W48 kv10 0911 r1 n=1",
		"2026-W48 kv2 0912 r1 n=1",
		"2026-W49 kv1 0911 r1 n=1",
	}
	if fmt.Sprint(all) != fmt.Sprint(want) {
		t.Errorf("LatestSubmissions =\n%q\nwant\n%q", all, want)
	}
	week := collect(func(fn func(fieldbot.Submission) error) error { return db.LatestInPeriod("weekly", "2026-W48", fn) })
	if fmt.Sprint(week) != fmt.Sprint(want[1:5]) {
		t.Errorf("LatestInPeriod(2026-W48) =\n%q\nwant\n%q", week, want[1:5])
	}
	for _, p := range []string{"2026-W4", "2026", ""} { // a prefix of a period is not a period
		if got := collect(func(fn func(fieldbot.Submission) error) error { return db.LatestInPeriod("weekly", p, fn) }); len(got) != 0 {
			t.Errorf("LatestInPeriod(%q) = %q; want none", p, got)
		}
	}
	if got := collect(func(fn func(fieldbot.Submission) error) error { return db.LatestSubmissions("yearly", fn) }); len(got) != 0 {
		t.Errorf("LatestSubmissions of an unused form = %q", got)
	}
	stop := errors.New("stop")
	n := 0
	err := db.LatestSubmissions("weekly", func(fieldbot.Submission) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("an error from fn: %v after %d calls; want it returned after 1", err, n)
	}
}

func TestReopened(t *testing.T) {
	db, _ := tempDB(t)
	until := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	update(t, db, func(tx *store.Tx) error {
		return tx.Reopen(fieldbot.Reopening{Form: "weekly", Period: "2026-W40", Unit: "kv1", Until: until, By: "0912345678"})
	})
	view(t, db, func(tx *store.Tx) error {
		if got, ok, err := tx.Reopened("weekly", "2026-W40", "kv1"); err != nil || !ok || !got.Equal(until) {
			t.Errorf("Reopened = %v, %v, %v", got, ok, err)
		}
		if _, ok, _ := tx.Reopened("weekly", "2026-W40", "kv2"); ok {
			t.Error("another unit is reopened too")
		}
		return nil
	})
}

// The first layout stored fieldbot.Submission as JSON; such files must read
// the same.
func TestSubmissionFirstLayout(t *testing.T) {
	db, path := tempDB(t)
	db.Close()
	old := fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678", Revision: 1,
		SubmittedAt: clock, SubmittedBy: "0912345678", Answers: fieldbot.Answers{"viec_xong": "10"}}
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error { // as schema version 1 kept it
		tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 1})
		tx.DeleteBucket([]byte("revisions"))
		tx.DeleteBucket([]byte("field_ids"))
		subs, _ := tx.CreateBucket([]byte("submissions"))
		form, _ := subs.CreateBucket([]byte("weekly"))
		revs, _ := form.CreateBucket([]byte("2026-W48\x00kv1\x000912345678"))
		v, _ := json.Marshal(old)
		return revs.Put([]byte{0, 0, 0, 1}, v)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db = open(t, path)
	defer db.Close()
	var got fieldbot.Submission
	view(t, db, func(tx *store.Tx) error {
		var err error
		got, _, err = tx.Latest(old.Key())
		return err
	})
	if fmt.Sprint(got) != fmt.Sprint(old) {
		t.Errorf("Latest of a first-layout record = %+v; want %+v", got, old)
	}
}
