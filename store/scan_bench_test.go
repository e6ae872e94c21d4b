package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/fieldbot/fieldbot"
)

// The readers a national office runs over five years of data:
//
//	go test ./store -run '^$' -bench 'HistoryWalk|LatestRows' -benchtime 5x

// historyEvents is five national years of revision events: 355 units ×
// 10,000 officers × 286 weeks.
const historyEvents = 2_860_000

// BenchmarkHistoryWalk is EventsOf walking the whole history newest
// first (a unit and a person with no events, so nothing stops it early),
// and a leader's usual /lichsu: 21 events of ten units.
func BenchmarkHistoryWalk(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	for done := 0; done < historyEvents; {
		err := db.update(func(tx *Tx) error {
			d := tx.dict()
			if done == 0 { // names for every number below, and two without events
				for u := range sizeUnits + 1 {
					if _, err := d.add(dictUnit, fmt.Sprintf("kv%d", u)); err != nil {
						return err
					}
				}
				for p := range sizeOfficers + 1 {
					if _, err := d.add(dictPhone, fmt.Sprintf("09%08d", p)); err != nil {
						return err
					}
				}
			}
			for range min(200_000, historyEvents-done) {
				v := []byte{eventRevisionRef}
				v = binary.AppendUvarint(v, 1+rng.Uint64N(sizeUnits))    // kv0 … kv354
				v = binary.AppendUvarint(v, 1+rng.Uint64N(sizeOfficers)) // 0900000000 …
				v = append(v, 1, 1, 1)                                   // form, period, revision
				if err := tx.putEvent(v); err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name   string
		units  []string
		person string
		limit  int
		want   int
	}{
		{"unit-without-events", []string{fmt.Sprintf("kv%d", sizeUnits)}, "", 21, 0},
		{"person-without-events", nil, fmt.Sprintf("09%08d", sizeOfficers), 21, 0},
		{"ten-units-21", []string{"kv1", "kv2", "kv3", "kv4", "kv5", "kv6", "kv7", "kv8", "kv9", "kv10"}, "", 21, 21},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				err := db.View(func(tx *Tx) error {
					// Count matches without decoding them (the events refer
					// to no revisions): the walk and the filter alone.
					f := newEventFilter(tx.dict(), c.units, c.person)
					n := 0
					cur := tx.tx.Bucket(bucketHistory).Cursor()
					for k, v := cur.Last(); k != nil && n < c.limit; k, v = cur.Prev() {
						if u, p, ok := eventAbout(v); ok && f.wantNumbers(u, p) {
							n++
						}
					}
					if n != c.want {
						b.Fatalf("%d events; want %d", n, c.want)
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/walk")
		})
	}
	// EventsOf itself, on the same walk.
	b.Run("EventsOf-unit-without-events", func(b *testing.B) {
		for b.Loop() {
			if got, err := db.EventsOf([]string{fmt.Sprintf("kv%d", sizeUnits)}, "", 21); err != nil || len(got) != 0 {
				b.Fatal(got, err)
			}
		}
		b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/walk")
	})
}

// BenchmarkLatestRows is the progress ledger's scan over ten national
// weeks (100,000 submissions, 110,000 revisions), five numbers a row;
// LatestSubmissions on the same file for comparison.
func BenchmarkLatestRows(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "fieldbot.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	writeNational(b, db, sizeOfficers, sizeWeeks)
	fields := []string{"viec_co_dieu_kien", "viec_xong", "viec_dinh_chi", "tien_co_dieu_kien", "tien_xong"}
	rows := sizeOfficers * sizeWeeks
	b.Run("LatestRows", func(b *testing.B) {
		var sum float64
		for b.Loop() {
			n := 0
			err := db.LatestRows("weekly", "", fields, func(r *LatestRow) error { n++; sum += r.Values[1]; return nil })
			if err != nil || n != rows {
				b.Fatal(n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
	b.Run("LatestSubmissions", func(b *testing.B) {
		for b.Loop() {
			n := 0
			err := db.LatestSubmissions("weekly", func(s fieldbot.Submission) error {
				n++
				for _, f := range fields {
					s.Answers.Float(f)
				}
				return nil
			})
			if err != nil || n != rows {
				b.Fatal(n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
}
