package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/store"
)

// poll asks Telegram for updates and stores each batch in the inbox before
// asking for the next offset, so an update Telegram considers delivered is
// always on disk. The offset lives only in memory: Telegram may restart
// update ids after a quiet week, and the inbox de-duplicates by id anyway.
func (b *Bot) poll(ctx context.Context) error {
	offset := 0
	wait := backoff{min: time.Second, max: 30 * time.Second}
	for ctx.Err() == nil {
		updates, err := b.poller.GetUpdates(tgbotapi.UpdateConfig{
			Offset:         offset,
			Limit:          100,
			Timeout:        int(b.opt.PollTimeout / time.Second),
			AllowedUpdates: []string{"message", "callback_query"},
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
		if len(updates) == 0 {
			continue
		}
		added, err := b.store(ctx, updates)
		if err != nil {
			// Not confirmed: Telegram gives the same updates again.
			b.log.Error("cannot store updates; retrying", "err", err)
			sleep(ctx, wait.next())
			continue
		}
		offset = updates[len(updates)-1].UpdateID + 1
		for _, it := range added {
			b.chats.Add(it)
		}
	}
	return ctx.Err()
}

// store writes a batch of updates to the inbox in one transaction and
// returns the ones never seen before.
func (b *Bot) store(ctx context.Context, updates []tgbotapi.Update) ([]store.InboxItem, error) {
	items := make([]store.InboxItem, 0, len(updates))
	for _, u := range updates {
		raw, err := json.Marshal(u)
		if err != nil {
			return nil, err
		}
		items = append(items, store.InboxItem{Channel: Channel, ID: int64(u.UpdateID), Chat: chatOf(u), Raw: raw})
	}
	return b.opt.DB.InboxPut(ctx, items)
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
