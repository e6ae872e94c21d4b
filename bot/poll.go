package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/store"
)

// poll asks Telegram for updates and makes each batch durable before
// asking for the next offset, so an update Telegram considers delivered is
// always on disk. The offset lives only in memory: Telegram may restart
// update ids after a quiet week, and the inbox de-duplicates by id anyway.
func (b *Bot) poll(ctx context.Context) error {
	offset := 0
	wait := backoff{min: time.Second, max: 30 * time.Second}
	for ctx.Err() == nil {
		updates, err := b.getUpdates(tgbotapi.UpdateConfig{
			Offset:         offset,
			Limit:          100,
			Timeout:        int(b.opt.PollTimeout / time.Second),
			AllowedUpdates: allowedUpdates,
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			f, retryAfter := classify(err)
			d := wait.next()
			switch f {
			case failFatal:
				return ErrUnauthorized
			case failWait:
				d = retryAfter
			case failConflict:
				b.log.Error("another bot instance or a webhook is taking this bot's updates (409)")
			}
			b.log.Warn("getUpdates failed", "err", b.red.err(err), "retry_in", d)
			sleep(ctx, d)
			continue
		}
		wait.reset()
		now := b.opt.Relay.Now()
		b.lastPoll.Store(&now)
		if len(updates) == 0 {
			continue
		}
		if err := b.accept(ctx, updates); err != nil {
			// Not confirmed: Telegram gives the same updates again, and
			// those already recorded are recognised.
			b.log.Error("cannot store updates; retrying", "err", err)
			sleep(ctx, wait.next())
			continue
		}
		offset = updates[len(updates)-1].UpdateID + 1
	}
	return ctx.Err()
}

// accept makes a batch of updates durable. An update whose chat is idle
// is handled at once, and the transaction of its effects records it (one
// commit per step instead of two: DESIGN §9's latency); the others are
// stored in the inbox in one transaction, which shares its commit with
// those, and queued behind their chat's earlier updates. accept returns
// once every update is on disk, one way or the other.
func (b *Bot) accept(ctx context.Context, updates []tgbotapi.Update) error {
	if b.opt.Received != nil {
		b.opt.Received(Channel, len(updates))
	}
	var stored []store.InboxItem
	var started []<-chan error
	queued := map[string]bool{} // chats with an update of this batch stored: the later ones follow it
	now := b.opt.Relay.Now()
	var err error
	for i := range updates {
		u := &updates[i]
		if b.flood(*u, now) {
			continue // not even stored: a re-delivery meets the gate again
		}
		it := store.InboxItem{Channel: Channel, ID: int64(u.UpdateID), Chat: chatOf(*u)}
		// A document is downloaded while it is handled: stored first, so
		// the next poll need not wait for the download.
		if !queued[it.Chat] && !hasDocument(*u) {
			// Handled at once, it needs no JSON unless it must be kept.
			fresh := it
			fresh.Fresh = true
			done := b.recorded.expect(it.ID)
			b.decoded.Store(it.ID, u)
			if b.chats.TryStart(fresh) {
				started = append(started, done)
				continue
			}
			b.decoded.Delete(it.ID)
			b.recorded.forget(it.ID)
		}
		if it.Raw, err = json.Marshal(u); err != nil {
			break
		}
		queued[it.Chat] = true
		stored = append(stored, it)
	}
	if err == nil {
		var added []store.InboxItem
		if added, err = b.opt.DB.InboxPut(ctx, stored); err == nil {
			for _, it := range added {
				b.chats.Add(it)
			}
		}
	}
	for _, done := range started {
		if e := <-done; e != nil && err == nil {
			err = e
		}
	}
	return err
}

// hasDocument reports whether u is a message carrying a file.
func hasDocument(u tgbotapi.Update) bool { return u.Message != nil && u.Message.Document != nil }

// flood reports whether u comes from someone not on the roster (an
// unlinked account, or one linked to a phone since removed) over the
// bounds of the gate: it is then dropped, not even stored.
func (b *Bot) flood(u tgbotapi.Update, now time.Time) bool {
	var from *tgbotapi.User
	switch {
	case u.Message != nil && u.Message.Chat.IsPrivate():
		from = u.Message.From
	case u.CallbackQuery != nil:
		from = u.CallbackQuery.From
	}
	if from == nil {
		return false
	}
	if b.opt.Relay.Known(Channel, strconv.FormatInt(from.ID, 10)) {
		return false
	}
	return !b.gate.Admit(Channel, chatOf(u), now)
}

// recorded tells the poll loop when an update handled at once is on disk.
type recorded struct {
	mu    sync.Mutex
	waits map[int64]chan error
}

func (r *recorded) expect(id int64) <-chan error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waits == nil {
		r.waits = map[int64]chan error{}
	}
	ch := make(chan error, 1)
	r.waits[id] = ch
	return ch
}

func (r *recorded) forget(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.waits, id)
}

// done reports an update on disk (err nil) or not; the first report counts.
func (r *recorded) done(id int64, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.waits[id]; ok {
		ch <- err
		delete(r.waits, id)
	}
}

// resumeInbox queues updates stored but not handled before the last stop.
func (b *Bot) resumeInbox() error {
	pending, err := b.opt.DB.InboxPending(Channel)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		b.log.Info("resuming updates received before the restart", "count", len(pending))
	}
	for _, it := range pending {
		b.chats.Add(it)
	}
	return nil
}

// chatOf returns the chat an update belongs to, which decides its ordering.
func chatOf(u tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return strconv.FormatInt(u.Message.Chat.ID, 10)
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return strconv.FormatInt(u.CallbackQuery.Message.Chat.ID, 10)
	case u.CallbackQuery != nil:
		return strconv.FormatInt(u.CallbackQuery.From.ID, 10)
	}
	return "0"
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
