package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/store"
)

// allowedUpdates are the update kinds the bot acts on, asked for by
// getUpdates and by setWebhook alike.
var allowedUpdates = []string{"message", "callback_query"}

// SecretHeader carries the webhook's secret_token on every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Polling reports whether the bot asks Telegram for updates (else Telegram
// posts them to the webhook, and may stay silent for days).
func (b *Bot) Polling() bool { return b.opt.WebhookURL == "" }

// register tells Telegram how updates are taken. With a webhook it is
// set at every start, with the secret and without dropping what is
// pending (the library's WebhookConfig has no secret_token, hence
// MakeRequest). Polling removes a webhook left from an earlier setup:
// while one is set Telegram refuses getUpdates with 409.
func (b *Bot) register() error {
	if b.Polling() {
		if info, err := b.api.GetWebhookInfo(); err == nil && info.URL != "" {
			b.log.Warn("a webhook was set for this bot; removing it so that polling works (its pending updates are kept)", "webhook", info.URL)
		}
		if _, err := b.api.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
			b.log.Warn("deleteWebhook failed", "err", b.red.err(err))
		}
		return nil
	}
	p := tgbotapi.Params{"url": b.opt.WebhookURL, "secret_token": b.opt.WebhookSecret, "drop_pending_updates": "false"}
	if err := p.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return err
	}
	if _, err := b.api.MakeRequest("setWebhook", p); err != nil {
		if f, _ := classify(err); f == failFatal {
			return ErrUnauthorized
		}
		return fmt.Errorf("telegram setWebhook %s: %w", b.opt.WebhookURL, b.red.err(err))
	}
	b.log.Info("telegram webhook set", "url", b.opt.WebhookURL)
	return nil
}

// receive takes updates until ctx ends: by polling, or from the webhook,
// whose handler does the work while this waits.
func (b *Bot) receive(ctx context.Context) error {
	if b.Polling() {
		return b.poll(ctx)
	}
	<-ctx.Done()
	return ctx.Err()
}

// Webhook is the handler Telegram posts updates to (serve it at
// WebhookURL's path). It answers 200 only once the update is in the inbox
// on disk; 403 to a missing or wrong secret, 400 to what is not an update,
// and in both cases changes nothing. An update_id seen before is
// recognised by the inbox and answered 200 without being acted on again.
func (b *Bot) Webhook() http.Handler {
	return inbox.Hook{Header: SecretHeader, Secret: b.opt.WebhookSecret, Platform: "Telegram", Log: b.log,
		Receive: b.deliver}.Handler()
}

// deliver stores one webhook delivery in the inbox and queues it for its
// chat. Unlike a polled batch, nothing is handled before it is stored:
// Telegram may post the same update_id again while it is being handled.
func (b *Bot) deliver(ctx context.Context, body []byte) error {
	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil {
		return fmt.Errorf("%w: %v", inbox.ErrMalformed, err)
	}
	if u.UpdateID < 0 {
		return fmt.Errorf("%w: update_id %d", inbox.ErrMalformed, u.UpdateID)
	}
	now := b.opt.Relay.Now()
	b.lastPoll.Store(&now)
	if b.opt.Received != nil {
		b.opt.Received(Channel, 1)
	}
	if b.flood(u, now) {
		return nil // answered 200 and dropped, as a polled one would be
	}
	raw, err := json.Marshal(u)
	if err != nil {
		return err
	}
	added, err := b.opt.DB.InboxPut(ctx, []store.InboxItem{{Channel: Channel, ID: int64(u.UpdateID), Chat: chatOf(u), Raw: raw}})
	if err != nil {
		return err
	}
	b.chats.AddWhenReady(ctx, b.ready, added...)
	return nil
}
