package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// dump is every key and value of a file, bucket by bucket, with each
// bucket's sequence: what two ways of migrating must agree on.
func dump(t *testing.T, path string) string {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var b strings.Builder
	var walk func(prefix string, bk *bolt.Bucket)
	walk = func(prefix string, bk *bolt.Bucket) {
		fmt.Fprintf(&b, "%s seq=%d\n", prefix, bk.Sequence())
		bk.ForEach(func(k, v []byte) error {
			if v == nil {
				walk(prefix+"/"+string(k), bk.Bucket(k))
			} else {
				fmt.Fprintf(&b, "%s %x=%x\n", prefix, k, v)
			}
			return nil
		})
	}
	raw.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error { walk(string(name), bk); return nil })
	})
	return b.String()
}

func withCopyAbove(t *testing.T, size int64, batch int) {
	oldAbove, oldBatch := copyMigrateAbove, copyBatch
	copyMigrateAbove, copyBatch = size, batch
	t.Cleanup(func() { copyMigrateAbove, copyBatch = oldAbove, oldBatch })
}

// A big schema 1 file is migrated by copy into exactly what the migration
// in one transaction makes of it, in many small transactions, and the file
// as it was is kept beside it, byte for byte.
func TestLargeFileMigratesByCopy(t *testing.T) {
	inPlace := copyTo(t, "testdata/release-2026-12.db")
	db, err := Open(inPlace, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if db.MigratedFrom() != "" {
		t.Errorf("a small file was migrated by copy to %s", db.MigratedFrom())
	}
	db.Close()

	withCopyAbove(t, 0, 512) // every file is big; a transaction per record or two
	byCopy := copyTo(t, "testdata/release-2026-12.db")
	original, _ := os.ReadFile(byCopy)
	now := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
	db, err = Open(byCopy, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	kept := db.MigratedFrom()
	db.Close()
	if want := byCopy + ".before-schema-2-20270104-080000"; kept != want {
		t.Errorf("MigratedFrom = %q; want %q", kept, want)
	}
	if got, _ := os.ReadFile(kept); !bytes.Equal(got, original) {
		t.Error("the kept file is not the file as it was")
	}
	if _, err := os.Stat(byCopy + ".migrating"); !os.IsNotExist(err) {
		t.Errorf("the .migrating file is left behind: %v", err)
	}
	if a, b := dump(t, inPlace), dump(t, byCopy); a != b {
		t.Errorf("by copy and in place differ:\n--- in place\n%s\n--- by copy\n%s", a, b)
	}
	if v, _ := rawBuckets(t, byCopy); v != SchemaVersion {
		t.Errorf("schema after the copy: %d", v)
	}
	// It reads as the release wrote it, and opens again without migrating.
	db, err = Open(byCopy, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.MigratedFrom() != "" {
		t.Errorf("a migrated file was migrated again to %s", db.MigratedFrom())
	}
}

// A copy that fails (a revision that does not decode) leaves the file as
// it was, under its name, and nothing beside it.
func TestFailedCopyLeavesTheFile(t *testing.T) {
	withCopyAbove(t, 0, 512)
	path := unreadableRelease(t)
	before, _ := os.ReadFile(path)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "migrating from schema version 1") || !strings.Contains(err.Error(), "2026-W47") {
		t.Fatalf("Open with an unreadable revision = %v; want a migration error naming it", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("a failed copy changed the file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the file after a failed copy: %v", names)
	}
}

// writeV1 writes officers × weeks weekly revisions in schema 1's layout,
// as the first release did, and returns how many.
func writeV1(tb testing.TB, path string, officers, weeks int) int {
	raw, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	n := 0
	for w := range weeks {
		err := raw.Update(func(tx *bolt.Tx) error {
			meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
			meta.Put(keySchema, u64(1))
			all, _ := tx.CreateBucketIfNotExists(bucketSubmissions)
			form, err := all.CreateBucketIfNotExists([]byte("weekly"))
			if err != nil {
				return err
			}
			for o := range officers {
				phone := fmt.Sprintf("09%08d", o+1)
				k := fieldbot.SubmissionKey{Form: "weekly", Period: fmt.Sprintf("2027-W%02d", w+1), Unit: fmt.Sprintf("kv%d", o%355), Phone: phone}
				revs, err := form.CreateBucketIfNotExists(submissionKey(k))
				if err != nil {
					return err
				}
				v, _ := json.Marshal(submissionRecord{SubmittedAt: time.Date(2027, 1, 7*w+5, 9, 0, 0, 0, time.UTC), SubmittedBy: phone,
					Via: fmt.Sprintf("telegram:%d", 5_000_000_000+o), Answers: fieldbot.Answers{"viec_co_dieu_kien": fmt.Sprint(200 + o%100 + w),
						"viec_xong": fmt.Sprint(w * 3), "tien_xong": fmt.Sprint(w * 400_000_000), "ghi_chu": "đã xác minh"}})
				if err := revs.Put(binary.BigEndian.AppendUint32(nil, 1), v); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return n
}

// BenchmarkMigrateByCopy migrates a schema 1 file of 10,000 officers × 57
// weeks (570,000 revisions: a national year) and reports the time and the
// largest heap seen while it runs:
//
//	go test ./store -run '^$' -bench MigrateByCopy -benchtime 1x
func BenchmarkMigrateByCopy(b *testing.B) {
	path := filepath.Join(b.TempDir(), "fieldbot.db")
	n := writeV1(b, path, 10000, 57)
	fi, _ := os.Stat(path)
	b.Logf("schema 1 file: %d revisions, %.0f MiB", n, float64(fi.Size())/(1<<20))
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() { // sample the heap while the copy runs
		var m runtime.MemStats
		var top uint64
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
			select {
			case <-stop:
				peak <- top
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	db, err := Open(path, Options{})
	took := time.Since(start)
	close(stop)
	top := <-peak
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if db.MigratedFrom() == "" {
		b.Fatal("not migrated by copy")
	}
	rows := 0
	db.LatestSubmissions("weekly", func(fieldbot.Submission) error { rows++; return nil })
	if rows != n {
		b.Fatalf("%d revisions read back; want %d", rows, n)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(took.Seconds(), "s")
	b.ReportMetric(float64(top)/(1<<20), "peak-heap-MiB")
}
