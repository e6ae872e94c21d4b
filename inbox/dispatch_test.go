package inbox_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/store"
)

func TestOrderPerChatAndBoundedConcurrency(t *testing.T) {
	var mu sync.Mutex
	seen := map[string][]int64{}
	var running, peak atomic.Int32
	d := inbox.New(3, func(it store.InboxItem) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		mu.Lock()
		seen[it.Chat] = append(seen[it.Chat], it.ID)
		mu.Unlock()
		running.Add(-1)
	})
	for i := range 200 {
		d.Add(store.InboxItem{Chat: fmt.Sprint(i % 10), ID: int64(i)})
	}
	d.Wait()
	for chat, ids := range seen {
		for i := 1; i < len(ids); i++ {
			if ids[i] < ids[i-1] {
				t.Fatalf("chat %s handled out of order: %v", chat, ids)
			}
		}
		if len(ids) != 20 {
			t.Errorf("chat %s: %d items", chat, len(ids))
		}
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak concurrency %d; want at most 3 (and some)", p)
	}
}
