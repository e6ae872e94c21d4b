package store_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// BenchmarkUpdateParallel is one conversation step per op: a ~500-byte chat
// state committed (fsync) for the goroutine's own chat, with group commit.
func BenchmarkUpdateParallel(b *testing.B) {
	db, _ := tempDB(b)
	state := make([]byte, 500)
	var next atomic.Int64
	b.SetParallelism(25) // 50 goroutines on 2 cores: 50 chats at once
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

func BenchmarkPutSubmission(b *testing.B) {
	db, _ := tempDB(b)
	s := fieldbot.Submission{Form: "weekly", Unit: "kv1", Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300"}}
	for i := 0; b.Loop(); i++ {
		s.Period, s.Phone = fmt.Sprintf("2026-W%02d", i%52+1), fmt.Sprintf("09%08d", i)
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.PutSubmission(s); return err }); err != nil {
			b.Fatal(err)
		}
	}
}
