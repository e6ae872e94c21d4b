// Package inbox hands stored updates to handlers: one chat's updates in order,
// different chats concurrently. Every channel adapter uses it, so ordering
// is the same on Telegram and Zalo.
package inbox

import (
	"context"
	"sync"

	"github.com/fieldbot/fieldbot/store"
)

// Dispatcher handles one chat's updates in order and different chats
// concurrently, with at most `workers` chats at once. A chat's goroutine
// lives only while the chat has work queued.
type Dispatcher struct {
	handle func(store.InboxItem)
	slots  chan struct{}
	mu     sync.Mutex
	queues map[string][]store.InboxItem // chat → pending, oldest first
	wg     sync.WaitGroup
}

// New returns a dispatcher that runs handle for at most workers chats at once.
func New(workers int, handle func(store.InboxItem)) *Dispatcher {
	return &Dispatcher{handle: handle, slots: make(chan struct{}, workers), queues: map[string][]store.InboxItem{}}
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
			d.drain(it.Chat)
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
	go d.drain(it.Chat)
	return true
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
