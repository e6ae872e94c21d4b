package bot

import (
	"context"
	"encoding/json"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// handle runs one inbox item: turn it into a neutral input, let the relay
// commit its effects, then answer and send what was queued.
func (b *Bot) handle(it store.InboxItem) {
	ctx := context.Background()
	var u tgbotapi.Update
	if err := json.Unmarshal(it.Raw, &u); err != nil {
		b.log.Error("unreadable inbox item", "update", it.ID, "err", err)
		b.done(ctx, it.ID)
		return
	}
	origin, in, ok := b.input(u)
	if !ok {
		b.done(ctx, it.ID) // an update kind we do not act on (a group join, an edit)
		return
	}
	origin.UpdateID = it.ID
	out, err := b.opt.Relay.Handle(ctx, origin, in)
	if err != nil {
		b.log.Error("cannot handle update; it stays in the inbox", "update", it.ID, "err", err)
		return
	}
	if out.Bound != nil {
		b.menus.bound(origin.UserID)
	}
	if q := u.CallbackQuery; q != nil {
		b.answerCallback(q.ID, out.Toast)
		if out.Accepted && q.Message != nil {
			b.clearButtons(q.Message.Chat.ID, q.Message.MessageID)
		}
	}
	b.queue.Push(out.Outgoing...)
}

func (b *Bot) done(ctx context.Context, id int64) {
	err := b.opt.DB.Update(ctx, func(tx *store.Tx) error { return tx.InboxDone(Channel, id) })
	if err != nil {
		b.log.Error("cannot mark update done", "update", id, "err", err)
	}
}

// input turns a Telegram update into a neutral input. Only private chats
// take part in conversations.
func (b *Bot) input(u tgbotapi.Update) (relay.Origin, fieldbot.Input, bool) {
	switch {
	case u.Message != nil && u.Message.From != nil && u.Message.Chat.IsPrivate():
		m := u.Message
		o := origin(m.From, m.Chat.ID)
		switch {
		case m.Contact != nil:
			return o, fieldbot.Input{Kind: fieldbot.InputContact, Contact: m.Contact.PhoneNumber, ContactOwn: m.Contact.UserID == m.From.ID}, true
		case m.IsCommand():
			return o, fieldbot.Input{Kind: fieldbot.InputCommand, Command: m.Command(), Text: locale.CleanInput(m.CommandArguments())}, true
		case m.Text != "":
			return o, fieldbot.Input{Kind: fieldbot.InputText, Text: locale.CleanInput(m.Text)}, true
		}
		return o, fieldbot.Input{Kind: fieldbot.InputOther}, true
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat.IsPrivate():
		q := u.CallbackQuery
		return origin(q.From, q.Message.Chat.ID), fieldbot.Input{Kind: fieldbot.InputButton, Button: q.Data}, true
	}
	return relay.Origin{}, fieldbot.Input{}, false
}

func origin(from *tgbotapi.User, chat int64) relay.Origin {
	return relay.Origin{Channel: Channel, UserID: strconv.FormatInt(from.ID, 10), Chat: strconv.FormatInt(chat, 10), Lang: from.LanguageCode}
}
