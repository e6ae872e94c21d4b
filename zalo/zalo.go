// Package zalo is the Zalo Bot Platform channel, beside bot/ for
// Telegram: it takes updates by webhook (production) or getUpdates
// (development) into the store's inbox, hands them to the relay in
// per-chat order, and renders neutral messages as plain text with
// numbered options, since Zalo has no buttons, no keyboards, no contact
// sharing and no uploads (photos go out as links Zalo fetches).
package zalo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/links"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// Channel is this adapter's name in the store and in logs.
const Channel = "zalo"

// Limits: Zalo publishes no numbers (a 429 means the quota is spent), so
// stay well under what Telegram allows.
var Limits = outbound.Limits{
	Global:  outbound.Rate{Every: time.Second / 10, Burst: 5},
	Private: outbound.Rate{Every: time.Second, Burst: 2},
}

// Options configures the Zalo channel.
type Options struct {
	Token  string
	APIURL string // "https://bot-api.zaloplatforms.com" or a test server
	// Polling takes updates by getUpdates; otherwise Webhook() must be
	// mounted where Zalo posts.
	Polling     bool
	PollTimeout time.Duration // default 30s
	// WebhookURL is the public https address Zalo posts to (registered at
	// start with setWebhook); Secret its secret_token, checked on every
	// delivery.
	WebhookURL string
	Secret     string
	// Links, if its Base is set, make photos and spreadsheets reachable
	// by Zalo and by people; without, messages go out as text only.
	Links   links.Signer
	DB      *store.DB
	Relay   *relay.Relay
	Lang    locale.Lang
	Log     *slog.Logger
	Limits  *outbound.Limits // nil: Limits
	Workers int              // chats handled at once (default outbound.DefaultWorkers)
	// Proxy chooses the proxy of every API call (http.ProxyURL); nil:
	// the environment's (http.ProxyFromEnvironment).
	Proxy func(*http.Request) (*url.URL, error)
	// Received, if set, counts the updates Zalo delivers, and Sent the
	// results of sends (outbound.Options.Sent): metrics.
	Received func(channel string, n int)
	Sent     func(channel, result string)
	// Gate bounds what unlinked accounts may cost, shared with the other
	// channels; nil means a gate of this channel's own with the default
	// bounds.
	Gate *inbox.Gate
}

// Bot is a running Zalo channel.
type Bot struct {
	opt   Options
	api   *client
	log   *slog.Logger
	p     *locale.Printer
	chats *inbox.Dispatcher
	queue *outbound.Queue
	ready chan struct{} // closed once Run has resumed the inbox
	// heard is when Zalo last answered getUpdates (polling) or delivered
	// to the webhook, Unix ns.
	heard atomic.Pointer[time.Time]
	// refusals are the parts of messages Zalo refused for good.
	refusals outbound.Refusals
	gate     *inbox.Gate
	// noUploads logs once that a file was asked for without public_url.
	noUploads sync.Once
}

// ErrUnauthorized means Zalo refused the token.
var ErrUnauthorized = errors.New("zalo refused the bot token (401): check [zalo] token or FIELDBOT_ZALO_TOKEN")

// New checks the token (getMe) and returns a channel ready to Run.
func New(ctx context.Context, opt Options) (*Bot, error) {
	if opt.PollTimeout == 0 {
		opt.PollTimeout = 30 * time.Second
	}
	if opt.Workers == 0 {
		opt.Workers = outbound.DefaultWorkers
	}
	if opt.Links.Now == nil {
		opt.Links.Now = time.Now
	}
	b := &Bot{opt: opt, api: newClient(opt.APIURL, opt.Token, opt.PollTimeout+15*time.Second, opt.Proxy),
		log: opt.Log.With("channel", Channel), p: locale.New(opt.Lang), ready: make(chan struct{})}
	var me struct {
		ID          string `json:"id"`
		AccountName string `json:"account_name"`
	}
	if err := b.api.call(ctx, "getMe", struct{}{}, &me); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Code == 401 {
			return nil, ErrUnauthorized
		}
		return nil, err
	}
	b.chats = inbox.New(opt.Workers, b.handle)
	b.gate = opt.Gate
	if b.gate == nil {
		b.gate = inbox.NewGate(inbox.DefaultPerChat, inbox.DefaultAll, b.log)
	}
	limits := Limits
	if opt.Limits != nil {
		limits = *opt.Limits
	}
	b.queue = outbound.New(outbound.Options{DB: opt.DB, Channel: Channel, Sender: sender{b}, Limits: limits,
		Log: b.log, Unreachable: b.markUnreachable, Sent: opt.Sent, Obsolete: relay.ObsoleteCheck(opt.Relay)})
	return b, nil
}

// Kick tells the channel that messages were queued by someone else.
func (b *Bot) Kick() { b.queue.Kick() }

// Oldest is when the oldest message waiting to be sent was queued.
func (b *Bot) Oldest() time.Time { return b.queue.Oldest() }

// Pending is how many messages wait to be sent.
func (b *Bot) Pending() int { return b.queue.Pending() }

// Polling reports whether the bot asks Zalo for updates (else Zalo posts
// them to the webhook, and may stay silent for days).
func (b *Bot) Polling() bool { return b.opt.Polling }

// hear records that Zalo answered, by the relay's clock.
func (b *Bot) hear() {
	now := b.opt.Relay.Now()
	b.heard.Store(&now)
}

// Heard is when Zalo last answered a poll or delivered to the webhook;
// zero before it has.
func (b *Bot) Heard() time.Time {
	if t := b.heard.Load(); t != nil {
		return *t
	}
	return time.Time{}
}

// Run sends and (when polling) receives until ctx ends. Updates left in
// the inbox by a stop are handled first.
func (b *Bot) Run(ctx context.Context) error {
	defer b.queue.Start(ctx)() // after the chats below have finished
	if err := b.register(ctx); err != nil {
		return err
	}
	pending, err := b.opt.DB.InboxPending(Channel)
	if err != nil {
		return err
	}
	for _, it := range pending {
		b.chats.Add(it)
	}
	close(b.ready)
	if b.opt.Polling {
		b.poll(ctx)
	} else {
		<-ctx.Done()
	}
	b.chats.Wait()
	return nil
}

// register points Zalo at our webhook, or removes the webhook so that
// getUpdates works.
func (b *Bot) register(ctx context.Context) error {
	if b.opt.Polling {
		return b.api.call(ctx, "deleteWebhook", struct{}{}, nil)
	}
	err := b.api.call(ctx, "setWebhook", map[string]string{"url": b.opt.WebhookURL, "secret_token": b.opt.Secret}, nil)
	if err != nil {
		return fmt.Errorf("zalo setWebhook %s: %w", b.opt.WebhookURL, err)
	}
	return nil
}

// poll asks for one update at a time; 408 means nothing came.
func (b *Bot) poll(ctx context.Context) {
	wait := time.Second
	for ctx.Err() == nil {
		var raw json.RawMessage
		err := b.api.call(ctx, "getUpdates", map[string]int{"timeout": int(b.opt.PollTimeout / time.Second)}, &raw)
		var ae *apiError
		if err == nil || (errors.As(err, &ae) && ae.Code == 408) {
			b.hear()
		}
		switch {
		case err == nil:
			wait = time.Second
			if err := b.receive(ctx, raw); err != nil && ctx.Err() == nil {
				b.log.Error("cannot store an update", "err", err)
			}
		case errors.As(err, &ae) && ae.Code == 408:
			wait = time.Second
		case ctx.Err() != nil:
			return
		default:
			b.log.Warn("getUpdates failed; retrying", "in", wait, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(wait*2, time.Minute)
		}
	}
}

// receive writes an update to the inbox (before anything acts on it) and
// queues it for its chat; a message id seen before is dropped.
func (b *Bot) receive(ctx context.Context, body []byte) error {
	u, err := parseUpdate(body)
	if err != nil {
		return err
	}
	if b.opt.Received != nil {
		b.opt.Received(Channel, 1)
	}
	raw, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if b.flood(u) {
		return nil // not even stored: a re-delivery meets the gate again
	}
	added, err := b.opt.DB.InboxPut(ctx, []store.InboxItem{{Channel: Channel, ID: inboxID(u.Message.MessageID), Chat: u.Message.Chat.ID, Raw: raw}})
	if err != nil {
		return err
	}
	b.chats.AddWhenReady(ctx, b.ready, added...)
	return nil
}

// flood reports whether u comes from someone not on the roster (an
// unlinked account, or one linked to a phone since removed) over the
// bounds of the gate: it is then dropped, not even stored.
func (b *Bot) flood(u update) bool {
	if !u.private() {
		return false
	}
	if b.opt.Relay.Known(Channel, u.Message.From.ID) {
		return false
	}
	return !b.gate.Admit(Channel, u.Message.Chat.ID, b.opt.Relay.Now())
}

// SecretHeader carries the webhook's secret on every delivery.
const SecretHeader = "X-Bot-Api-Secret-Token"

// Webhook is the handler Zalo posts updates to. It answers 200 only once
// the update is on disk, 403 to a wrong secret and 400 to what is not an
// update, and changes nothing in either case (inbox.Hook).
func (b *Bot) Webhook() http.Handler {
	return inbox.Hook{Header: SecretHeader, Secret: b.opt.Secret, Platform: "Zalo", Log: b.log,
		Receive: func(ctx context.Context, body []byte) error {
			b.hear() // a delivery with the right secret
			err := b.receive(ctx, body)
			var syntax *json.SyntaxError
			switch {
			case errors.Is(err, errNoMessage):
				return nil // an event we do not act on; do not make Zalo retry it
			case errors.As(err, &syntax):
				return fmt.Errorf("%w: %v", inbox.ErrMalformed, err)
			}
			return err
		}}.Handler()
}

// handle runs one inbox item through the relay and queues the replies.
func (b *Bot) handle(it store.InboxItem) {
	ctx := context.Background()
	var u update
	if err := json.Unmarshal(it.Raw, &u); err != nil || !u.private() || u.Message.From.IsBot {
		b.done(ctx, it.ID)
		return
	}
	o := relay.Origin{Channel: Channel, UserID: u.Message.From.ID, Chat: u.Message.Chat.ID, UpdateID: it.ID, Typed: true}
	in := input(u)
	if u.EventName == eventUpload {
		var err error
		if in, err = b.uploadInput(u); err != nil {
			b.log.Error("cannot read an uploaded file; it stays in the inbox", "update", it.ID, "err", err)
			return
		}
	}
	out, err := b.opt.Relay.Handle(ctx, o, in)
	if err != nil {
		b.log.Error("cannot handle update; it stays in the inbox", "update", it.ID, "err", err)
		return
	}
	b.queue.Push(out.Outgoing...)
}

func (b *Bot) done(ctx context.Context, id int64) {
	if err := b.opt.DB.Update(ctx, func(tx *store.Tx) error { return tx.InboxDone(Channel, id) }); err != nil {
		b.log.Error("cannot mark update done", "update", id, "err", err)
	}
}

func (b *Bot) markUnreachable(chat string) {
	err := b.opt.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetUnreachable(Channel, chat, true)
	})
	if err != nil {
		b.log.Error("cannot mark unreachable", "chat", chat, "err", err)
	}
}
