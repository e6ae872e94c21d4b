package outbound

import (
	"context"
	"testing"
	"time"
)

// waiting waits until n workers wait for the lead.
func (l *lead) waiting(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		l.mu.Lock()
		got := len(l.idle)
		l.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d waiting for the lead; want %d", got, n)
		}
	}
}

// The lead goes to the worker that began waiting last; one whose context
// ends stops waiting, and one handed the lead as it ends passes it on.
func TestLeadLastComeFirstServed(t *testing.T) {
	var l lead
	ctx := context.Background()
	if !l.acquire(ctx, make(chan struct{}, 1)) {
		t.Fatal("a free lead was refused")
	}
	got := make(chan string, 3)
	wait := func(name string, ctx context.Context) {
		if l.acquire(ctx, make(chan struct{}, 1)) {
			got <- name
		} else {
			got <- name + " gave up"
		}
	}
	go wait("first", ctx)
	l.waiting(t, 1)
	go wait("second", ctx)
	l.waiting(t, 2)
	cancelled, cancel := context.WithCancel(ctx)
	go wait("third", cancelled)
	l.waiting(t, 3)
	cancel()
	if g := <-got; g != "third gave up" {
		t.Fatalf("%s; want the third to give up", g)
	}
	l.waiting(t, 2)
	for _, want := range []string{"second", "first"} {
		l.release()
		if g := <-got; g != want {
			t.Fatalf("the lead went to %s; want %s", g, want)
		}
	}
	l.release()
	if l.taken || len(l.idle) != 0 {
		t.Errorf("after the last release: taken %v, %d waiting", l.taken, len(l.idle))
	}

}

// A worker whose context ends as it is handed the lead either takes it or
// passes it on: the lead is never lost.
func TestLeadHandedAsTheWaitEnds(t *testing.T) {
	for range 200 {
		var l lead
		ctx := context.Background()
		l.acquire(ctx, make(chan struct{}, 1))
		other := make(chan bool, 1)
		go func() { other <- l.acquire(ctx, make(chan struct{}, 1)) }()
		l.waiting(t, 1)
		cancelled, cancel := context.WithCancel(ctx)
		took := make(chan bool, 1)
		go func() { took <- l.acquire(cancelled, make(chan struct{}, 1)) }()
		l.waiting(t, 2)
		cancel()
		l.release() // to the latest: the one being cancelled
		if <-took {
			l.release() // it took the lead; now it is done
		}
		select {
		case ok := <-other:
			if !ok {
				t.Fatal("the other worker gave up")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the lead was lost")
		}
		l.release()
		if l.taken || len(l.idle) != 0 {
			t.Fatalf("after the last release: taken %v, %d waiting", l.taken, len(l.idle))
		}
	}
}
