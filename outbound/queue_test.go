package outbound_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/store"
)

// fakeSender records every part it sends and fails as told.
type fakeSender struct {
	mu    sync.Mutex
	sent  []string                               // "chat:payload#part"
	fail  func(e store.Outgoing, part int) error // nil: succeed
	parts int                                    // parts per message (default 1)
	gate  chan struct{}                          // if set, each part waits for it
}

var (
	errDown    = errors.New("503 service unavailable")
	errFlood   = errors.New("429 too many requests")
	errBlocked = errors.New("403 blocked")
	errBad     = errors.New("400 bad request")
)

func (s *fakeSender) Send(ctx context.Context, e store.Outgoing, from int, wait func() error) (int, error) {
	n := max(s.parts, 1)
	for p := from; p < n; p++ {
		if err := wait(); err != nil {
			return p, err
		}
		if s.gate != nil {
			select {
			case <-s.gate:
			case <-ctx.Done():
				return p, ctx.Err()
			}
		}
		s.mu.Lock()
		var err error
		if s.fail != nil {
			err = s.fail(e, p)
		}
		if err == nil {
			s.sent = append(s.sent, fmt.Sprintf("%s:%s#%d", e.Chat, e.Payload, p))
		}
		s.mu.Unlock()
		if err != nil {
			return p, err
		}
	}
	return n, nil
}

func (s *fakeSender) Classify(err error) (outbound.Verdict, time.Duration) {
	switch err {
	case errFlood:
		return outbound.Wait, 50 * time.Millisecond
	case errBlocked:
		return outbound.Unreachable, 0
	case errBad:
		return outbound.Drop, 0
	}
	return outbound.Retry, 0
}

func (s *fakeSender) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "f.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func enqueue(t *testing.T, db *store.DB, bulk bool, chatPayloads ...string) []store.Outgoing {
	t.Helper()
	var out []store.Outgoing
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		out = out[:0]
		for i := 0; i < len(chatPayloads); i += 2 {
			o := store.Outgoing{Channel: "tg", Chat: chatPayloads[i], Payload: []byte(chatPayloads[i+1]), Bulk: bulk}
			id, err := tx.Enqueue(o)
			if err != nil {
				return err
			}
			o.ID = id
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type running struct {
	q      *outbound.Queue
	cancel context.CancelFunc
	done   chan struct{}
}

func start(t *testing.T, db *store.DB, s outbound.Sender, lim outbound.Limits, unreachable func(string)) *running {
	return startN(t, 4, db, s, lim, unreachable)
}

func startN(t *testing.T, workers int, db *store.DB, s outbound.Sender, lim outbound.Limits, unreachable func(string)) *running {
	t.Helper()
	q := outbound.New(outbound.Options{DB: db, Channel: "tg", Sender: s, Limits: lim, Workers: workers, Rescan: time.Hour, Unreachable: unreachable})
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{q: q, cancel: cancel, done: make(chan struct{})}
	go func() { defer close(r.done); _ = q.Run(ctx) }()
	t.Cleanup(r.stop)
	return r
}

func (r *running) stop() {
	r.cancel()
	<-r.done
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func outboxLen(t *testing.T, db *store.DB) int {
	t.Helper()
	out, err := db.Outbox("tg")
	if err != nil {
		t.Fatal(err)
	}
	return len(out)
}

func TestSendsInOrderPerChatAndEmptiesOutbox(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{parts: 2}
	enqueue(t, db, false, "1", "a", "2", "x", "1", "b")
	r := start(t, db, s, outbound.Limits{}, nil)
	enqueue(t, db, false, "1", "c")
	r.q.Kick()
	waitFor(t, "all sent", func() bool { return len(s.log()) == 8 })
	waitFor(t, "outbox empty", func() bool { return outboxLen(t, db) == 0 })
	var chat1 []string
	for _, l := range s.log() {
		if l[0] == '1' {
			chat1 = append(chat1, l)
		}
	}
	if want := []string{"1:a#0", "1:a#1", "1:b#0", "1:b#1", "1:c#0", "1:c#1"}; !slices.Equal(chat1, want) {
		t.Fatalf("chat 1 got %v; want %v", chat1, want)
	}
}

func TestPushAndScanDoNotSendTwice(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{}
	r := start(t, db, s, outbound.Limits{}, nil)
	for i := range 50 {
		es := enqueue(t, db, false, fmt.Sprint(i%5), fmt.Sprint(i))
		r.q.Push(es...)
		r.q.Kick()
		r.q.Push(es...)
	}
	waitFor(t, "outbox empty", func() bool { return outboxLen(t, db) == 0 && r.q.Pending() == 0 })
	r.q.Kick()
	time.Sleep(20 * time.Millisecond)
	if got := len(s.log()); got != 50 {
		t.Fatalf("sent %d messages; want 50 exactly once", got)
	}
}

func TestRepliesOvertakeBulk(t *testing.T) {
	db := openDB(t)
	gate := make(chan struct{})
	s := &fakeSender{gate: gate}
	var bulk []string
	for i := range 20 {
		bulk = append(bulk, fmt.Sprint(100+i), "digest")
	}
	enqueue(t, db, true, bulk...)
	r := startN(t, 1, db, s, outbound.Limits{}, nil)
	// the one worker is now stuck on the first digest; a reply arrives
	time.Sleep(20 * time.Millisecond)
	r.q.Push(enqueue(t, db, false, "7", "reply")...)
	close(gate)
	waitFor(t, "all sent", func() bool { return len(s.log()) == 21 })
	if got := s.log()[:2]; !slices.Equal(got, []string{"100:digest#0", "7:reply#0"}) {
		t.Fatalf("first sends %v; want the reply right after the digest in flight", got)
	}
}

func TestRetriesResumeAtThePartThatFailed(t *testing.T) {
	db := openDB(t)
	fails := 2
	s := &fakeSender{parts: 3}
	s.fail = func(e store.Outgoing, part int) error {
		if part == 1 && fails > 0 {
			fails--
			return errDown
		}
		if part == 2 && string(e.Payload) == "flood" && fails == 0 {
			fails = -1
			return errFlood
		}
		return nil
	}
	enqueue(t, db, false, "1", "flood")
	start(t, db, s, outbound.Limits{}, nil)
	waitFor(t, "sent", func() bool { return len(s.log()) == 3 })
	waitFor(t, "outbox empty", func() bool { return outboxLen(t, db) == 0 })
	if want := []string{"1:flood#0", "1:flood#1", "1:flood#2"}; !slices.Equal(s.log(), want) {
		t.Fatalf("sent %v; want each part once: %v", s.log(), want)
	}
}

func TestUnreachableDropsTheChatOnly(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{}
	s.fail = func(e store.Outgoing, _ int) error {
		switch {
		case e.Chat == "9":
			return errBlocked
		case string(e.Payload) == "bad":
			return errBad
		}
		return nil
	}
	got := make(chan string, 1)
	enqueue(t, db, true, "9", "a", "9", "b", "9", "c", "1", "bad", "1", "ok")
	start(t, db, s, outbound.Limits{}, func(chat string) { got <- chat })
	if chat := <-got; chat != "9" {
		t.Fatalf("unreachable %q", chat)
	}
	waitFor(t, "outbox empty", func() bool { return outboxLen(t, db) == 0 })
	if want := []string{"1:ok#0"}; !slices.Equal(s.log(), want) {
		t.Fatalf("sent %v; want %v", s.log(), want)
	}
}

func TestStopLeavesTheRestForTheNextStart(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{}
	var msgs []string
	for i := range 40 {
		msgs = append(msgs, fmt.Sprint(i), "digest")
	}
	enqueue(t, db, true, msgs...)
	// 10 at once, then 30 a second: stopping after ~100 ms leaves most unsent
	lim := outbound.Limits{Global: outbound.Rate{Every: time.Second / 30, Burst: 10}}
	r := start(t, db, s, lim, nil)
	time.Sleep(100 * time.Millisecond)
	r.stop()
	first := len(s.log())
	if first == 0 || first >= 40 {
		t.Fatalf("sent %d before stop; want some but not all", first)
	}
	waitFor(t, "removals", func() bool { return outboxLen(t, db) == 40-first })
	r2 := start(t, db, s, outbound.Limits{}, nil)
	waitFor(t, "all sent", func() bool { return outboxLen(t, db) == 0 && r2.q.Pending() == 0 })
	seen := map[string]int{}
	for _, l := range s.log() {
		seen[l]++
	}
	if len(seen) != 40 || len(s.log()) != 40 {
		t.Fatalf("after restart %d sends for %d chats; want 40 once each", len(s.log()), len(seen))
	}
}

// Oldest tracks the oldest entry not yet sent, for the health check.
func TestOldestUnsent(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{gate: make(chan struct{})}
	r := start(t, db, s, outbound.Limits{}, nil)
	if !r.q.Oldest().IsZero() {
		t.Fatal("an empty queue has an oldest entry")
	}
	first := enqueue(t, db, false, "1", "a")
	time.Sleep(2 * time.Millisecond)
	enqueue(t, db, false, "2", "b")
	r.q.Kick()
	waitFor(t, "both queued", func() bool { return r.q.Pending() == 2 })
	created := func() time.Time {
		out, _ := db.Outbox("tg")
		for _, o := range out {
			if o.ID == first[0].ID {
				return o.Created
			}
		}
		return time.Time{}
	}()
	if got := r.q.Oldest(); created.IsZero() || !got.Equal(created) {
		t.Fatalf("Oldest = %v; want the first entry's %v", got, created)
	}
	close(s.gate)
	waitFor(t, "all sent", func() bool { return r.q.Pending() == 0 })
	if !r.q.Oldest().IsZero() {
		t.Fatal("a drained queue still has an oldest entry")
	}
}

// A chat that must wait for its own limit does not hold back the others:
// its next message is not reserved (and counted against the global limit)
// until its own limit allows it. Before, chat 1's second message took the
// global slot at +1 s, and chat 2's reply, queued at once, waited behind it.
func TestAChatWaitingForItsLimitHoldsNoOneBack(t *testing.T) {
	db := openDB(t)
	s := &fakeSender{}
	lim := outbound.Limits{Global: outbound.Rate{Every: 100 * time.Millisecond, Burst: 1}, Private: outbound.Rate{Every: time.Second, Burst: 1}}
	r := startN(t, 4, db, s, lim, nil)
	r.q.Push(enqueue(t, db, false, "1", "a", "1", "b")...)
	waitFor(t, "chat 1's first message", func() bool { return len(s.log()) == 1 })
	time.Sleep(20 * time.Millisecond) // the worker is now on chat 1's second
	r.q.Push(enqueue(t, db, false, "2", "reply")...)
	waitFor(t, "all sent", func() bool { return len(s.log()) == 3 })
	if got := s.log(); !slices.Equal(got, []string{"1:a#0", "2:reply#0", "1:b#0"}) {
		t.Fatalf("sent %v; want chat 2's reply before chat 1's second message, which waits for chat 1's limit", got)
	}
}

// barrierSender's sends each wait until n are under way at once.
type barrierSender struct {
	fakeSender
	n       int
	mu      sync.Mutex
	running int
	all     chan struct{}
}

func (s *barrierSender) Send(ctx context.Context, e store.Outgoing, from int, wait func() error) (int, error) {
	s.mu.Lock()
	if s.running++; s.running == s.n {
		close(s.all)
	}
	s.mu.Unlock()
	select {
	case <-s.all:
	case <-time.After(5 * time.Second):
		return from, errDown
	}
	return s.fakeSender.Send(ctx, e, from, wait)
}

// Only one idle worker waits for work at a time, yet every worker sends
// at once: one that takes an entry hands the waiting over before it sends.
func TestAllWorkersSendAtOnce(t *testing.T) {
	const workers = 8
	db := openDB(t)
	s := &barrierSender{n: workers, all: make(chan struct{})}
	r := startN(t, workers, db, s, outbound.Limits{}, nil)
	var entries []string
	for i := range workers {
		entries = append(entries, fmt.Sprint(i), "m")
	}
	r.q.Push(enqueue(t, db, false, entries...)...)
	waitFor(t, "all sent", func() bool { return len(s.log()) == workers })
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running != workers {
		t.Errorf("%d sends; want %d, each once", s.running, workers)
	}
}

// A scheduled message for a person who no longer gets it (Obsolete) is
// dropped unsent and leaves the outbox; the chat's other messages, and
// messages for no one in particular, go as before.
func TestObsoleteScheduledMessagesAreDropped(t *testing.T) {
	db := openDB(t)
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, o := range []store.Outgoing{
			{Channel: "tg", Chat: "1", Payload: []byte("digest for a leader who left"), Bulk: true, For: "0911000001"},
			{Channel: "tg", Chat: "1", Payload: []byte("reply"), Bulk: false},
			{Channel: "tg", Chat: "2", Payload: []byte("digest for a leader who stays"), Bulk: true, For: "0911000002"},
			{Channel: "tg", Chat: "3", Payload: []byte("group digest"), Bulk: true},
		} {
			if _, err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSender{}
	var asked []string
	var mu sync.Mutex
	q := outbound.New(outbound.Options{DB: db, Channel: "tg", Sender: s, Rescan: time.Hour, Obsolete: func(e store.Outgoing) bool {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, e.For)
		return e.For == "0911000001"
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = q.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "outbox empty", func() bool { return outboxLen(t, db) == 0 })
	got := s.log()
	slices.Sort(got)
	if want := []string{"1:reply#0", "2:digest for a leader who stays#0", "3:group digest#0"}; !slices.Equal(got, want) {
		t.Errorf("sent %v; want %v", got, want)
	}
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(asked)
	if want := []string{"0911000001", "0911000002"}; !slices.Equal(asked, want) {
		t.Errorf("asked about %v; want only the messages for a person, %v", asked, want)
	}
}
