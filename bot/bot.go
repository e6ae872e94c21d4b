// Package bot is the Telegram channel, the only importer of the Telegram
// library: it polls updates into the store's inbox, hands each one to the
// relay in per-chat order, renders neutral messages as Telegram messages and
// sends them with Telegram's error classes in mind.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// Channel is this adapter's name in the store and in logs.
const Channel = "telegram"

// Options configures the Telegram channel.
type Options struct {
	Token  string
	APIURL string // "https://api.telegram.org" or a test server
	// PollTimeout is the long-poll wait of getUpdates (default 30s).
	PollTimeout time.Duration
	// Workers bounds how many chats are handled at once (default 64).
	Workers int
	DB      *store.DB
	Relay   *relay.Relay
	Log     *slog.Logger
	// Menus are the command menus by role, each by language code ("" is
	// the default). The officer's is everyone's default; leaders and admins
	// get theirs in their own chat.
	Menus map[fieldbot.Role]map[string][]Command
	// MenuEvery spaces the calls that set command menus (default 250ms):
	// start-up may have hundreds of chats to update.
	MenuEvery time.Duration
	// Limits are the flood limits sends keep to; nil means Limits.
	Limits *outbound.Limits
	// WebhookURL, when set, is where Telegram posts updates (registered
	// with setWebhook at start, secret WebhookSecret); Webhook() must be
	// served there. Otherwise the bot polls (webhook.go).
	WebhookURL, WebhookSecret string
	// Proxy chooses the proxy of every Bot API call (http.ProxyURL); nil:
	// the environment's (http.ProxyFromEnvironment).
	Proxy func(*http.Request) (*url.URL, error)
	// Received, if set, counts the updates Telegram delivers, and Sent
	// the results of sends (outbound.Options.Sent): metrics.
	Received func(channel string, n int)
	Sent     func(channel, result string)
	// Gate bounds what unlinked accounts may cost, shared with the other
	// channels; nil means a gate of this channel's own with the default
	// bounds.
	Gate *inbox.Gate
}

// Limits are Telegram's flood limits as sends keep to them. Telegram
// documents about 30 messages a second overall, one a second in a private
// chat (short bursts tolerated) and 20 a minute in a group (negative chat
// ids). The bursts here are smaller than Telegram's so that requests
// bunched up by network jitter still arrive within its limits.
var Limits = outbound.Limits{
	Global:  outbound.Rate{Every: time.Second / 30, Burst: 10},
	Private: outbound.Rate{Every: time.Second, Burst: 2},
	Group:   outbound.Rate{Every: 3 * time.Second, Burst: 10},
	IsGroup: func(chat string) bool { return strings.HasPrefix(chat, "-") },
}

// Command is one entry of the command menu.
type Command struct{ Name, Description string }

// Bot is a running Telegram channel.
type Bot struct {
	opt    Options
	api    *tgbotapi.BotAPI // sends; its requests end only by their timeouts
	poller *tgbotapi.BotAPI // long polls; cancelled at once on shutdown
	client *ctxClient
	// Where sendMessage and getUpdates post (jsonapi.go).
	sendMessageURL, getUpdatesURL string
	red                           redactor
	log                           *slog.Logger
	chats                         *inbox.Dispatcher
	// recorded tells the poll loop when updates handled at once are on disk.
	recorded recorded
	// decoded holds the updates being handled at once as the poll decoded
	// them, so that handle need not decode their JSON again: update id →
	// *tgbotapi.Update, taken by handle.
	decoded  sync.Map
	lastPoll atomic.Pointer[time.Time] // when getUpdates last succeeded, or a webhook delivery came
	ready    chan struct{}             // closed once Run has resumed the inbox
	queue    *outbound.Queue
	menus    *menus
	// fileIDs maps a stored file's ref to Telegram's id for it once uploaded.
	fileIDs sync.Map
	// refusals are the parts of messages Telegram refused for good.
	refusals outbound.Refusals
	gate     *inbox.Gate
}

// ErrUnauthorized means Telegram refused the token.
var ErrUnauthorized = errors.New("telegram refused the bot token (401): check [telegram] token or FIELDBOT_TELEGRAM_TOKEN")

// New connects to the Bot API (getMe) and returns a bot ready to Run.
func New(ctx context.Context, opt Options) (*Bot, error) {
	if opt.PollTimeout == 0 {
		opt.PollTimeout = 30 * time.Second
	}
	if opt.Workers == 0 {
		opt.Workers = 64
	}
	if opt.MenuEvery == 0 {
		opt.MenuEvery = 250 * time.Millisecond
	}
	red := redactor{token: opt.Token}
	_ = tgbotapi.SetLogger(libraryLogger{log: opt.Log, r: red})
	client := newClient(ctx, opt.PollTimeout, opt.Proxy)
	endpoint := strings.TrimRight(opt.APIURL, "/") + "/bot%s/%s"
	api, err := tgbotapi.NewBotAPIWithClient(opt.Token, endpoint, client)
	if err != nil {
		if f, _ := classify(err); f == failFatal {
			return nil, ErrUnauthorized
		}
		// Telegram is blocked by Vietnamese ISPs: say what to do about it.
		return nil, fmt.Errorf("connect to the Telegram Bot API at %s: %w (if Telegram is blocked on this network, "+
			"set [telegram] proxy, HTTPS_PROXY or a self-hosted Bot API server as api_url: docs/deploy.md, Reaching Telegram from Vietnam)",
			red.string(opt.APIURL), red.err(err))
	}
	// Sends use their own client so a shutdown cancels the long poll but not
	// the replies still being sent for updates already taken in.
	poller := *api
	api.Client = &http.Client{Timeout: 30 * time.Second, Transport: client.http.Transport}
	b := &Bot{opt: opt, api: api, poller: &poller, client: client, red: red, log: opt.Log.With("channel", Channel), ready: make(chan struct{}),
		sendMessageURL: fmt.Sprintf(endpoint, opt.Token, "sendMessage"), getUpdatesURL: fmt.Sprintf(endpoint, opt.Token, "getUpdates")}
	b.chats = inbox.New(opt.Workers, b.handle)
	b.gate = opt.Gate
	if b.gate == nil {
		b.gate = inbox.NewGate(inbox.DefaultPerChat, inbox.DefaultAll, b.log)
	}
	b.menus = newMenus(b, opt.Menus)
	limits := Limits
	if opt.Limits != nil {
		limits = *opt.Limits
	}
	b.queue = outbound.New(outbound.Options{
		DB: opt.DB, Channel: Channel, Sender: sender{b}, Limits: limits,
		Log: b.log, Unreachable: b.markUnreachable, Sent: opt.Sent, Obsolete: relay.ObsoleteCheck(opt.Relay),
	})
	return b, nil
}

// Username is the bot's @name as Telegram knows it.
func (b *Bot) Username() string { return b.api.Self.UserName }

// Run polls and handles updates until ctx ends, then waits for the chats
// being handled. Updates already in the inbox are handled first: they were
// received before a crash or a restart. Messages left in the outbox are
// sent again first too.
func (b *Bot) Run(ctx context.Context) error {
	b.client.setContext(ctx)
	defer b.queue.Start(ctx)() // after the chats below have finished
	if err := b.register(); err != nil {
		return err
	}
	menuCtx, stopMenus := context.WithCancel(ctx) // Run may also end by an error
	menusDone := make(chan struct{})
	go func() { defer close(menusDone); b.menus.run(menuCtx, b.opt.MenuEvery) }()
	defer func() { stopMenus(); <-menusDone }()
	if err := b.resumeInbox(); err != nil {
		return err
	}
	close(b.ready)
	err := b.receive(ctx)
	b.chats.Wait()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// ctxClient is the HTTP client the library uses. The library builds its
// requests without a context, so this client attaches the bot's own: a
// shutdown then interrupts a long poll at once instead of waiting it out.
type ctxClient struct {
	http *http.Client
	mu   sync.Mutex
	ctx  context.Context
}

func newClient(ctx context.Context, poll time.Duration, proxy func(*http.Request) (*url.URL, error)) *ctxClient {
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	transport := &http.Transport{
		Proxy:                 proxy,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: poll + 15*time.Second,
		MaxIdleConnsPerHost:   outbound.DefaultWorkers, // one per sender, or sends dial anew
		IdleConnTimeout:       90 * time.Second,
	}
	return &ctxClient{http: &http.Client{Transport: transport, Timeout: poll + 20*time.Second}, ctx: ctx}
}

func (c *ctxClient) setContext(ctx context.Context) {
	c.mu.Lock()
	c.ctx = ctx
	c.mu.Unlock()
}

// context is the bot's own: it ends when the bot stops.
func (c *ctxClient) context() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ctx
}

func (c *ctxClient) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	return c.http.Do(req.WithContext(ctx))
}
