package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

func copyTo(t *testing.T, from string) string {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return path
}

// rawBuckets is path's schema version and top-level buckets, read with
// bbolt alone.
func rawBuckets(t *testing.T, path string) (uint64, []string) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v uint64
	var names []string
	raw.View(func(tx *bolt.Tx) error {
		v = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema))
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error { names = append(names, string(name)); return nil })
	})
	return v, names
}

// The release fixture is schema 1; Open migrates it once, and a migrated
// file opens without migrating again.
func TestMigrationRunsOnce(t *testing.T) {
	path := copyTo(t, "testdata/release-2026-12.db")
	if v, names := rawBuckets(t, path); v != 1 || !strings.Contains(fmt.Sprint(names), "submissions") {
		t.Fatalf("the fixture is schema %d with %v; want 1 with submissions", v, names)
	}
	saved := migrations[1]
	defer func() { migrations[1] = saved }()
	runs := 0
	migrations[1] = func(tx *bolt.Tx) error { runs++; return saved(tx) }
	for range 2 {
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	if runs != 1 {
		t.Errorf("migration ran %d times over two opens; want 1", runs)
	}
	v, names := rawBuckets(t, path)
	if got := fmt.Sprint(names); v != SchemaVersion || strings.Contains(got, "submissions") || !strings.Contains(got, "revisions") || !strings.Contains(got, "field_ids") || !strings.Contains(got, "dict") {
		t.Errorf("migrated file: schema %d, buckets %v; want %d, revisions, field_ids and dict, no submissions", v, names, SchemaVersion)
	}
	// A fresh file starts at SchemaVersion in the new layout.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	db, err := Open(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if v, names := rawBuckets(t, fresh); v != SchemaVersion || strings.Contains(fmt.Sprint(names), "submissions") || strings.Contains(fmt.Sprint(names), "history_") {
		t.Errorf("fresh file: schema %d, buckets %v", v, names)
	}
	if runs != 1 {
		t.Errorf("a fresh file was migrated")
	}
}

// unreadableRelease is a copy of the release fixture with a revision
// that does not decode (week 47 of kv1's officer).
func unreadableRelease(t *testing.T) string {
	t.Helper()
	path := copyTo(t, "testdata/release-2026-12.db")
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		revs, err := tx.Bucket(bucketSubmissions).Bucket([]byte("weekly")).CreateBucket([]byte("2026-W47\x00kv1\x000912345678"))
		if err != nil {
			return err
		}
		return revs.Put([]byte{0, 0, 0, 1}, []byte("{not json"))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// A migration that fails (here: a revision that does not decode) leaves
// the file exactly as it was, old layout and version, as a crash would.
func TestFailedMigrationChangesNothing(t *testing.T) {
	path := unreadableRelease(t)
	before, _ := os.ReadFile(path)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "migrating from schema version 1") || !strings.Contains(err.Error(), "2026-W47") {
		t.Fatalf("Open with an unreadable revision = %v; want a migration error naming it", err)
	}
	after, _ := os.ReadFile(path)
	// bbolt rolled back: the pages in use are the same (it may have grown
	// the file, but only with space past the old end).
	if !bytes.Equal(after[:len(before)], before) {
		t.Error("a failed migration changed the file")
	}
	if v, names := rawBuckets(t, path); v != 1 || strings.Contains(fmt.Sprint(names), "revisions") {
		t.Errorf("after a failed migration: schema %d, buckets %v; want 1 and no revisions", v, names)
	}
}

// A revision record reads back as schema 1's JSON record did, for every
// shape of value: numbers that are and are not canonical, text, empty
// strings, times in UTC, in the local zone and in other zones, a
// correction by someone else, no Via.
func TestRecordReadsAsJSONDid(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	key := fieldbot.SubmissionKey{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678"}
	raw, err := bolt.Open(filepath.Join(t.TempDir(), "dict.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	btx, err := raw.Begin(true)
	if err != nil {
		t.Fatal(err)
	}
	defer btx.Rollback()
	dictBucket, err := btx.CreateBucket(bucketDict)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []fieldbot.Submission{
		{SubmittedAt: time.Date(2026, 11, 28, 8, 30, 0, 123456789, hcm), SubmittedBy: key.Phone, Via: "telegram:1001",
			Answers: fieldbot.Answers{"a": "7581", "b": "0", "c": "-12", "d": "9223372036854775807", "e": "-9223372036854775808"}},
		{SubmittedAt: time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC), SubmittedBy: "0999999999",
			Answers: fieldbot.Answers{"a": "007", "b": "-0", "c": "+5", "d": "1.5", "e": "", "f": "99999999999999999999", "g": "sửa số việc xong", "h": " 12"}},
		{SubmittedAt: time.Date(2026, 11, 28, 1, 0, 0, 1, time.Local), SubmittedBy: "", Via: "zalo:8412000000000000001", Answers: fieldbot.Answers{}},
		{SubmittedAt: time.Date(1999, 1, 2, 3, 4, 5, 0, time.FixedZone("", -(3*3600+30*60))), SubmittedBy: key.Phone, Answers: fieldbot.Answers{"z": "1"}},
	} {
		s.Form, s.Period, s.Unit, s.Phone, s.Revision = key.Form, key.Period, key.Unit, key.Phone, i+1
		rev := binary.BigEndian.AppendUint32(nil, uint32(i+1))
		js, _ := json.Marshal(submissionRecord{SubmittedAt: s.SubmittedAt, SubmittedBy: s.SubmittedBy, Via: s.Via, Answers: s.Answers})
		want, err := v1Decode(key, rev, js)
		if err != nil {
			t.Fatal(err)
		}
		// Via inline (schema 2) and as a dictionary number (schema 3).
		for _, d := range []*dict{nil, newDict(dictBucket)} {
			ids := &fieldIDs{index: map[string]int{}}
			v, err := encodeRecord(s, ids, d)
			if err != nil {
				t.Fatal(err)
			}
			if viaNumber := v[0]&flagViaNumber != 0; viaNumber != (d != nil) {
				t.Errorf("record %d: Via stored as a number: %v; want %v", i, viaNumber, d != nil)
			}
			ids, _ = decodeFieldIDs(ids.encode()) // as read back from field_ids
			if d != nil {
				d = newDict(dictBucket) // as read back from the bucket
			}
			got, err := decodeRecord(key, rev, v, ids, d)
			if err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			gotName, gotOff := got.SubmittedAt.Zone()
			wantName, wantOff := want.SubmittedAt.Zone()
			if !got.SubmittedAt.Equal(want.SubmittedAt) || gotOff != wantOff || gotName != wantName || got.SubmittedAt.Location().String() != want.SubmittedAt.Location().String() {
				t.Errorf("record %d: SubmittedAt = %v (%s); JSON gave %v (%s)", i, got.SubmittedAt, got.SubmittedAt.Location(), want.SubmittedAt, want.SubmittedAt.Location())
			}
			if got.Key() != want.Key() || got.Revision != want.Revision || got.SubmittedBy != want.SubmittedBy || got.Via != want.Via || !maps.Equal(got.Answers, want.Answers) || got.Answers == nil {
				t.Errorf("record %d = %+v; JSON gave %+v", i, got, want)
			}
			// Cut short anywhere, or with a flag from a later format, it is an error.
			for n := range len(v) {
				if _, err := decodeRecord(key, rev, v[:n], ids, d); err == nil {
					t.Errorf("record %d cut to %d of %d bytes decoded", i, n, len(v))
				}
			}
			if _, err := decodeRecord(key, rev, append([]byte{v[0] | 0x80}, v[1:]...), ids, d); err == nil {
				t.Errorf("record %d with an unknown flag decoded", i)
			}
			if d != nil { // a number the dictionary lacks
				if _, err := decodeRecord(key, rev, v, ids, nil); err == nil && s.Via != "" {
					t.Errorf("record %d decoded Via without its dictionary", i)
				}
			}
		}
	}
}
