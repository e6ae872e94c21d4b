// Package relay runs one input from any channel through the conversation
// engine inside one store transaction: the chat's new state, a new binding,
// a submission, the inbox mark and the replies to send are committed
// together, so a crash at any point either loses nothing or repeats nothing.
package relay

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// Relay connects channels to the engine and the store.
type Relay struct {
	DB     *store.DB
	Engine *conversation.Engine
	Roster *fieldbot.Roster
	// Lang is the default language, for people who chose none and for
	// chats whose person is not known.
	Lang locale.Lang
	Now  func() time.Time
	Log  *slog.Logger
	// Saved, if set, is told of every submission after it is committed
	// (the progress ledger keeps its figures current this way).
	Saved func(fieldbot.Submission)
	// OnSave, if set, runs inside the transaction that saves a submission
	// and may queue messages to others (a correction notice to the leaders
	// who already got that period's digest).
	OnSave func(tx *store.Tx, s fieldbot.Submission) ([]store.Outgoing, error)
	// Applied puts a committed roster or targets import in force (the
	// roster everyone holds, the ledger's figures).
	Applied func(*conversation.Import)
	// Preview builds a person's digest for /digest in their language
	// (zero: the default), after the commit.
	Preview func(p fieldbot.Person, lang locale.Lang, now time.Time) ([]fieldbot.Message, error)
	// Observe, if set, is told of every input handled (metrics): its
	// channel, its outcome (StepOK, StepRepeated, StepFailed, StepError)
	// and how long Handle took by Now, the commit included.
	Observe func(channel, outcome string, d time.Duration)
	// Inspect, if set, is shown every input before the engine gets it,
	// with its origin: what a channel made of an update (tests see the
	// exact bytes of a file this way). It must not keep in.File.Data.
	Inspect func(o Origin, in fieldbot.Input)
}

// What became of an input, as Observe is told.
const (
	StepOK       = "ok"       // handled and committed
	StepRepeated = "repeated" // a re-delivery of an update handled before: nothing done
	StepFailed   = "failed"   // the engine failed or panicked: nothing saved, the person told
	StepError    = "error"    // nothing committed (the database): Handle returned an error
)

// Origin says where an input came from.
type Origin struct {
	Channel  string // "telegram"
	UserID   string
	Chat     string
	Lang     string // the client's language, if it says
	UpdateID int64  // the inbox item this input was read from; 0 if none
	// Fresh: the update is not in the inbox yet; it is claimed in the
	// transaction of its effects (store.Tx.InboxClaim) and skipped if it
	// was seen before.
	Fresh bool
	// Committed, if set, is called once the input's transaction is on
	// disk, before slower work that follows it (a digest preview).
	Committed func()
	// Typed: everything on the channel is typed (Zalo): no buttons and no
	// phone sharing, so newcomers are asked for an invitation code and
	// answers never mention buttons.
	Typed bool
}

// Outcome is what the channel must do after the commit.
type Outcome struct {
	Outgoing []store.Outgoing // committed to the outbox; send, then mark done
	Saved    *fieldbot.Submission
	// Bound is whom the account was bound to by this input, if it was: the
	// channel may now give them their role's command menu.
	Bound    *fieldbot.Person
	Toast    string
	Accepted bool
	// Repeated: the update was handled before (a re-delivery of a fresh
	// one); nothing was done, and the channel must not act on it either.
	Repeated bool
	failed   bool // the input failed: the person was told nothing was saved
	preview  *fieldbot.Person
	imported *conversation.Import
	lang     locale.Lang // the person's language after the input; "" if unknown
}

// Handle runs in through the engine and commits its effects. An error from
// the engine — or a panic, which rolls its transaction back — is logged,
// the person is told that nothing was saved, and the input is marked done
// so one bad input cannot wedge the chat, nor crash the bot at every start
// on the same stored update.
func (r *Relay) Handle(ctx context.Context, o Origin, in fieldbot.Input) (Outcome, error) {
	now := r.Now()
	if r.Inspect != nil {
		r.Inspect(o, in)
	}
	out, err := r.handle(ctx, o, in, now)
	if r.Observe != nil {
		outcome := StepOK
		switch {
		case err != nil:
			outcome = StepError
		case out.Repeated:
			outcome = StepRepeated
		case out.failed:
			outcome = StepFailed
		}
		r.Observe(o.Channel, outcome, r.Now().Sub(now))
	}
	return out, err
}

func (r *Relay) handle(ctx context.Context, o Origin, in fieldbot.Input, now time.Time) (Outcome, error) {
	var out Outcome
	err := contained(func() error {
		return r.DB.Update(ctx, func(tx *store.Tx) error {
			out = Outcome{} // Update may run this more than once
			if first, err := settle(tx, o); err != nil || !first {
				out.Repeated = err == nil
				return err
			}
			person, err := r.person(tx, o)
			if err != nil {
				return err
			}
			channels, preferred, err := reach(tx, person)
			if err != nil {
				return err
			}
			var lang locale.Lang
			if person != nil {
				if lang, err = language(tx, person.Phone); err != nil {
					return err
				}
			}
			raw, err := tx.ChatState(o.Channel, o.Chat)
			if err != nil {
				return err
			}
			st, err := conversation.DecodeState(raw)
			if err != nil {
				return err
			}
			res, err := r.Engine.Handle(conversation.Session{
				Now: now, Person: person, State: st,
				Latest:    func(k fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) { return tx.Latest(k) },
				Reopened:  tx.Reopened,
				Typed:     o.Typed,
				Channels:  channels,
				Preferred: preferred,
				Lang:      lang,
				Redeem:    func(code string) (string, error) { return redeem(tx, o, now, code) },
				Invite:    func(phone string) (string, time.Time, error) { return r.invite(tx, o, person, now, phone) },
				Channel:   o.Channel,
				UserID:    o.UserID,
				Accounts:  func(phone string) ([]conversation.Account, error) { return accountsOf(tx, phone) },
				History:   tx.EventsOf,
				Directory: func() ([]fieldbot.Person, []fieldbot.Target, bool, error) { return storedDirectory(tx) },
			}, in)
			if err != nil {
				return err
			}
			out.lang = lang
			return r.commit(tx, o, now, res, &out)
		})
	})
	if err == nil {
		if o.Committed != nil {
			o.Committed()
		}
		if out.Saved != nil && r.Saved != nil {
			r.Saved(*out.Saved)
		}
		if out.imported != nil && r.Applied != nil {
			r.Applied(out.imported) // in force only once on disk
		}
		if out.preview != nil {
			r.sendPreview(ctx, o, now, &out)
		}
		return out, nil
	}
	if ctx.Err() != nil {
		return Outcome{}, err
	}
	r.Log.Error("input failed; nothing saved", "channel", o.Channel, "chat", o.Chat, "update", o.UpdateID, "err", err)
	out, err = r.Answer(ctx, o, "error.internal")
	out.failed = err == nil && !out.Repeated
	return out, err
}

// contained runs fn and turns a panic inside it into an error carrying the
// panic and its stack.
func contained(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn()
}

func (r *Relay) person(tx *store.Tx, o Origin) (*fieldbot.Person, error) {
	acct, ok, err := tx.Account(o.Channel, o.UserID)
	if err != nil || !ok {
		return nil, err
	}
	if acct.Unreachable { // they wrote again, so they unblocked the bot
		if err := tx.SetUnreachable(o.Channel, o.UserID, false); err != nil {
			return nil, err
		}
	}
	// Someone taken off the roster loses access even if their account is bound.
	p, ok := r.Roster.Lookup(acct.Phone)
	if !ok {
		return nil, nil
	}
	return &p, nil
}

func (r *Relay) commit(tx *store.Tx, o Origin, now time.Time, res conversation.Result, out *Outcome) error {
	// The state is kept even when idle: its Seq must keep growing, or a
	// button from an old conversation could match a new one.
	raw, err := res.State.Encode()
	if err != nil {
		return err
	}
	if err := tx.PutChatState(o.Channel, o.Chat, raw); err != nil {
		return err
	}
	if res.Bind != nil {
		if err := r.tellLinked(tx, o, now, *res.Bind, out); err != nil {
			return err
		}
		if err := tx.BindAccount(store.Account{Channel: o.Channel, UserID: o.UserID, Chat: o.Chat, Phone: res.Bind.Phone, Lang: o.Lang, Bound: now}); err != nil {
			return err
		}
		if err := record(tx, now, fieldbot.Event{Kind: fieldbot.EventLink, By: res.Bind.Phone, Via: via(o),
			Unit: res.Bind.Unit, Person: res.Bind.Phone, Ref: via(o)}); err != nil {
			return err
		}
	}
	if res.Import != nil {
		if err := storeImport(tx, o, now, res.Import); err != nil {
			return err
		}
		out.imported = res.Import
	}
	if len(res.Unlink) > 0 && res.UnlinkOf != nil {
		if err := r.unlink(tx, o, now, res, out); err != nil {
			return err
		}
	}
	if res.Prefer != nil && res.State != nil {
		if p, ok, err := tx.Account(o.Channel, o.UserID); err != nil {
			return err
		} else if ok {
			if err := tx.SetPreferred(p.Phone, *res.Prefer); err != nil {
				return err
			}
		}
	}
	if res.Language != nil {
		if p, ok, err := tx.Account(o.Channel, o.UserID); err != nil {
			return err
		} else if ok {
			if err := tx.SetLanguage(p.Phone, string(*res.Language)); err != nil {
				return err
			}
			out.lang = *res.Language
		}
	}
	if res.Reopen != nil {
		before, _, err := tx.Reopened(res.Reopen.Form, res.Reopen.Period, res.Reopen.Unit)
		if err != nil {
			return err
		}
		if err := tx.Reopen(*res.Reopen); err != nil {
			return err
		}
		if err := record(tx, now, reopened(o, *res.Reopen, before)); err != nil {
			return err
		}
	}
	if res.Submit != nil {
		res.Submit.Via = via(o)                     // which account made this revision
		saved, err := tx.PutSubmission(*res.Submit) // with its history event
		if err != nil {
			return err
		}
		out.Saved = &saved
		if r.OnSave != nil {
			others, err := r.OnSave(tx, saved)
			if err != nil {
				return err
			}
			out.Outgoing = append(out.Outgoing, others...)
		}
	}
	out.Toast, out.Accepted, out.preview, out.Bound = res.Toast, res.Accepted, res.Preview, res.Bind
	if err := r.enqueue(tx, o, now, res.Messages, out); err != nil {
		return err
	}
	// A reminder held back while this person was filling in a form is moot
	// once they report, and due after the reply once they are done otherwise.
	if res.Submit != nil {
		return tx.DropHeld(o.Channel, o.Chat)
	}
	if res.State.Idle() {
		held, err := tx.ReleaseHeld(o.Channel, o.Chat)
		out.Outgoing = append(out.Outgoing, held...)
		return err
	}
	return nil
}

func (r *Relay) enqueue(tx *store.Tx, o Origin, now time.Time, msgs []fieldbot.Message, out *Outcome) error {
	queued, err := Enqueue(tx, store.Outgoing{Channel: o.Channel, Chat: o.Chat, Created: now}, msgs...)
	out.Outgoing = append(out.Outgoing, queued...)
	return err
}

// Enqueue adds messages for one chat to the outbox (or, with hold, keeps
// them until the chat's conversation is idle), each as its own entry with
// the template's channel, chat, time and bulk flag. Attached bytes are
// stored once and referred to.
func Enqueue(tx *store.Tx, template store.Outgoing, msgs ...fieldbot.Message) ([]store.Outgoing, error) {
	return enqueue(tx, template, false, msgs)
}

// Hold is Enqueue for a message that must not cut into a form being
// filled in: it waits until the conversation is idle (see commit).
func Hold(tx *store.Tx, template store.Outgoing, msgs ...fieldbot.Message) error {
	_, err := enqueue(tx, template, true, msgs)
	return err
}

func enqueue(tx *store.Tx, template store.Outgoing, hold bool, msgs []fieldbot.Message) ([]store.Outgoing, error) {
	var out []store.Outgoing
	for _, m := range msgs {
		for _, f := range []*fieldbot.File{m.Photo, m.Document} {
			if f == nil || len(f.Data) == 0 {
				continue
			}
			ref, err := tx.PutFile(f.Data)
			if err != nil {
				return out, err
			}
			// Copy: the caller may send the same message to many chats.
			stored := fieldbot.File{Name: f.Name, Ref: ref}
			if f == m.Photo {
				m.Photo = &stored
			} else {
				m.Document = &stored
			}
		}
		payload, err := json.Marshal(m)
		if err != nil {
			return out, err
		}
		og := template
		og.Payload = payload
		sent := m // the stored refs in place of the bytes, as Payload has them
		og.Message = &sent
		if hold {
			if err := tx.Hold(og); err != nil {
				return out, err
			}
			continue
		}
		if og.ID, err = tx.Enqueue(og); err != nil {
			return out, err
		}
		out = append(out, og)
	}
	return out, nil
}

// sendPreview builds a digest preview outside the input's transaction
// and queues it in a short one of its own.
func (r *Relay) sendPreview(ctx context.Context, o Origin, now time.Time, out *Outcome) {
	p := r.printer(out.lang)
	msgs := []fieldbot.Message{{Text: p.HTML("error.not_yet")}}
	if r.Preview != nil {
		built, err := r.Preview(*out.preview, p.Lang(), now)
		if err != nil {
			r.Log.Error("cannot build a digest preview", "err", err)
			built = []fieldbot.Message{{Text: p.HTML("error.internal")}}
		}
		msgs = built
	}
	var queued []store.Outgoing
	err := r.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		queued, err = Enqueue(tx, store.Outgoing{Channel: o.Channel, Chat: o.Chat, Created: now}, msgs...)
		return err
	})
	if err != nil {
		r.Log.Error("cannot queue a digest preview", "err", err)
		return
	}
	out.Outgoing = append(out.Outgoing, queued...)
}

// settle marks the input's update handled in tx, and reports false if a
// fresh update was seen before: then it must not be handled again.
func settle(tx *store.Tx, o Origin) (bool, error) {
	switch {
	case o.UpdateID == 0:
		return true, nil
	case o.Fresh:
		return tx.InboxClaim(o.Channel, o.UpdateID, o.Chat)
	}
	return true, tx.InboxDone(o.Channel, o.UpdateID)
}

// Sweep ends the channel's conversations that have been idle too long,
// each with a notice, and returns the notices to send.
func (r *Relay) Sweep(ctx context.Context, channel string) ([]store.Outgoing, error) {
	states, err := r.DB.ChatStates(channel)
	if err != nil {
		return nil, err
	}
	now := r.Now()
	var sent []store.Outgoing
	var phones map[string]string // chat → the phone bound to it; read once, if needed
	for chat, raw := range states {
		st, err := conversation.DecodeState(raw)
		if err != nil || st.Idle() {
			continue
		}
		if _, expired := r.Engine.Expire(conversation.Session{Now: now, State: st}); !expired {
			continue
		}
		if phones == nil {
			if phones, err = chatPhones(r.DB, channel); err != nil {
				return sent, err
			}
		}
		var out Outcome
		err = r.DB.Update(ctx, func(tx *store.Tx) error {
			out = Outcome{}
			// Read again: the person may have answered since the scan.
			raw, err := tx.ChatState(channel, chat)
			if err != nil {
				return err
			}
			st, err := conversation.DecodeState(raw)
			if err != nil {
				return err
			}
			var lang locale.Lang
			if phone, ok := phones[chat]; ok {
				if lang, err = language(tx, phone); err != nil {
					return err
				}
			}
			res, expired := r.Engine.Expire(conversation.Session{Now: now, State: st, Lang: lang})
			if !expired {
				return nil
			}
			return r.commit(tx, Origin{Channel: channel, Chat: chat}, now, res, &out)
		})
		if err != nil {
			return sent, err
		}
		sent = append(sent, out.Outgoing...)
	}
	return sent, nil
}

// MessageOf is the message an outbox entry carries: the one handed over
// in memory if there is one, else decoded from its payload.
func MessageOf(e store.Outgoing) (fieldbot.Message, error) {
	if e.Message != nil {
		return *e.Message, nil
	}
	return DecodeMessage(e.Payload)
}

// DecodeMessage reads an outbox payload written by Handle.
func DecodeMessage(payload []byte) (fieldbot.Message, error) {
	var m fieldbot.Message
	err := json.Unmarshal(payload, &m)
	return m, err
}

// At most five wrong invitation codes per account an hour: with 32^8
// codes, guessing is hopeless.
const (
	maxCodeTries  = 5
	codeTryWindow = time.Hour
)

func redeem(tx *store.Tx, o Origin, now time.Time, code string) (string, error) {
	n, err := tx.FailedAttempts(o.Channel, o.UserID, now, codeTryWindow)
	if err != nil {
		return "", err
	}
	if n >= maxCodeTries {
		return "", conversation.ErrTooManyAttempts
	}
	inv, ok, err := tx.RedeemInvite(code, o.Channel+":"+o.UserID, now)
	if err != nil || ok {
		return inv.Phone, err
	}
	return "", tx.FailedAttempt(o.Channel, o.UserID, now, codeTryWindow)
}

// invite issues a code for a roster phone and records who invited whom
// (never the code).
func (r *Relay) invite(tx *store.Tx, o Origin, by *fieldbot.Person, now time.Time, phone string) (string, time.Time, error) {
	code := fieldbot.NewInviteCode()
	expires := now.Add(fieldbot.InviteValidity)
	if err := tx.PutInvite(code, store.Invite{Phone: phone, IssuedBy: by.Phone, Expires: expires}); err != nil {
		return "", time.Time{}, err
	}
	err := record(tx, now, fieldbot.Event{Kind: fieldbot.EventInvite, By: by.Phone, Via: via(o), Unit: r.unitOf(phone), Person: phone})
	return code, expires, err
}

// reach is where a person can be written to and which channel they chose.
func reach(tx *store.Tx, p *fieldbot.Person) ([]string, string, error) {
	if p == nil {
		return nil, "", nil
	}
	out, err := tx.ChannelsOf(p.Phone)
	if err != nil {
		return nil, "", err
	}
	pref, err := tx.Preferred(p.Phone)
	return out, pref, err
}

// language is the language a person chose, or "" for the default. A
// stored value this version does not know counts as no choice.
func language(tx *store.Tx, phone string) (locale.Lang, error) {
	return Language(tx, phone, "")
}

// Language is the language a person chose, or def if they chose none:
// what scheduled messages to them are written in.
func Language(tx *store.Tx, phone string, def locale.Lang) (locale.Lang, error) {
	code, err := tx.Language(phone)
	return locale.Or(code, def), err
}

// printer speaks lang, or the relay's default if lang is zero.
func (r *Relay) printer(lang locale.Lang) *locale.Printer {
	return locale.New(locale.Or(string(lang), r.Lang))
}

// chatPhones maps the channel's private chats to the phones bound to them.
func chatPhones(db *store.DB, channel string) (map[string]string, error) {
	accts, err := db.Accounts()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, a := range accts {
		if a.Channel == channel {
			out[a.Chat] = a.Phone
		}
	}
	return out, nil
}
