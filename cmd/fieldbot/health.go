package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/store"
)

// channelState is one channel as the health check sees it.
type channelState struct {
	Name string `json:"name"`
	// Polling: the bot asks the platform for updates, so a platform that
	// stops answering is an outage. A webhook may be silent for days.
	Polling      bool      `json:"polling"`
	Heard        time.Time `json:"last_heard,omitzero"` // the platform's last answer or delivery
	Pending      int       `json:"pending"`             // messages waiting to be sent
	OldestUnsent time.Time `json:"oldest_unsent,omitzero"`
	// Refused counts the parts of messages the platform refused for good
	// (a chart it could not fetch), each replaced by a line saying so.
	Refused outbound.Refusal `json:"refused_parts,omitzero"`
}

// healthReport is the body of GET /healthz.
type healthReport struct {
	Status   string         `json:"status"` // "ok" or "failing"
	Problems []string       `json:"problems,omitempty"`
	Database string         `json:"database"`
	Channels []channelState `json:"channels"`
	Version  string         `json:"version"` // the release (fieldbot version)
	Schema   int            `json:"schema"`  // the database's layout version
}

const (
	// silentAfter: a long poll answers within 30 s, so three minutes
	// without an answer means the platform or the network is down.
	silentAfter = 3 * time.Minute
	// stuckAfter: the largest fan-out (a digest to 1,000 people) drains in
	// about 70 s at Telegram's limits; a message older than this is stuck.
	stuckAfter = 15 * time.Minute
	// refusedFor: a refused attachment is usually a setting to mend (a
	// public_url that does not reach the files); it counts as a problem
	// for a day, long enough for a monitor to notice and mail.
	refusedFor = 24 * time.Hour
)

// assess says whether fieldbot is doing its job: the database answers,
// every polling channel hears from its platform, no message is stuck.
func assess(now, started time.Time, dbErr error, chans []channelState) healthReport {
	r := healthReport{Status: "ok", Database: "ok", Channels: chans}
	if r.Channels == nil {
		r.Channels = []channelState{}
	}
	if dbErr != nil {
		r.Database = dbErr.Error()
		r.Problems = append(r.Problems, "database: "+dbErr.Error())
	}
	for _, c := range chans {
		since := c.Heard
		if since.IsZero() {
			since = started
		}
		if c.Polling && now.Sub(since) > silentAfter {
			r.Problems = append(r.Problems, fmt.Sprintf("%s: no answer from the platform for %s", c.Name, now.Sub(since).Round(time.Second)))
		}
		if !c.OldestUnsent.IsZero() && now.Sub(c.OldestUnsent) > stuckAfter {
			r.Problems = append(r.Problems, fmt.Sprintf("%s: %d messages waiting, the oldest for %s", c.Name, c.Pending, now.Sub(c.OldestUnsent).Round(time.Second)))
		}
		if f := c.Refused; f.Count > 0 && now.Sub(f.At) < refusedFor {
			r.Problems = append(r.Problems, fmt.Sprintf("%s: %d parts of messages refused (sent without them), the last a %s %s ago: %s",
				c.Name, f.Count, f.Part, now.Sub(f.At).Round(time.Second), f.Err))
		}
	}
	if len(r.Problems) > 0 {
		r.Status = "failing"
	}
	return r
}

// healthHandler answers GET /healthz with the report: 200 when ok, 503
// when failing, for a monitor (or curl in a cron job) to watch.
func healthHandler(db *store.DB, set *channelSet, started time.Time, now func() time.Time) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		var chans []channelState
		for _, c := range set.list {
			chans = append(chans, c.state())
		}
		schema, dbErr := db.Schema()
		rep := assess(now(), started, dbErr, chans)
		rep.Version, rep.Schema = version, schema
		body, _ := json.MarshalIndent(rep, "", "  ")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if rep.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		w.Write(append(body, '\n'))
	})
	return mux
}

// serveHealth serves the health check on [http] listen until ctx ends.
// It is optional: a busy port is logged and the bot runs on without it.
func serveHealth(ctx context.Context, addr string, h http.Handler, log *slog.Logger) {
	serve, err := listen("the health check at /healthz", addr, h, log)
	if err != nil {
		log.Error("no health check: cannot listen on [http] listen; the bot runs on without it", "listen", addr, "err", err)
		return
	}
	go func() {
		if err := serve(ctx); err != nil {
			log.Error("health check stopped", "err", err)
		}
	}()
}
