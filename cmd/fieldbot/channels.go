package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/invitedrop"
	"github.com/fieldbot/fieldbot/links"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/metrics"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/zalo"
)

// channel is a running chat channel.
type channel struct {
	name  string
	run   func(context.Context) error
	kick  func()
	state func() channelState // for the health check
}

// channelSet is every configured channel: Telegram, Zalo or both, on one
// store and one relay.
type channelSet struct {
	list  []channel
	serve []func(context.Context) error // servers that live as long as the channels
	// uploads is Zalo's file upload page, for the sandbox to serve on its
	// own address; nil without Zalo.
	uploads http.Handler
}

func (c *channelSet) kick() {
	for _, ch := range c.list {
		ch.kick()
	}
}

func (c *channelSet) names() []string {
	var out []string
	for _, ch := range c.list {
		out = append(out, ch.name)
	}
	return out
}

// run runs every channel until ctx ends or one fails; a failure stops the
// others.
func (c *channelSet) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(c.list)+len(c.serve))
	for i, ch := range c.list {
		wg.Go(func() {
			if err := ch.run(ctx); err != nil {
				errs[i] = fmt.Errorf("%s: %w", ch.name, err)
				cancel()
			}
		})
	}
	for i, serve := range c.serve {
		wg.Go(func() {
			if err := serve(ctx); err != nil {
				errs[len(c.list)+i] = err
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// channels connects the configured channels.
func channels(ctx context.Context, cfg *config.Config, db *store.DB, rl *relay.Relay, lang locale.Lang, env Env, watch *metrics.Metrics, log *slog.Logger) (*channelSet, error) {
	set := &channelSet{}
	// One bound for unlinked accounts on every channel together; the load
	// tools, whose hundreds of officers join within a second, lift it with
	// the send limits.
	gate := inbox.NewGate(inbox.DefaultPerChat, inbox.DefaultAll, log)
	if env.sendLimits != nil {
		gate = inbox.NewGate(inbox.Rate{}, inbox.Rate{}, log)
	}
	hooks := webhooks{}
	if t := cfg.Telegram; t.Token != "" {
		opt := bot.Options{
			Token: t.Token, APIURL: t.APIURL, DB: db, Relay: rl, Log: log,
			Menus: bot.CommandMenus(), Limits: env.sendLimits, Proxy: proxy(t.Proxy),
			Received: watch.Received, Sent: watch.Sent, Gate: gate,
		}
		if t.Mode == "webhook" {
			opt.WebhookURL, opt.WebhookSecret = t.WebhookURL, t.WebhookSecret
		}
		tg, err := bot.New(ctx, opt)
		if err != nil {
			return nil, err
		}
		log.Info("telegram connected", "bot", "@"+tg.Username(), "mode", t.Mode)
		// fieldbot invite makes the t.me link of its codes with this name.
		if err := invitedrop.SaveTelegramUsername(filepath.Dir(db.Path()), tg.Username()); err != nil {
			log.Warn("cannot record the bot's Telegram name for fieldbot invite; it will print codes without a link", "err", err)
		}
		set.list = append(set.list, channel{name: bot.Channel, run: tg.Run, kick: tg.Kick, state: func() channelState {
			return channelState{Name: bot.Channel, Polling: tg.Polling(), Heard: tg.LastPoll(), Pending: tg.Pending(), OldestUnsent: tg.Oldest(), Refused: tg.Refused()}
		}})
		if t.Mode == "webhook" {
			hooks.add(t.WebhookListen, "the Telegram webhook", t.WebhookURL, tg.Webhook())
		}
	}
	if cfg.Zalo.Token != "" {
		z := cfg.Zalo
		signer, err := fileLinks(cfg, db, env)
		if err != nil {
			return nil, err
		}
		zb, err := zalo.New(ctx, zalo.Options{
			Token: z.Token, APIURL: z.APIURL, Polling: z.Mode == "polling", WebhookURL: z.WebhookURL, Secret: z.WebhookSecret,
			Links: signer, DB: db, Relay: rl, Lang: lang, Log: log, Proxy: proxy(z.Proxy),
			Received: watch.Received, Sent: watch.Sent, Gate: gate,
		})
		if err != nil {
			return nil, err
		}
		set.list = append(set.list, channel{name: zalo.Channel, run: zb.Run, kick: zb.Kick, state: func() channelState {
			return channelState{Name: zalo.Channel, Polling: zb.Polling(), Heard: zb.Heard(), Pending: zb.Pending(), OldestUnsent: zb.Oldest(), Refused: zb.Refused()}
		}})
		set.uploads = zb.Upload()
		if z.WebhookListen != "" {
			if z.Mode == "webhook" {
				hooks.add(z.WebhookListen, "the Zalo webhook", z.WebhookURL, zb.Webhook())
			}
			hooks.add(z.WebhookListen, "public files", links.Prefix, signer.Handler(db.File))
			hooks.add(z.WebhookListen, "file uploads", zalo.UploadPrefix, zb.Upload())
		}
	}
	serve, err := hooks.listen(log)
	if err != nil {
		return nil, err
	}
	set.serve = append(set.serve, serve...)
	return set, nil
}

// proxy is the proxy of a channel's API calls: the configured one, or
// the environment's (HTTPS_PROXY, NO_PROXY) when none is (nil).
func proxy(raw string) func(*http.Request) (*url.URL, error) {
	if raw == "" {
		return nil
	}
	u, _ := url.Parse(raw) // checked by config
	return http.ProxyURL(u)
}

// webhooks gathers what is served for the platforms by listen address:
// Telegram's and Zalo's webhooks (and Zalo's public files) may share one
// port behind the office's HTTPS proxy.
type webhooks map[string]*hookServer

type hookServer struct {
	mux  *http.ServeMux
	what []string
}

// add serves h at path (an address's path for a webhook, a prefix ending
// in "/" for files) on listen.
func (w webhooks) add(listen, what, path string, h http.Handler) {
	hs := w[listen]
	if hs == nil {
		hs = &hookServer{mux: http.NewServeMux()}
		w[listen] = hs
	}
	hs.what = append(hs.what, what)
	if strings.HasSuffix(path, "/") && !strings.Contains(path, "://") {
		hs.mux.Handle(path, h)
		return
	}
	u, _ := url.Parse(path) // checked by config
	hs.mux.Handle("POST "+u.EscapedPath(), h)
}

// listen claims every address now, so a busy port is known at start-up.
func (w webhooks) listen(log *slog.Logger) ([]func(context.Context) error, error) {
	var out []func(context.Context) error
	for addr, hs := range w {
		serve, err := listen(strings.Join(hs.what, " and "), addr, hs.mux, log)
		if err != nil {
			return nil, fmt.Errorf("webhook_listen %s: %w", addr, err)
		}
		out = append(out, serve)
	}
	return out, nil
}

// fileLinks signs the expiring public links to charts and spreadsheets
// that Zalo fetches; the key is kept in the store, so links survive a
// restart.
func fileLinks(cfg *config.Config, db *store.DB, env Env) (links.Signer, error) {
	key, err := db.Secret("links")
	if err != nil {
		return links.Signer{}, err
	}
	return links.Signer{Key: key, Base: cfg.Zalo.PublicURL, Now: env.now}, nil
}

// listen claims addr now (so a busy port is known at start-up) and returns
// a function that serves what until its context ends.
func listen(what, addr string, h http.Handler, log *slog.Logger) (func(context.Context) error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	log.Info("serving "+what, "listen", ln.Addr().String(), "url", "http://"+pageHost(ln.Addr().String()))
	return func(ctx context.Context) error { return serveUntil(ctx, srv, ln) }, nil
}

// serveUntil serves on ln until ctx ends, then shuts down gracefully
// (requests in progress get 5 seconds).
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
