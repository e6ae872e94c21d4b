package inbox

import (
	"log/slog"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/gcra"
)

// Gate bounds what chats of unlinked accounts — people the bot does not
// know, who can only be onboarded — may cost. Every message handled is a
// transaction, a step of the engine and a reply that takes a share of the
// platform's send rate (Telegram's 30 a second for the whole bot), so 50
// such accounts sending 1,000 messages once held an officer's reply back
// by 1.7 s. A channel asks the gate before handling a message from an
// unlinked account; what it refuses is dropped before it is even stored,
// without an answer, with a log line (once an hour per chat, once a
// minute for the shared bound). A re-delivery of a dropped message meets
// the gate again.
//
// Linked accounts never pass through the gate. A real newcomer types a
// few messages a minute and is never near either bound.
type Gate struct {
	perChat, all Rate
	log          *slog.Logger

	mu       sync.Mutex
	chats    map[string]*gcra.Bucket // by channel and chat
	shared   gcra.Bucket
	logged   map[string]time.Time // when a chat's drops were last logged
	dropped  int                  // by the shared bound since it was last logged
	sharedAt time.Time            // when the shared bound was last logged
}

// Rate allows Burst messages at once, then one every Every.
type Rate = gcra.Rate

// Default bounds: one unlinked chat gets 4 messages handled at once (a
// greeting, the phone number or code, a command or two), then one a
// second, what Telegram lets the bot answer in one chat; all of them
// together 20 at once (an office joining together), then 5 a second — a
// sixth of Telegram's send rate, so officers' replies keep the rest. The
// burst's replies take about 0.7 s of Telegram's rate: an officer's reply
// at the very start of a flood waits at most that.
var (
	DefaultPerChat = Rate{Every: time.Second, Burst: 4}
	DefaultAll     = Rate{Every: 200 * time.Millisecond, Burst: 20}
)

// NewGate returns a gate with the bounds for one unlinked chat and for
// all of them together, shared by every channel it is given to.
func NewGate(perChat, all Rate, log *slog.Logger) *Gate {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Gate{perChat: perChat, all: all, log: log, chats: map[string]*gcra.Bucket{},
		shared: gcra.Bucket{Rate: all}, logged: map[string]time.Time{}}
}

// Admit reports whether a message from an unlinked account in chat (of
// channel) may be handled at now, and counts it if so.
func (g *Gate) Admit(channel, chat string, now time.Time) bool {
	if g == nil {
		return true
	}
	key := channel + "\x00" + chat
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.chats[key]
	if c == nil {
		if len(g.chats) >= 10000 {
			g.forget(now)
		}
		c = &gcra.Bucket{Rate: g.perChat}
		g.chats[key] = c
	}
	switch {
	case !c.Allows(now):
		if last, ok := g.logged[key]; !ok || now.Sub(last) >= time.Hour {
			g.logged[key] = now
			g.log.Warn("an unlinked account sends too fast; dropping its messages for now", "channel", channel, "chat", chat)
		}
		return false
	case !g.shared.Allows(now):
		g.dropped++
		if now.Sub(g.sharedAt) >= time.Minute {
			g.log.Warn("unlinked accounts together send too fast; dropping their messages for now", "dropped", g.dropped)
			g.sharedAt, g.dropped = now, 0
		}
		return false
	}
	c.Take(now)
	g.shared.Take(now)
	return true
}

// forget drops chats whose buckets are full again.
func (g *Gate) forget(now time.Time) {
	for k, c := range g.chats {
		if c.Full(now) {
			delete(g.chats, k)
		}
	}
	for k, t := range g.logged {
		if now.Sub(t) >= time.Hour {
			delete(g.logged, k)
		}
	}
}
