package inbox_test

import (
	"fmt"
	"runtime"
	"strings"
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

// TryStart takes an item only when its chat is idle and a worker is free;
// an item refused and then added runs after the chat's earlier ones.
func TestTryStartKeepsOrderAndBound(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var order []int64
	d := inbox.New(2, func(it store.InboxItem) {
		if it.Chat != "late" {
			<-release
		}
		mu.Lock()
		order = append(order, it.ID)
		mu.Unlock()
	})
	if !d.TryStart(store.InboxItem{Chat: "a", ID: 1}) {
		t.Fatal("an idle chat was not started")
	}
	if d.TryStart(store.InboxItem{Chat: "a", ID: 2}) {
		t.Fatal("a busy chat was started again")
	}
	d.Add(store.InboxItem{Chat: "a", ID: 2})
	if !d.TryStart(store.InboxItem{Chat: "b", ID: 3}) {
		t.Fatal("a second chat was not started with a worker free")
	}
	if d.TryStart(store.InboxItem{Chat: "c", ID: 4}) {
		t.Fatal("a third chat was started beyond the two workers")
	}
	close(release)
	d.Wait()
	if !d.TryStart(store.InboxItem{Chat: "late", ID: 5}) {
		t.Fatal("an idle chat was not started once the workers were free")
	}
	d.Wait()
	mu.Lock()
	defer mu.Unlock()
	pos := map[int64]int{}
	for i, id := range order {
		pos[id] = i
	}
	if len(order) != 4 || pos[1] > pos[2] || pos[5] != 3 {
		t.Fatalf("handled %v; want 1 before 2, and 3, then 5 (never 4)", order)
	}
}

// goroutineID is the id in the first line of this goroutine's stack.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

// A chat started once the last one is drained runs on the goroutine that
// drained it, which keeps the stack it grew, rather than on a new one.
func TestIdleGoroutineTakesTheNextChat(t *testing.T) {
	ids := make(chan string, 1)
	d := inbox.New(4, func(it store.InboxItem) { ids <- goroutineID() })
	var seen []string
	for i := range 3 {
		var started bool
		for deadline := time.Now().Add(5 * time.Second); !started; {
			if started = d.TryStart(store.InboxItem{Chat: "same", ID: int64(i)}); !started && time.Now().After(deadline) {
				t.Fatal("TryStart refused an idle chat")
			}
		}
		seen = append(seen, <-ids)
		d.Wait()
		time.Sleep(50 * time.Millisecond) // for the drained goroutine to wait for a chat
	}
	if seen[1] != seen[0] || seen[2] != seen[0] {
		t.Errorf("handled on goroutines %v; want one kept", seen)
	}
}
