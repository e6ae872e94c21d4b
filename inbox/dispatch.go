// Package inbox hands stored updates to handlers: one chat's updates in order,
// different chats concurrently. Every channel adapter uses it, so ordering
// is the same on Telegram and Zalo.
package inbox

import (
	"context"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

// Dispatcher handles one chat's updates in order and different chats
// concurrently, with at most `workers` chats at once. A chat is drained by
// one goroutine while it has work queued; that goroutine then waits a
// while (keepIdle) to drain the next chat that has work.
type Dispatcher struct {
	handle func(store.InboxItem)
	slots  chan struct{}
	idle   chan string // a chat to drain, to a goroutine waiting for one
	mu     sync.Mutex
	queues map[string][]store.InboxItem // chat → pending, oldest first
	wg     sync.WaitGroup
}

// New returns a dispatcher that runs handle for at most workers chats at once.
func New(workers int, handle func(store.InboxItem)) *Dispatcher {
	return &Dispatcher{handle: handle, slots: make(chan struct{}, workers), idle: make(chan string), queues: map[string][]store.InboxItem{}}
}

// Add queues an item behind the chat's earlier ones.
func (d *Dispatcher) Add(it store.InboxItem) {
	d.mu.Lock()
	q, running := d.queues[it.Chat]
	d.queues[it.Chat] = append(q, it)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go func() {
			d.slots <- struct{}{}
			d.work(it.Chat)
		}()
	}
}

// TryStart handles it at once if its chat has nothing queued or running
// and a worker is free, and reports whether it did. Otherwise the caller
// keeps the order by storing it and calling Add, as for every later item
// of that chat it already has.
func (d *Dispatcher) TryStart(it store.InboxItem) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, busy := d.queues[it.Chat]; busy {
		return false
	}
	select {
	case d.slots <- struct{}{}:
	default:
		return false
	}
	d.queues[it.Chat] = []store.InboxItem{it}
	d.wg.Add(1)
	select {
	case d.idle <- it.Chat:
	default:
		go d.work(it.Chat)
	}
	return true
}

// keepIdle is how long a goroutine that drained a chat waits for another.
// One kept keeps its stack: a new goroutine for every step grew its stack
// again through the step's calls, a twentieth of the bot's CPU under load.
const keepIdle = 5 * time.Second

// work drains chat, then the chats handed to it while it waits, until none
// comes for keepIdle.
func (d *Dispatcher) work(chat string) {
	var wait *time.Timer
	for {
		d.drain(chat)
		if wait == nil {
			wait = time.NewTimer(keepIdle)
		} else {
			wait.Reset(keepIdle)
		}
		select {
		case chat = <-d.idle:
		case <-wait.C:
			return
		}
	}
}

// drain handles a chat's queue until it is empty; the caller took a slot.
func (d *Dispatcher) drain(chat string) {
	defer d.wg.Done()
	defer func() { <-d.slots }()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		it := q[0]
		d.queues[chat] = q[1:]
		d.mu.Unlock()
		d.handle(it)
	}
}

// Wait blocks until every queued item has been handled.
func (d *Dispatcher) Wait() { d.wg.Wait() }

// AddWhenReady queues items stored by a webhook or an upload page once
// ready is closed (the channel has resumed what was already in the inbox,
// which must go first). Stopping before that leaves them stored, for the
// next start.
func (d *Dispatcher) AddWhenReady(ctx context.Context, ready <-chan struct{}, items ...store.InboxItem) {
	select {
	case <-ready:
	case <-ctx.Done():
		return
	}
	for _, it := range items {
		d.Add(it)
	}
}
