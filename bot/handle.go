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

// handle runs one update: turn it into a neutral input, let the relay
// commit its effects, then answer and send what was queued. A fresh update
// (not stored yet) is recorded by that same commit, and the poll loop is
// told when it is on disk.
func (b *Bot) handle(it store.InboxItem) {
	ctx := context.Background()
	u, err := b.update(it)
	if err != nil {
		b.log.Error("unreadable inbox item", "update", it.ID, "err", err)
		b.done(ctx, it, nil)
		return
	}
	origin, in, ok := b.input(u)
	if !ok {
		b.done(ctx, it, &u) // an update kind we do not act on (a group join, an edit)
		return
	}
	origin.UpdateID, origin.Fresh = it.ID, it.Fresh
	if it.Fresh {
		origin.Committed = func() { b.recorded.done(it.ID, nil) }
	}
	if in.Kind == fieldbot.InputFile {
		data, refusal, err := b.fetch(u.Message.Document)
		if err != nil {
			b.log.Info("document not downloaded: stopping; it stays in the inbox", "update", it.ID)
			b.keep(ctx, it, &u)
			return
		}
		if refusal != "" {
			b.refuse(ctx, it, origin, refusal, in.File.Name)
			return
		}
		in.File.Data = data
	}
	out, err := b.opt.Relay.Handle(ctx, origin, in)
	if err != nil {
		b.log.Error("cannot handle update; it stays in the inbox", "update", it.ID, "err", err)
		b.keep(ctx, it, &u)
		return
	}
	if out.Repeated {
		return // handled before: its callback was answered then
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

// update is the Telegram update an inbox item carries: as the poll decoded
// it if it is handled at once, else decoded from what was stored.
func (b *Bot) update(it store.InboxItem) (tgbotapi.Update, error) {
	if it.Fresh {
		if u, ok := b.decoded.LoadAndDelete(it.ID); ok {
			return *u.(*tgbotapi.Update), nil
		}
	}
	var u tgbotapi.Update
	err := json.Unmarshal(it.Raw, &u)
	return u, err
}

// refuse answers a document that cannot be taken (why: a catalog key)
// and marks its update done.
func (b *Bot) refuse(ctx context.Context, it store.InboxItem, o relay.Origin, why, name string) {
	b.log.Info("document refused", "update", it.ID, "why", why)
	out, err := b.opt.Relay.Answer(ctx, o, why, "name", name, "max", maxInputFile())
	if err != nil {
		b.log.Error("cannot answer a refused document; it stays in the inbox", "update", it.ID, "err", err)
		b.keep(ctx, it, nil) // a document is stored before it is handled
		return
	}
	b.queue.Push(out.Outgoing...)
}

// done records an update there is nothing to do for; u is the update, if
// known, in case it must be kept.
func (b *Bot) done(ctx context.Context, it store.InboxItem, u *tgbotapi.Update) {
	err := b.opt.DB.Update(ctx, func(tx *store.Tx) error {
		if it.Fresh {
			_, err := tx.InboxClaim(Channel, it.ID, it.Chat)
			return err
		}
		return tx.InboxDone(Channel, it.ID)
	})
	if err != nil {
		b.log.Error("cannot mark update done", "update", it.ID, "err", err)
		b.keep(ctx, it, u)
		return
	}
	b.recorded.done(it.ID, nil)
}

// keep stores a fresh update that could not be handled, pending, like any
// update a restart finds in the inbox; if even that fails, the poll loop
// does not confirm it and Telegram delivers it again. A fresh update
// handled at once has no JSON until then (see accept): it is made from u.
func (b *Bot) keep(ctx context.Context, it store.InboxItem, u *tgbotapi.Update) {
	if !it.Fresh {
		return // stored already
	}
	it.Fresh = false
	var err error
	if len(it.Raw) == 0 && u != nil {
		it.Raw, err = json.Marshal(u)
	}
	if err == nil {
		_, err = b.opt.DB.InboxPut(ctx, []store.InboxItem{it})
	}
	b.recorded.done(it.ID, err)
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
		case m.Document != nil:
			// Downloaded in handle. Someone not on the roster can only be
			// onboarded: their file is not worth fetching.
			if !b.opt.Relay.Known(Channel, o.UserID) {
				return o, fieldbot.Input{Kind: fieldbot.InputOther}, true
			}
			return o, fieldbot.Input{Kind: fieldbot.InputFile, File: &fieldbot.File{Name: fieldbot.CleanFileName(m.Document.FileName)}}, true
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
