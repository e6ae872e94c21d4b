package store_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// BenchmarkUpdateParallel is one conversation step per op: a ~500-byte chat
// state committed (fsync) for the goroutine's own chat, 50 chats at once
// sharing commits.
func BenchmarkUpdateParallel(b *testing.B) {
	db, _ := tempDB(b)
	state := make([]byte, 500)
	var next atomic.Int64
	b.SetParallelism(max(1, 50/runtime.GOMAXPROCS(0))) // 50 goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		chat := fmt.Sprint(next.Add(1))
		for pb.Next() {
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", chat, state) }); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkUpdateLatency is the latency budget's load: 500 chats each
// committing a step about once a second. It reports the p50 and p99 time
// from calling Update to its return; use -benchtime 5000x for a steady p99.
func BenchmarkUpdateLatency(b *testing.B) {
	db, _ := tempDB(b)
	state := make([]byte, 500)
	var left atomic.Int64
	left.Store(int64(b.N))
	var (
		mu  sync.Mutex
		all []time.Duration
		wg  sync.WaitGroup
	)
	b.ResetTimer()
	for c := range 500 {
		wg.Go(func() {
			chat := fmt.Sprint(c)
			var mine []time.Duration
			time.Sleep(rand.N(time.Second)) // spread the chats over a second
			for left.Add(-1) >= 0 {
				start := time.Now()
				if err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", chat, state) }); err != nil {
					b.Error(err)
				}
				mine = append(mine, time.Since(start))
				time.Sleep(500*time.Millisecond + rand.N(time.Second))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkPutSubmission is one submission per commit from a single caller:
// a lone step's latency, batch delay included.
func BenchmarkPutSubmission(b *testing.B) {
	db, _ := tempDB(b)
	s := fieldbot.Submission{Form: "weekly", Unit: "kv1", Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "470000000000"}}
	for i := 0; b.Loop(); i++ {
		s.Period, s.Phone = fmt.Sprintf("2026-W%02d", i%52+1), fmt.Sprintf("09%08d", i%1000)
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.PutSubmission(s); return err }); err != nil {
			b.Fatal(err)
		}
	}
}
