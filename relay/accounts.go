package relay

import (
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// Accounts a person can see and take back: who is told what when one is
// linked or unlinked. Every notice goes to the chats of the accounts
// concerned, in the person's language, in the same transaction as the
// change.

func accountsOf(tx *store.Tx, phone string) ([]conversation.Account, error) {
	list, err := tx.AccountsOf(phone)
	var out []conversation.Account
	for _, a := range list {
		out = append(out, conversation.Account{Channel: a.Channel, UserID: a.UserID, Bound: a.Bound})
	}
	return out, err
}

// tellLinked tells a person's other accounts that a new one was linked, so
// someone who linked a stolen code is noticed.
func (r *Relay) tellLinked(tx *store.Tx, o Origin, now time.Time, p fieldbot.Person, out *Outcome) error {
	others, err := tx.AccountsOf(p.Phone)
	if err != nil {
		return err
	}
	lang, err := language(tx, p.Phone)
	if err != nil {
		return err
	}
	pr := r.printer(lang)
	for _, a := range others {
		if a.Channel == o.Channel && a.UserID == o.UserID {
			continue
		}
		msg := fieldbot.Message{Text: pr.HTML("accounts.linked_notice", "channel", conversation.ChannelLabel(o.Channel), "name", p.Name,
			"time", locale.FormatDateTime(now.In(r.Location())))}
		if err := r.notify(tx, a, now, msg, out); err != nil {
			return err
		}
	}
	return nil
}

// unlink unbinds the accounts the engine chose, tells each of them, and
// tells the person's accounts that remain.
func (r *Relay) unlink(tx *store.Tx, o Origin, now time.Time, res conversation.Result, out *Outcome) error {
	p := res.UnlinkOf
	by, byPhone := p.Name, ""
	if actor, ok, err := tx.Account(o.Channel, o.UserID); err != nil {
		return err
	} else if ok {
		byPhone = actor.Phone
		if who, found := r.Roster.Lookup(actor.Phone); found {
			by = who.Name
		}
	}
	lang, err := language(tx, p.Phone)
	if err != nil {
		return err
	}
	pr := r.printer(lang)
	at := locale.FormatDateTime(now.In(r.Location()))
	gone := map[string]bool{}
	for _, u := range res.Unlink {
		a, ok, err := tx.Account(u.Channel, u.UserID)
		if err != nil {
			return err
		}
		if !ok || a.Phone != p.Phone {
			continue
		}
		gone[a.Channel+"\x00"+a.UserID] = true
		if a.Channel != o.Channel || a.UserID != o.UserID {
			msg := fieldbot.Message{Text: pr.HTML("accounts.you_are_unlinked", "name", p.Name, "by", by, "time", at)}
			if err := r.notify(tx, a, now, msg, out); err != nil {
				return err
			}
		}
		if err := tx.UnbindAccount(a.Channel, a.UserID); err != nil {
			return err
		}
		if err := record(tx, now, fieldbot.Event{Kind: fieldbot.EventUnlink, By: byPhone, Via: via(o),
			Unit: p.Unit, Person: p.Phone, Ref: a.Channel + ":" + a.UserID}); err != nil {
			return err
		}
		rest, err := tx.AccountsOf(p.Phone)
		if err != nil {
			return err
		}
		for _, other := range rest {
			if other.Channel == o.Channel && other.UserID == o.UserID {
				continue // the one who did it was told by the engine
			}
			msg := fieldbot.Message{Text: pr.HTML("accounts.unlinked_notice", "channel", conversation.ChannelLabel(a.Channel), "name", p.Name, "by", by, "time", at)}
			if err := r.notify(tx, other, now, msg, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// notify queues a message to an account's chat on its channel; those of
// the input's own channel are sent with the reply.
func (r *Relay) notify(tx *store.Tx, a store.Account, now time.Time, msg fieldbot.Message, out *Outcome) error {
	queued, err := Enqueue(tx, store.Outgoing{Channel: a.Channel, Chat: a.Chat, Created: now}, msg)
	if err != nil {
		return err
	}
	out.Outgoing = append(out.Outgoing, queued...)
	return nil
}

// Location is the office's time zone, for the times people read.
func (r *Relay) Location() *time.Location {
	if loc := r.Engine.Config().Calendar.Location; loc != nil {
		return loc
	}
	return time.UTC
}

// Obsolete reports whether a scheduled message queued for a person
// (e.For) is no longer theirs to get in that chat: they have left the
// roster, or none of their accounts on that channel writes to that chat
// any more (taken back after a lost phone). The channels ask just before
// sending, so a digest that waited while a channel was down goes only to
// whom it still concerns. A read error sends it: the person was entitled
// to it when it was queued.
func (r *Relay) Obsolete(e store.Outgoing) bool {
	if e.For == "" {
		return false
	}
	if _, ok := r.Roster.Lookup(e.For); !ok {
		return true
	}
	linked := false
	err := r.DB.View(func(tx *store.Tx) error {
		accts, err := tx.AccountsOf(e.For)
		for _, a := range accts {
			linked = linked || a.Channel == e.Channel && a.Chat == e.Chat
		}
		return err
	})
	if err != nil {
		r.Log.Warn("cannot tell whether a scheduled message is still for its person; sending it", "err", err)
		return false
	}
	return !linked
}

// ObsoleteCheck is r.Obsolete for a channel's send queue; nil without a
// relay (a channel under test).
func ObsoleteCheck(r *Relay) func(store.Outgoing) bool {
	if r == nil {
		return nil
	}
	return r.Obsolete
}
