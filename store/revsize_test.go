package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// The bytes a revision costs on disk, for the budget of a national office
// (DESIGN §9: ≤ 230 bytes per revision, ≤ 600 MiB for five years):
//
//	go test ./store -run '^$' -bench RevisionBytes -benchtime 1x
//
// writes officers × weeks weekly reports through PutSubmission the way a
// year fills up (each week's reports in random order, 100 to a commit;
// one in ten corrected during the next week) — each revision with its
// history event, exactly what the product writes — and reports three
// figures per revision for the whole file: "B/rev" is the file's used
// extent (tx.Size(): every page
// up to the high-water mark, free ones included, without the space bbolt
// grows the file ahead by), "live-B/rev" leaves out pages on the
// freelist, and "compact-B/rev" is the file bbolt.Compact would make.
// It logs the share of each large bucket.
//
// 10,000 officers × 10 weeks (110,000 revisions), schema 2 with the JSON
// history and its indexes: 789 B/rev used, 777 live, 675 compacted (192
// without the history). Schema 3: 216 used, 212 live, 153 compacted —
// revisions 160 allocated, history 28, dict 24 (one entry per account and
// person, ≈ 1 B/rev over five years).

const (
	sizeOfficers = 10000
	sizeUnits    = 355
	sizeWeeks    = 10
)

// writeNational fills db with weeks of weekly reports from officers in
// units and returns how many revisions it wrote.
func writeNational(tb testing.TB, db *DB, officers, weeks int) int {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	ict := time.FixedZone("ICT", 7*3600)
	notes := []string{"", "", "đã xác minh điều kiện 3 việc", "chờ kê biên tài sản", "đương sự xin hoãn", "chuyển sổ theo dõi riêng"}
	sub := func(o, w, rev int) fieldbot.Submission {
		phone := fmt.Sprintf("09%08d", o+1)
		cases := int64(200 + o%100 + w)
		via := "telegram:" + strconv.Itoa(5_000_000_000+o*7919)
		if o%4 == 0 {
			via = "zalo:" + strconv.FormatUint(8_412_000_000_000_000_000+uint64(o)*104_729, 10)
		}
		done := cases*int64(w+1)/60 + int64(rev-1)
		return fieldbot.Submission{
			Form: "weekly", Period: fmt.Sprintf("2027-W%02d", w+1),
			Unit: fmt.Sprintf("p%d_kv%d", o%sizeUnits%34, o%sizeUnits), Phone: phone, SubmittedBy: phone, Via: via,
			SubmittedAt: time.Date(2027, 1, 7*w+5, 8+rng.IntN(9), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), ict),
			Answers: fieldbot.Answers{
				"viec_co_dieu_kien": strconv.FormatInt(cases, 10),
				"viec_xong":         strconv.FormatInt(done, 10),
				"viec_dinh_chi":     strconv.Itoa(rng.IntN(4)),
				"tien_co_dieu_kien": strconv.FormatInt(40_000_000_000+int64(o)*1_250_000, 10),
				"tien_xong":         strconv.FormatInt(int64(w+1)*int64(380_000_000+rng.IntN(50_000_000)), 10),
				"ghi_chu":           notes[rng.IntN(len(notes))],
			},
		}
	}
	n := 0
	var corrections []fieldbot.Submission // of the week before, made during this one
	for w := range weeks {
		batch := corrections
		corrections = nil
		for o := range officers {
			batch = append(batch, sub(o, w, 1))
			if o%10 == 3 {
				corrections = append(corrections, sub(o, w, 2))
			}
		}
		if w == weeks-1 {
			batch = append(batch, corrections...)
		}
		rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
		for len(batch) > 0 {
			k := min(100, len(batch))
			err := db.Update(context.Background(), func(tx *Tx) error {
				for _, s := range batch[:k] {
					if _, err := tx.PutSubmission(s); err != nil { // the revision and its history event
						return err
					}
				}
				return nil
			})
			if err != nil {
				tb.Fatal(err)
			}
			n += k
			batch = batch[k:]
		}
	}
	return n
}

// revisionBytes is what db's file takes per revision: the used extent,
// the pages in use, and a compacted copy's size.
func revisionBytes(tb testing.TB, db *DB, revisions int) (used, live, compact float64) {
	tb.Helper()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		st := db.bolt.Stats()
		used = float64(tx.Size()) / float64(revisions)
		live = float64(tx.Size()-int64((st.FreePageN+st.PendingPageN)*db.bolt.Info().PageSize)) / float64(revisions)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	dst, err := bolt.Open(filepath.Join(tb.TempDir(), "compact.db"), 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer dst.Close()
	if err := bolt.Compact(dst, db.bolt, 64<<20); err != nil {
		tb.Fatal(err)
	}
	err = dst.View(func(tx *bolt.Tx) error { compact = float64(tx.Size()) / float64(revisions); return nil })
	if err != nil {
		tb.Fatal(err)
	}
	return used, live, compact
}

func BenchmarkRevisionBytes(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	n := writeNational(b, db, sizeOfficers, sizeWeeks)
	b.Logf("%d revisions written in %v", n, time.Since(start).Round(time.Millisecond))
	used, live, compact := revisionBytes(b, db, n)
	// Where the pages go, per revision: allocated (in use).
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			st := bk.Stats()
			alloc, inuse := st.BranchAlloc+st.LeafAlloc, st.BranchInuse+st.LeafInuse
			if alloc > 64<<10 {
				b.Logf("%-10s %6.1f B/rev allocated, %6.1f in use (%d keys)", name, float64(alloc)/float64(n), float64(inuse)/float64(n), st.KeyN)
			}
			return nil
		})
	})
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(used, "B/rev")
	b.ReportMetric(live, "live-B/rev")
	b.ReportMetric(compact, "compact-B/rev")
}

// The generator reads back as it was written, whatever the layout.
func TestWriteNationalReadsBack(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := writeNational(t, db, 40, 3)
	if want := 40*3 + 4*3; n != want {
		t.Fatalf("writeNational wrote %d revisions; want %d", n, want)
	}
	latest, twice := 0, 0
	err = db.LatestSubmissions("weekly", func(s fieldbot.Submission) error {
		latest++
		if s.Revision == 2 {
			twice++
		}
		if len(s.Answers) != 6 || s.Via == "" || s.SubmittedBy != s.Phone {
			t.Errorf("submission %+v is not whole", s)
		}
		return nil
	})
	if err != nil || latest != 40*3 || twice != 4*3 {
		t.Errorf("LatestSubmissions: %d submissions, %d with two revisions, %v; want %d, %d", latest, twice, err, 40*3, 4*3)
	}
	used, live, compact := revisionBytes(t, db, n)
	t.Logf("%d revisions: %.0f B/rev used, %.0f live, %.0f compacted", n, used, live, compact)
}
