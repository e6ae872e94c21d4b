package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/demo"
	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/sandbox"
	"github.com/fieldbot/fieldbot/scheduler"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
	"github.com/fieldbot/fieldbot/zalotest"
)

// sandboxDir is where the sandbox keeps its database, its nightly copies
// and its invitation drop folder, apart from the bot's own data.
func sandboxDir(dataDir string) string { return filepath.Join(dataDir, "sandbox") }

// sandboxRig is the fake Telegram, the fake Zalo and the web page of the
// sandbox.
type sandboxRig struct {
	tg  *telegramtest.Server
	zl  *zalotest.Server
	ln  net.Listener // the page's listener
	log *slog.Logger
	srv *http.Server
}

// startSandbox starts both fake platforms on loopback ports and claims
// the page's address, so a busy port is reported before anything else
// starts.
func startSandbox(cfg *config.Config, log *slog.Logger) (*sandboxRig, error) {
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return nil, fmt.Errorf("the sandbox page cannot listen on %s ([http] listen): %w", cfg.HTTP.Listen, err)
	}
	tgLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, err
	}
	zlLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		tgLn.Close()
		return nil, err
	}
	// Random tokens, so nothing else on the machine can drive the bot's APIs.
	r := &sandboxRig{
		tg: telegramtest.NewServer("0:sandbox"+rand.Text(), tgLn),
		zl: zalotest.NewServer("sandbox:"+rand.Text(), zlLn),
		ln: ln, log: log,
	}
	// The bot talks to both fakes, by polling (no webhook to expose) and
	// without the config's proxies; Zalo with the page's own address as
	// public_url, from which the fake Zalo downloads the charts the bot
	// sends as it would from a real server.
	cfg.Telegram = config.Telegram{Token: r.tg.Token, APIURL: r.tg.URL(), Mode: "polling"}
	cfg.Zalo = config.Zalo{Token: r.zl.Token, APIURL: r.zl.URL(), Mode: "polling",
		PublicURL: "http://" + pageHost(ln.Addr().String())}
	return r, nil
}

// seed fills an empty sandbox database with demo reports.
func (r *sandboxRig) seed(ctx context.Context, cfg *config.Config, db *store.DB, now time.Time) error {
	for i := range cfg.Forms {
		n, err := demo.Seed(ctx, db, cfg.Roster, &cfg.Forms[i], cfg.Calendar, now)
		if err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		if n > 0 {
			r.log.Info("sandbox: seeded demo reports", "form", cfg.Forms[i].ID, "count", n)
		}
	}
	return nil
}

// serve serves the page until ctx ends.
func (r *sandboxRig) serve(ctx context.Context, cfg *config.Config, db *store.DB, sched *scheduler.Scheduler, uploads http.Handler, env Env) error {
	files, err := fileLinks(cfg, db, env)
	if err != nil {
		return err
	}
	var people []sandbox.Person
	for i, p := range cfg.Roster.People() {
		unitName := p.Unit
		if u, ok := cfg.Tree.Unit(p.Unit); ok {
			unitName = u.Name
		}
		people = append(people, sandbox.Person{UserID: int64(100001 + i), Name: p.Name, Phone: p.Phone, Unit: p.Unit,
			UnitName: unitName, Role: string(p.Role), Title: p.Title})
	}
	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	r.srv = &http.Server{
		// The page speaks the bot's language until the trainer picks another.
		// Times on the page are the office's, wherever the browser is.
		Handler: sandbox.New(sandbox.Options{TG: r.tg, Zalo: r.zl, People: people, Log: r.log, Lang: lang,
			Location: cfg.Calendar.Location,
			Files:    files.Handler(db.File),
			Uploads:  uploads,
			// As `fieldbot invite -phone` would: people join on Zalo with a code.
			Invite: func(ctx context.Context, phone string) (string, error) {
				return issueInvitation(ctx, db, cfg, phone, "sandbox page", env.now())
			},
			Actions: []sandbox.Action{
				{ID: digest.JobDigest, Key: "sandbox.digest_now"},
				{ID: digest.JobRemind, Key: "sandbox.remind_now"},
			},
			// A manual run goes out like a scheduled one but is not the scheduled one.
			OnAction: func(ctx context.Context, id string) error { return sched.RunNow(context.WithoutCancel(ctx), id) },
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		if err := serveUntil(ctx, r.srv, r.ln); err != nil {
			r.log.Error("sandbox page stopped", "err", err)
		}
	}()
	r.log.Info("sandbox: the bot runs against a built-in fake Telegram and Zalo, with demo data of its own; open the page to chat with it",
		"url", "http://"+pageHost(r.ln.Addr().String()), "data", db.Path())
	if lan := lanURLs(r.ln.Addr().String()); len(lan) > 0 {
		r.log.Info("sandbox: phones on this network can open the page too; it has no login, so only on a trusted network",
			"lan", strings.Join(lan, " "))
	}
	return nil
}

// lanURLs are the page's addresses on this machine's networks when it
// listens on every interface: what phones on the office's network open.
// IPv4 only, which is what people type; none when listening on one address.
func lanURLs(addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !(host == "" || host == "0.0.0.0" || host == "::") {
		return nil
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip := n.IP.To4()
		if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(ip.String(), port))
	}
	return out
}

func (r *sandboxRig) close() {
	if r.srv == nil {
		r.ln.Close()
	}
	r.tg.Close()
	r.zl.Close()
}

// pageHost turns a listen address into one a browser can open.
func pageHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}
