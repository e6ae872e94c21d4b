package outbound

import (
	"sync"
	"time"
)

// Rate allows Burst sends at once, then one every Every. A zero Every
// means no limit.
type Rate struct {
	Every time.Duration
	Burst int
}

// Limits are a channel's flood limits.
type Limits struct {
	Global  Rate // all chats together
	Private Rate // one private chat
	Group   Rate // one group chat
	// IsGroup tells group chats from private ones; nil means none are groups.
	IsGroup func(chat string) bool
}

// bucket is a token bucket kept as a theoretical arrival time (GCRA): a
// send at t is allowed if t ≥ tat − (burst−1)·every, and moves tat on.
type bucket struct {
	rate Rate
	tat  time.Time
}

func (b *bucket) earliest(t time.Time) time.Time {
	if b.rate.Every <= 0 {
		return t
	}
	if allow := b.tat.Add(-time.Duration(max(b.rate.Burst, 1)-1) * b.rate.Every); allow.After(t) {
		return allow
	}
	return t
}

func (b *bucket) take(t time.Time) {
	if b.rate.Every <= 0 {
		return
	}
	if b.tat.Before(t) {
		b.tat = t
	}
	b.tat = b.tat.Add(b.rate.Every)
}

// limiter hands out send times that keep every bucket within its rate.
// Reserving instead of polling means a thousand queued digests leave at an
// even 30 a second, not in bursts refused with 429.
type limiter struct {
	mu     sync.Mutex
	lim    Limits
	global bucket
	chats  map[string]*bucket
	paused time.Time // no send before this (after a 429)
}

func newLimiter(l Limits) *limiter {
	return &limiter{lim: l, global: bucket{rate: l.Global}, chats: map[string]*bucket{}}
}

// reserve returns when a message to chat may be sent, now or later, and
// counts it against the limits as sent then.
func (l *limiter) reserve(chat string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chats[chat]
	if c == nil {
		if len(l.chats) >= 10000 {
			l.forget(now)
		}
		r := l.lim.Private
		if l.lim.IsGroup != nil && l.lim.IsGroup(chat) {
			r = l.lim.Group
		}
		c = &bucket{rate: r}
		l.chats[chat] = c
	}
	t := now
	if l.paused.After(t) {
		t = l.paused
	}
	t = l.global.earliest(c.earliest(t))
	c.take(t)
	l.global.take(t)
	return t
}

// ready is when chat's own limit next allows a send (now if it does). The
// queue picks only chats that are ready: a send reserved ahead for a chat
// that must wait would also take a place in the global limit ahead, and
// hold back every other chat's message in between.
func (l *limiter) ready(chat string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c := l.chats[chat]; c != nil {
		return c.earliest(now)
	}
	return now
}

// pause holds every send until t: Telegram's retry_after applies to the bot.
func (l *limiter) pause(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.After(l.paused) {
		l.paused = t
	}
}

// forget drops chats whose buckets are full again.
func (l *limiter) forget(now time.Time) {
	for id, c := range l.chats {
		if !c.tat.After(now) {
			delete(l.chats, id)
		}
	}
}
