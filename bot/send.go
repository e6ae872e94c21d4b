package bot

import (
	"context"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// maxAttempts bounds retries of one send on 5xx and network errors.
const maxAttempts = 5

// deliver sends committed outbox entries in order and removes each once
// Telegram has it (or it can never be sent). A crash in between sends an
// entry again at start-up: at least once, never lost.
func (b *Bot) deliver(entries []store.Outgoing) {
	for _, e := range entries {
		b.sendEntry(e)
	}
}

func (b *Bot) sendEntry(e store.Outgoing) {
	chat, err := strconv.ParseInt(e.Chat, 10, 64)
	if err != nil {
		b.log.Error("outbox entry with a bad chat id; dropped", "chat", e.Chat)
		b.outboxDone(e.ID)
		return
	}
	m, err := relay.DecodeMessage(e.Payload)
	if err != nil {
		b.log.Error("outbox entry unreadable; dropped", "id", e.ID, "err", err)
		b.outboxDone(e.ID)
		return
	}
	for _, msg := range render(chat, m) {
		if !b.send(chat, msg) {
			break
		}
	}
	b.outboxDone(e.ID)
}

// send makes one call, retrying what Telegram says is worth retrying. It
// reports false when the chat cannot be reached at all.
func (b *Bot) send(chat int64, c tgbotapi.Chattable) bool {
	wait := backoff{min: 500 * time.Millisecond, max: 10 * time.Second}
	for attempt := 1; ; attempt++ {
		_, err := b.api.Request(c)
		if err == nil {
			return true
		}
		f, retryAfter := classify(err)
		switch f {
		case failNotModified:
			return true
		case failBlocked:
			b.markUnreachable(chat)
			return false
		case failBadRequest, failFatal:
			b.log.Error("Telegram refused a message", "chat", chat, "err", b.red.err(err))
			return true // the rest of the entry may still be fine
		case failWait:
			b.log.Warn("rate limited by Telegram", "chat", chat, "retry_after", retryAfter)
			time.Sleep(retryAfter)
			continue
		}
		if attempt >= maxAttempts {
			b.log.Error("giving up on a message after retries", "chat", chat, "err", b.red.err(err))
			return false
		}
		time.Sleep(wait.next())
	}
}

// outboxDone queues a sent entry for removal. Removal is batched by
// forgetSent so a chat's next reply does not wait for a commit of its own;
// a crash before the batch commits sends the entry again (at least once).
func (b *Bot) outboxDone(id uint64) { b.sent <- id }

// forgetSent removes sent entries from the outbox, many per commit, until
// the channel is closed.
func (b *Bot) forgetSent() {
	for id := range b.sent {
		ids := []uint64{id}
	more:
		for len(ids) < 512 {
			select {
			case next, ok := <-b.sent:
				if !ok {
					break more
				}
				ids = append(ids, next)
			default:
				break more
			}
		}
		if err := b.opt.DB.OutboxDone(ids...); err != nil {
			b.log.Error("cannot remove sent messages from the outbox", "count", len(ids), "err", err)
		}
	}
}

// markUnreachable remembers that a person blocked the bot, so scheduled
// messages skip them until they write again.
func (b *Bot) markUnreachable(chat int64) {
	id := strconv.FormatInt(chat, 10)
	b.log.Warn("person blocked the bot; marked unreachable", "chat", chat)
	err := b.opt.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetUnreachable(Channel, id, true)
	})
	if err != nil {
		b.log.Error("cannot mark unreachable", "chat", chat, "err", err)
	}
}

// answerCallback answers a button press; Telegram shows a spinner until it does.
func (b *Bot) answerCallback(id, text string) {
	if _, err := b.api.Request(tgbotapi.NewCallback(id, text)); err != nil {
		b.log.Warn("answerCallbackQuery failed", "err", b.red.err(err))
	}
}

// clearButtons removes the inline keyboard of a message whose button was
// used, so it cannot be pressed twice.
func (b *Bot) clearButtons(chat int64, messageID int) {
	empty := tgbotapi.NewInlineKeyboardMarkup()
	empty.InlineKeyboard = [][]tgbotapi.InlineKeyboardButton{}
	b.send(chat, tgbotapi.NewEditMessageReplyMarkup(chat, messageID, empty))
}

// resendOutbox sends what was committed but not yet sent before a stop.
func (b *Bot) resendOutbox(ctx context.Context) {
	entries, err := b.opt.DB.Outbox(Channel)
	if err != nil {
		b.log.Error("cannot read the outbox", "err", err)
		return
	}
	if len(entries) > 0 {
		b.log.Info("sending messages left from before the restart", "count", len(entries))
	}
	b.deliver(entries)
}
