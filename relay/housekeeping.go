package relay

import (
	"context"
	"log/slog"
	"time"
)

// Housekeeping is the one owner, per process, of the chores that belong to
// the store rather than to any channel: ending forms abandoned on any
// channel (each with a notice, which also releases reminders held back
// behind the form) and forgetting old handled updates of every channel's
// inbox. A channel does neither itself, so a Zalo-only office is kept as
// tidy as a Telegram one, and an office with both is not swept twice.
type Housekeeping struct {
	Relay *Relay // its Now is the clock; its DB the store
	// Channels are the configured channels whose chats are swept.
	Channels []string
	// Kick, if set, tells the channels that notices were queued in their
	// outbox.
	Kick func()
	// Every is how often idle forms are looked for (default 1m); the inbox
	// is pruned at most once an hour.
	Every time.Duration
	Log   *slog.Logger

	pruned time.Time // by the relay's clock
}

// KeepSeen is how long handled update ids are remembered: channels
// re-deliver only recent updates (Telegram within a day, Zalo retries a
// webhook within minutes), and a week is far beyond both.
const KeepSeen = 7 * 24 * time.Hour

// Run does the chores now and then every Every until ctx ends.
func (h *Housekeeping) Run(ctx context.Context) {
	every := h.Every
	if every <= 0 {
		every = time.Minute
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		h.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Once expires idle forms on every channel and, if an hour has passed
// since it last did, prunes the inbox. Failures are logged; the next round
// tries again.
func (h *Housekeeping) Once(ctx context.Context) {
	queued := 0
	for _, ch := range h.Channels {
		out, err := h.Relay.Sweep(ctx, ch)
		if err != nil && ctx.Err() == nil {
			h.Log.Error("expiring idle conversations failed", "channel", ch, "err", err)
		}
		queued += len(out)
	}
	if queued > 0 {
		h.Log.Info("ended abandoned forms", "count", queued)
		if h.Kick != nil {
			h.Kick()
		}
	}
	now := h.Relay.Now()
	if !h.pruned.IsZero() && now.Sub(h.pruned) < time.Hour {
		return
	}
	h.pruned = now
	n, err := h.Relay.DB.PruneInbox(now.Add(-KeepSeen))
	switch {
	case err != nil:
		h.Log.Error("pruning the inbox failed", "err", err)
	case n > 0:
		h.Log.Info("forgot old handled updates", "count", n)
	}
}
