// Package outbound is the one way anything leaves fieldbot: a queue over the
// store's outbox that sends each channel's messages in order per chat,
// replies before scheduled bulk, within the channel's flood limits, and
// removes an entry only once it is sent (or can never be). A digest cut off
// halfway by a restart finishes from the outbox; what was sent is not sent
// again, except the one message in flight at the crash (at least once).
package outbound

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

// Verdict is what to do after a failed send.
type Verdict int

const (
	Retry       Verdict = iota // a network fault or a 5xx: back off, try again
	Wait                       // flood control: wait the given time, try again
	Unreachable                // the person blocked the bot: drop everything for the chat
	Drop                       // this message can never be sent: log it, go on
	Fatal                      // the channel refuses us (bad token): hold everything a while
)

// Sender is a channel adapter's half of sending.
type Sender interface {
	// Send sends the parts of e from part `from` on (a message may need a
	// photo, several texts and a document), calling wait before each call
	// that counts against flood limits. It returns how many parts are done
	// in all and the error that stopped it, if any.
	Send(ctx context.Context, e store.Outgoing, from int, wait func() error) (int, error)
	// Classify says what to do about an error from Send and, for Wait, how long.
	Classify(err error) (Verdict, time.Duration)
}

// Options configures a Queue.
type Options struct {
	DB      *store.DB
	Channel string
	Sender  Sender
	Limits  Limits
	// Workers is how many sends may be under way at once (default
	// DefaultWorkers).
	Workers int
	// Rescan is how often the outbox is read again in case a Kick was
	// missed (default 10s).
	Rescan time.Duration
	Now    func() time.Time // default time.Now
	Log    *slog.Logger
	// Unreachable is told of a chat that refused messages for good.
	Unreachable func(chat string)
	// Obsolete, if set, is asked before a scheduled message for a person
	// (store.Outgoing.For) is sent: true drops it unsent, as when they
	// left the roster or their account here was taken back while it
	// waited.
	Obsolete func(store.Outgoing) bool
	// Sent, if set, is told of every send's result (metrics): "ok", or
	// the failure's class (see Result). A send cut off by the stop of
	// the queue is not told.
	Sent func(channel, result string)
}

// Queue sends one channel's outbox.
type Queue struct {
	opt  Options
	lim  *limiter
	kick chan struct{}
	sent chan struct{} // wakes remove
	// lead is held by the one idle worker that waits for work (see next).
	lead lead

	// storeMu orders outbox scans against removals, so a scan never brings
	// back an entry whose removal committed after the scan's snapshot.
	storeMu sync.Mutex
	scanned uint64 // highest id any scan has returned

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever work may be ready
	chats   map[string]*chatQueue
	order   []string            // chats with pending entries, oldest first
	known   map[uint64]struct{} // pending, in flight, or sent but not yet removed
	done    []uint64            // sent (or dropped), to be removed from the outbox
}

type chatQueue struct {
	items     []*item // by id; while busy, items[0] is in flight
	busy      bool
	notBefore time.Time
	attempts  int
}

type item struct {
	e    store.Outgoing
	part int
}

// DefaultWorkers is how many sends may be under way at once by default:
// as many as chats handled at once, since with fewer, replies to busy
// chats wait for a free sender (32 cost a fifth of the conversation
// throughput in BenchmarkConversationLoad). A channel's HTTP client should
// keep as many idle connections, or each send beyond them dials anew.
const DefaultWorkers = 64

// New returns a queue; Run starts it.
func New(opt Options) *Queue {
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers
	}
	if opt.Rescan <= 0 {
		opt.Rescan = 10 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	return &Queue{
		opt: opt, lim: newLimiter(opt.Limits), kick: make(chan struct{}, 1), sent: make(chan struct{}, 1),
		changed: make(chan struct{}), chats: map[string]*chatQueue{}, known: map[uint64]struct{}{},
	}
}

// Push adds entries already committed to the outbox, e.g. the replies to
// the input just handled. Entries seen before are ignored.
func (q *Queue) Push(entries ...store.Outgoing) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.addLocked(entries)
}

// Kick makes the queue read the outbox for entries committed by someone
// who did not Push them (a scheduled job).
func (q *Queue) Kick() {
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// Pending is the number of entries not yet sent (queued or in flight).
func (q *Queue) Pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, c := range q.chats {
		n += len(c.items)
	}
	return n
}

// Oldest is when the oldest entry not yet sent was queued; zero if none.
// A health check compares it with the clock: a queue that stopped moving
// (a revoked token, a network cut) shows as ever older.
func (q *Queue) Oldest() time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	var oldest time.Time
	for _, c := range q.chats {
		for _, it := range c.items {
			if oldest.IsZero() || it.e.Created.Before(oldest) {
				oldest = it.e.Created
			}
		}
	}
	return oldest
}

// Run sends until ctx is done. What is not sent by then stays in the
// outbox for the next start.
func (q *Queue) Run(ctx context.Context) error {
	if err := q.scan(); err != nil {
		return err
	}
	stop := make(chan struct{})
	removed := make(chan struct{})
	go func() { defer close(removed); q.remove(stop) }()
	var wg sync.WaitGroup
	wg.Go(func() { q.scanLoop(ctx) })
	for range q.opt.Workers {
		wg.Go(func() { q.work(ctx) })
	}
	wg.Wait()
	close(stop)
	<-removed
	return nil
}

// Start runs the queue in the background until stop is called, not until
// ctx ends: a channel stops it only after every chat being handled has
// queued its replies. What is unsent then stays stored.
func (q *Queue) Start(ctx context.Context) (stop func()) {
	sendCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- q.Run(sendCtx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			q.opt.Log.Error("the send queue stopped", "channel", q.opt.Channel, "err", err)
		}
	}
}

func (q *Queue) scanLoop(ctx context.Context) {
	tick := time.NewTicker(q.opt.Rescan)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.kick:
		case <-tick.C:
		}
		if err := q.scan(); err != nil {
			q.opt.Log.Error("cannot read the outbox", "channel", q.opt.Channel, "err", err)
		}
	}
}

// scan adds what was committed to the outbox since the last scan.
func (q *Queue) scan() error {
	q.storeMu.Lock()
	defer q.storeMu.Unlock()
	entries, err := q.opt.DB.OutboxAfter(q.opt.Channel, q.scanned)
	if err != nil || len(entries) == 0 {
		return err
	}
	q.scanned = entries[len(entries)-1].ID
	q.mu.Lock()
	defer q.mu.Unlock()
	q.addLocked(entries)
	return nil
}

func (q *Queue) addLocked(entries []store.Outgoing) {
	added := false
	for _, e := range entries {
		if _, ok := q.known[e.ID]; ok || e.Channel != q.opt.Channel {
			continue
		}
		q.known[e.ID] = struct{}{}
		c := q.chats[e.Chat]
		if c == nil {
			c = &chatQueue{}
			q.chats[e.Chat] = c
		}
		if len(c.items) == 0 && !c.busy {
			q.order = append(q.order, e.Chat)
		}
		i := len(c.items)
		for i > 0 && c.items[i-1].e.ID > e.ID && !(i == 1 && c.busy) {
			i--
		}
		c.items = slices.Insert(c.items, i, &item{e: e})
		added = true
	}
	if added {
		q.signalLocked()
	}
}

func (q *Queue) signalLocked() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// next waits for an entry whose chat is free and due, preferring replies
// to bulk, and marks its chat busy. Only one idle worker at a time waits
// for a change (it holds lead); the others wait for lead. Otherwise every
// change — each reply queued, each send done — would wake every idle
// worker (dozens under load) to find one entry. turn is the worker's own
// channel for being handed the lead.
func (q *Queue) next(ctx context.Context, turn chan struct{}) (string, *item, bool) {
	if !q.lead.acquire(ctx, turn) {
		return "", nil, false
	}
	defer q.lead.release()
	q.mu.Lock()
	for {
		if ctx.Err() != nil {
			q.mu.Unlock()
			return "", nil, false
		}
		chat, it, wake := q.pickLocked(q.opt.Now())
		if it != nil {
			q.chats[chat].busy = true
			q.mu.Unlock()
			return chat, it, true
		}
		changed := q.changed
		q.mu.Unlock()
		if !q.sleep(ctx, changed, wake) {
			return "", nil, false
		}
		q.mu.Lock()
	}
}

// sleep waits for a change, for wake (if set) or for the end of ctx,
// and reports false at the end of ctx.
func (q *Queue) sleep(ctx context.Context, changed <-chan struct{}, wake time.Time) bool {
	var timer <-chan time.Time
	if !wake.IsZero() {
		t := time.NewTimer(max(wake.Sub(q.opt.Now()), time.Millisecond))
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-changed:
	case <-timer:
	}
	return true
}

// pickLocked returns the first free chat whose head is a reply, else the
// first free chat, among those whose own flood limit allows a send now;
// wake is when a chat held back by a retry or by its limit becomes due.
func (q *Queue) pickLocked(now time.Time) (string, *item, time.Time) {
	var wake time.Time
	bulk := ""
	for _, chat := range q.order {
		c := q.chats[chat]
		if c.busy || len(c.items) == 0 {
			continue
		}
		due := c.notBefore
		if r := q.lim.ready(chat, now); r.After(due) {
			due = r
		}
		if due.After(now) {
			if wake.IsZero() || due.Before(wake) {
				wake = due
			}
			continue
		}
		if !c.items[0].e.Bulk {
			return chat, c.items[0], time.Time{}
		}
		if bulk == "" {
			bulk = chat
		}
	}
	if bulk != "" {
		return bulk, q.chats[bulk].items[0], time.Time{}
	}
	return "", nil, wake
}

func (q *Queue) work(ctx context.Context) {
	turn := make(chan struct{}, 1)
	for {
		chat, it, ok := q.next(ctx, turn)
		if !ok {
			return
		}
		q.send(ctx, chat, it)
	}
}

// lead is held by one worker at a time. Those waiting for it get it last
// come, first served: while most workers are idle, the same few take the
// work in turn, and their stacks, grown by sending, stay grown instead of
// every worker's being shrunk by the GC and grown again at its next send.
type lead struct {
	mu    sync.Mutex
	taken bool
	idle  []chan struct{} // waiting for the lead, the latest last
}

// acquire waits for the lead, handed over on turn, and reports false if
// ctx ended first.
func (l *lead) acquire(ctx context.Context, turn chan struct{}) bool {
	l.mu.Lock()
	if !l.taken {
		l.taken = true
		l.mu.Unlock()
		return true
	}
	l.idle = append(l.idle, turn)
	l.mu.Unlock()
	select {
	case <-turn:
		return true
	case <-ctx.Done():
	}
	l.mu.Lock()
	if i := slices.Index(l.idle, turn); i >= 0 {
		l.idle = slices.Delete(l.idle, i, i+1)
		l.mu.Unlock()
		return false
	}
	l.mu.Unlock()
	<-turn      // handed the lead as ctx ended:
	l.release() // pass it on
	return false
}

// release hands the lead to the worker that began waiting last, if any.
func (l *lead) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.idle); n > 0 {
		turn := l.idle[n-1]
		l.idle = l.idle[:n-1]
		turn <- struct{}{} // buffered, and empty: its worker took the last one
		return
	}
	l.taken = false
}

var errCancelled = errors.New("cancelled while waiting to send")

func (q *Queue) send(ctx context.Context, chat string, it *item) {
	if it.part == 0 && it.e.For != "" && q.opt.Obsolete != nil && q.opt.Obsolete(it.e) {
		q.opt.Log.Info("scheduled message dropped unsent: no longer for anyone in this chat",
			"channel", q.opt.Channel, "chat", chat, "outbox", it.e.ID)
		q.mu.Lock()
		defer q.mu.Unlock()
		q.chats[chat].busy = false
		q.finishLocked(chat, 1)
		q.signalLocked()
		return
	}
	wait := func() error {
		at := q.lim.reserve(chat, q.opt.Now())
		d := at.Sub(q.opt.Now())
		if d <= 0 {
			return ctx.Err()
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return errCancelled
		case <-t.C:
			return nil
		}
	}
	part, err := q.opt.Sender.Send(ctx, it.e, it.part, wait)
	it.part = part
	q.observe(ctx, err)
	q.mu.Lock()
	defer q.mu.Unlock()
	c := q.chats[chat]
	c.busy = false
	defer q.signalLocked()
	switch {
	case err == nil:
		c.attempts = 0
		q.finishLocked(chat, 1)
		return
	case ctx.Err() != nil:
		return // stays queued and in the outbox
	}
	verdict, after := q.opt.Sender.Classify(err)
	log := q.opt.Log.With("channel", q.opt.Channel, "chat", chat, "outbox", it.e.ID)
	now := q.opt.Now()
	switch verdict {
	case Wait:
		log.Warn("flood control: waiting", "retry_after", after)
		q.lim.pause(now.Add(after))
	case Unreachable:
		log.Warn("chat refuses messages; dropping what was queued for it", "count", len(c.items), "err", err)
		q.finishLocked(chat, len(c.items))
		if q.opt.Unreachable != nil {
			go q.opt.Unreachable(chat) // it writes to the store; not under our lock
		}
	case Drop:
		log.Error("message refused; dropped", "err", err)
		q.finishLocked(chat, 1)
	case Fatal:
		log.Error("channel refuses the bot; holding messages", "err", err)
		c.notBefore = now.Add(time.Minute)
	default:
		c.attempts++
		d := min(500*time.Millisecond<<min(c.attempts-1, 7), time.Minute)
		log.Warn("send failed; will retry", "in", d, "attempt", c.attempts, "err", err)
		c.notBefore = now.Add(d)
	}
}

// finishLocked takes the first n entries of a chat off the queue and hands
// them to remove.
func (q *Queue) finishLocked(chat string, n int) {
	c := q.chats[chat]
	for _, it := range c.items[:n] {
		q.done = append(q.done, it.e.ID)
	}
	c.items = c.items[n:]
	select {
	case q.sent <- struct{}{}:
	default:
	}
	if len(c.items) == 0 && !c.busy {
		delete(q.chats, chat)
		if i := slices.Index(q.order, chat); i >= 0 {
			q.order = slices.Delete(q.order, i, i+1)
		}
	}
}

// remove deletes sent entries from the outbox, many per commit, until
// stop is closed (after the last worker has finished).
func (q *Queue) remove(stop <-chan struct{}) {
	for {
		stopping := false
		select {
		case <-q.sent:
		case <-stop:
			stopping = true
		}
		q.storeMu.Lock()
		q.mu.Lock()
		ids := q.done
		q.done = nil
		q.mu.Unlock()
		if len(ids) > 0 {
			if err := q.opt.DB.OutboxDone(ids...); err != nil {
				q.opt.Log.Error("cannot remove sent messages from the outbox", "count", len(ids), "err", err)
			}
			q.mu.Lock()
			for _, id := range ids {
				delete(q.known, id)
			}
			q.mu.Unlock()
		}
		q.storeMu.Unlock()
		if stopping {
			return
		}
	}
}
