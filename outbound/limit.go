package outbound

import (
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/gcra"
)

// Rate allows Burst sends at once, then one every Every. A zero Every
// means no limit.
type Rate = gcra.Rate

// Limits are a channel's flood limits.
type Limits struct {
	Global  Rate // all chats together
	Private Rate // one private chat
	Group   Rate // one group chat
	// IsGroup tells group chats from private ones; nil means none are groups.
	IsGroup func(chat string) bool
}

// limiter hands out send times that keep every bucket within its rate.
// Reserving instead of polling means a thousand queued digests leave at an
// even 30 a second, not in bursts refused with 429.
type limiter struct {
	mu     sync.Mutex
	lim    Limits
	global gcra.Bucket
	chats  map[string]*gcra.Bucket
	paused time.Time // no send before this (after a 429)
}

func newLimiter(l Limits) *limiter {
	return &limiter{lim: l, global: gcra.Bucket{Rate: l.Global}, chats: map[string]*gcra.Bucket{}}
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
		c = &gcra.Bucket{Rate: r}
		l.chats[chat] = c
	}
	t := now
	if l.paused.After(t) {
		t = l.paused
	}
	t = l.global.Earliest(c.Earliest(t))
	c.Take(t)
	l.global.Take(t)
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
		return c.Earliest(now)
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
		if c.Full(now) {
			delete(l.chats, id)
		}
	}
}
