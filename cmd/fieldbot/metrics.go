package main

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/metrics"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/zalo"
)

// newMetrics returns the metrics of the configured channels and forms;
// the outbox and the database are read at each scrape (chans is set once
// the channels are connected, before anything is served).
func newMetrics(cfg *config.Config, db *store.DB, chans **channelSet, env Env, log *slog.Logger) *metrics.Metrics {
	var names, forms []string
	if cfg.Telegram.Token != "" {
		names = append(names, bot.Channel)
	}
	if cfg.Zalo.Token != "" {
		names = append(names, zalo.Channel)
	}
	for _, f := range cfg.Forms {
		forms = append(forms, f.ID)
	}
	return metrics.New(metrics.Options{Channels: names, Forms: forms, Sources: metrics.Sources{
		Outbox: func() []metrics.Outbox {
			if *chans == nil {
				return nil
			}
			var out []metrics.Outbox
			for _, c := range (*chans).list {
				s := c.state()
				out = append(out, metrics.Outbox{Channel: s.Name, Pending: s.Pending, Oldest: s.OldestUnsent})
			}
			return out
		},
		DatabaseBytes: db.Size,
		Now:           env.now,
		Log:           log,
	}})
}

// countSaved wraps the relay's Saved hook to count each saved revision
// by form and by the channel it came from.
func countSaved(m *metrics.Metrics, next func(fieldbot.Submission)) func(fieldbot.Submission) {
	return func(s fieldbot.Submission) {
		channel, _, _ := strings.Cut(s.Via, ":")
		m.Saved(channel, s.Form)
		if next != nil {
			next(s)
		}
	}
}

// withMetrics serves the metrics at GET /metrics beside h (the health
// check) on [http] listen. Like /healthz it is for a local scraper: the
// address is loopback unless the config says otherwise.
func withMetrics(h http.Handler, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/", h)
	return mux
}
