package digest_test

import (
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/demo"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/scheduler"
)

// BenchmarkBuild is one digest as leaders get it (text, chart, spreadsheet)
// for the province and for one office, over the sandbox's demo reports.
//
//	go test -run '^$' -bench Build -benchmem ./digest
func BenchmarkBuild(b *testing.B) {
	friday := monday.Add(4*24*time.Hour + 17*time.Hour)
	w := newWorld(b, friday)
	form, _ := w.cfg.Form("weekly")
	if _, err := demo.Seed(ctx, w.db, w.cfg.Roster, form, w.cfg.Calendar, friday); err != nil {
		b.Fatal(err)
	}
	if err := w.db.LatestSubmissions("weekly", func(s fieldbot.Submission) error { w.ledger.Add(s); return nil }); err != nil {
		b.Fatal(err)
	}
	for _, unit := range []string{"dongthap", "kv1"} {
		b.Run(unit, func(b *testing.B) {
			period, at := w.jobs.PeriodFor(friday)
			var size int
			for b.Loop() {
				m, err := w.jobs.Build(digest.Request{Unit: unit, Period: period, At: at})
				if err != nil {
					b.Fatal(err)
				}
				size = len(m.Photo.Data) + len(m.Document.Data) + len(m.Text)
			}
			b.ReportMetric(float64(size), "bytes/digest")
		})
	}
	// The whole run: 15 leaders' digests built and queued, one commit per 100.
	b.Run("run", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			if err := w.jobs.Digest(ctx, scheduler.Run{Job: digest.JobDigest, Scheduled: friday.Add(time.Duration(n) * time.Minute), Manual: true}); err != nil {
				b.Fatal(err)
			}
			w.sent()
		}
	})
}
