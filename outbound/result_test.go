package outbound_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/store"
)

// statusSender is a fakeSender that also tells the HTTP status behind
// its errors, as the channels' senders do.
type statusSender struct{ *fakeSender }

func (statusSender) Status(err error) int {
	switch err {
	case errFlood:
		return 429
	case errBlocked:
		return 403
	case errBad:
		return 400
	case errDown:
		return 503
	}
	return 0
}

// results counts what Options.Sent is told, by channel and result.
type results struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *results) sent(channel, result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[channel+" "+result]++
}

func (r *results) get() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.n)
}

// Every send's result is told once, classed by the platform's status
// where the sender knows it, else by its verdict.
func TestSendResultsTold(t *testing.T) {
	errNet := context.DeadlineExceeded // not the queue's own context: a network timeout
	for _, tc := range []struct {
		name       string
		withStatus bool
		want       map[string]int
	}{
		{"with status", true, map[string]int{
			"tg ok": 4, "tg 429": 1, "tg 5xx": 1, "tg network": 1, "tg 403": 1, "tg 4xx": 1,
		}},
		{"by verdict", false, map[string]int{ // a 503 is a retry, taken for the network
			"tg ok": 4, "tg 429": 1, "tg network": 2, "tg 403": 1, "tg 4xx": 1,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			failed := map[string]bool{}
			fs := &fakeSender{fail: func(e store.Outgoing, part int) error {
				p := string(e.Payload)
				once := !failed[p]
				failed[p] = true
				switch {
				case p == "flood" && once:
					return errFlood
				case p == "down" && once:
					return errDown
				case p == "net" && once:
					return errNet
				case p == "blocked":
					return errBlocked
				case p == "bad":
					return errBad
				}
				return nil
			}}
			var s outbound.Sender = fs
			if tc.withStatus {
				s = statusSender{fs}
			}
			var got results
			q := outbound.New(outbound.Options{DB: db, Channel: "tg", Sender: s, Workers: 2, Rescan: time.Hour, Sent: got.sent})
			enqueue(t, db, false, "1", "ok", "2", "flood", "3", "down", "4", "net", "5", "blocked", "6", "bad")
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); q.Run(ctx) }()
			defer func() { cancel(); <-done }()
			waitFor(t, "the outbox to empty", func() bool { return q.Pending() == 0 && outboxLen(t, db) == 0 })
			if g := got.get(); !maps.Equal(g, tc.want) {
				t.Errorf("results told = %v; want %v", g, tc.want)
			}
		})
	}
}

// A send cut off by the stop of the queue is no result: it is sent at the
// next start.
func TestStopIsNoResult(t *testing.T) {
	db := openDB(t)
	fs := &fakeSender{gate: make(chan struct{})}
	var got results
	q := outbound.New(outbound.Options{DB: db, Channel: "tg", Sender: fs, Workers: 1, Rescan: time.Hour, Sent: got.sent})
	enqueue(t, db, false, "1", "a")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); q.Run(ctx) }()
	waitFor(t, "the send to start", func() bool { return q.Pending() == 1 })
	time.Sleep(10 * time.Millisecond)
	cancel()
	<-done
	if g := got.get(); len(g) != 0 {
		t.Errorf("results told for a send cut off by the stop: %v", g)
	}
}
