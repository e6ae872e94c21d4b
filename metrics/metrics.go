// Package metrics counts what fieldbot does and serves the counts at
// GET /metrics in the Prometheus text format, for an office's Prometheus
// (or anything that reads that format) to watch and alert on.
//
// It is the only importer of github.com/prometheus/client_golang. The
// packages that do the work know nothing of Prometheus: each exposes a
// hook (relay.Relay.Observe, outbound.Options.Sent, scheduler.Options.Observe,
// the channels' Received), and cmd/fieldbot connects those hooks to the
// methods of a Metrics. What is a state rather than an event — the outbox
// waiting to be sent, the size of the database — is read at scrape time
// from the functions in Sources, so it is never stale.
//
// Every name starts with fieldbot_ and carries its unit (_seconds, _bytes,
// _total). Labels take only values from small fixed sets: a channel
// ("telegram", "zalo"), an outcome or result class, a job or form id from
// the config. Never a chat, a user or a phone: those would make a series
// per person, and a metrics endpoint is not the place to list them.
//
// The registry is the Metrics' own, not the library's global one, so two
// bots in one test process count apart. It also holds the Go runtime's
// collector (go_*: goroutines, memory, GC) and the process collector
// (process_*: CPU, resident memory, open files, start time).
package metrics

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Conversation step outcomes (see relay.Relay.Observe).
const (
	StepOK       = "ok"       // handled and committed
	StepRepeated = "repeated" // a re-delivery of an update handled before: nothing done
	StepFailed   = "failed"   // the engine failed or panicked: nothing saved, the person told so
	StepError    = "error"    // not committed (the database): the update stays in the inbox
)

// Send results (see outbound.Options.Sent).
const (
	SentOK      = "ok"
	Sent429     = "429"     // flood control: wait and retry
	Sent403     = "403"     // the person blocked the bot
	Sent4xx     = "4xx"     // another refusal: a bad request, a bad token
	Sent5xx     = "5xx"     // the platform failed: retried
	SentNetwork = "network" // no answer from the platform: retried
)

// Scheduler run results (see scheduler.Options.Observe).
const (
	RunOK      = "ok"
	RunFailed  = "failed"  // an error or a panic: tried again at the next tick
	RunSkipped = "skipped" // missed beyond grace while fieldbot was down
)

// Outbox is one channel's messages waiting to be sent.
type Outbox struct {
	Channel string
	Pending int
	Oldest  time.Time // when the oldest of them was queued; zero if none
}

// Sources are read at every scrape.
type Sources struct {
	// Outbox lists each channel's waiting messages.
	Outbox func() []Outbox
	// DatabaseBytes is the size of the database file.
	DatabaseBytes func() (int64, error)
	Now           func() time.Time // default time.Now
	Log           *slog.Logger     // told of a source's error; nil: not told
}

// Options say which label values exist from the start, so that every
// series is there (at zero) before its first event: a rate over a series
// that appears only when something goes wrong misses that first time.
type Options struct {
	Channels []string // "telegram", "zalo"
	Forms    []string // form ids
	Sources  Sources
}

// Metrics is fieldbot's set of metrics and the registry that serves them.
type Metrics struct {
	reg      *prometheus.Registry
	updates  *prometheus.CounterVec
	steps    *prometheus.CounterVec
	stepTime *prometheus.HistogramVec
	saved    *prometheus.CounterVec
	sent     *prometheus.CounterVec
	runs     *prometheus.CounterVec
	lag      *prometheus.HistogramVec
	runTime  *prometheus.HistogramVec
}

// New returns the metrics, registered with a registry of their own
// together with the Go runtime and process collectors.
func New(opt Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldbot_updates_received_total",
			Help: "Updates received from a chat platform (messages, button presses), re-deliveries included.",
		}, []string{"channel"}),
		steps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldbot_conversation_steps_total",
			Help: "Inputs run through the conversation engine, by outcome: ok, repeated (a re-delivery, nothing done), failed (nothing saved, the person told), error (not committed, stays in the inbox).",
		}, []string{"channel", "outcome"}),
		stepTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fieldbot_conversation_step_seconds",
			Help:    "Time to handle one input, its commit (fsync) included, until its replies are queued.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"channel"}),
		saved: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldbot_submissions_saved_total",
			Help: "Reports saved (each revision counts), by form and the channel it came from.",
		}, []string{"channel", "form"}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldbot_messages_sent_total",
			Help: "Attempts to send an outbox message, by result: ok, 429 (flood control), 403 (blocked by the person), 4xx (refused), 5xx (platform error), network (no answer). Failures other than 403 and 4xx are retried.",
		}, []string{"channel", "result"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldbot_scheduler_runs_total",
			Help: "Scheduled job runs (digest, reminders, escalation, housekeeping), by result: ok, failed (retried at the next tick), skipped (missed beyond grace).",
		}, []string{"job", "result"}),
		lag: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fieldbot_scheduler_lag_seconds",
			Help:    "How long after its scheduled time a job run started; a run caught up after a downtime shows the downtime.",
			Buckets: []float64{.1, 1, 10, 60, 300, 900, 3600, 4 * 3600, 12 * 3600},
		}, []string{"job"}),
		runTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fieldbot_scheduler_run_seconds",
			Help:    "How long a job run took (queuing a digest, not sending it).",
			Buckets: []float64{.01, .1, 1, 5, 15, 60, 300, 900},
		}, []string{"job"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.updates, m.steps, m.stepTime, m.saved, m.sent, m.runs, m.lag, m.runTime,
		&state{src: opt.Sources},
	)
	for _, c := range opt.Channels {
		m.updates.WithLabelValues(c)
		m.stepTime.WithLabelValues(c)
		for _, o := range []string{StepOK, StepRepeated, StepFailed, StepError} {
			m.steps.WithLabelValues(c, o)
		}
		for _, r := range []string{SentOK, Sent429, Sent403, Sent4xx, Sent5xx, SentNetwork} {
			m.sent.WithLabelValues(c, r)
		}
		for _, f := range opt.Forms {
			m.saved.WithLabelValues(c, f)
		}
	}
	return m
}

// Jobs makes the series of the scheduler's jobs exist, at zero, before
// their first run (which may be a week away).
func (m *Metrics) Jobs(names ...string) {
	for _, j := range names {
		m.lag.WithLabelValues(j)
		m.runTime.WithLabelValues(j)
		for _, r := range []string{RunOK, RunFailed, RunSkipped} {
			m.runs.WithLabelValues(j, r)
		}
	}
}

// Handler serves the metrics in the Prometheus text format (or
// OpenMetrics, to a scraper that asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Received counts n updates received on a channel.
func (m *Metrics) Received(channel string, n int) {
	m.updates.WithLabelValues(channel).Add(float64(n))
}

// Step counts one conversation step and its duration.
func (m *Metrics) Step(channel, outcome string, d time.Duration) {
	m.steps.WithLabelValues(channel, outcome).Inc()
	m.stepTime.WithLabelValues(channel).Observe(d.Seconds())
}

// Saved counts one saved submission (a revision).
func (m *Metrics) Saved(channel, form string) {
	m.saved.WithLabelValues(channel, form).Inc()
}

// Sent counts one send attempt's result.
func (m *Metrics) Sent(channel, result string) {
	m.sent.WithLabelValues(channel, result).Inc()
}

// Ran counts one scheduler run: its result, how late it started and how
// long it took (a skipped run took nothing and is not timed).
func (m *Metrics) Ran(job, result string, lag, took time.Duration) {
	m.runs.WithLabelValues(job, result).Inc()
	if result == RunSkipped {
		return
	}
	m.lag.WithLabelValues(job).Observe(max(lag, 0).Seconds())
	m.runTime.WithLabelValues(job).Observe(took.Seconds())
}

// state collects what is read at scrape time.
type state struct{ src Sources }

var (
	outboxDesc = prometheus.NewDesc("fieldbot_outbox_messages",
		"Messages waiting to be sent (queued or in flight).", []string{"channel"}, nil)
	oldestDesc = prometheus.NewDesc("fieldbot_outbox_oldest_age_seconds",
		"How long the oldest message waiting to be sent has waited; 0 when none waits. Ever growing means sending is stuck (a revoked token, a network cut).", []string{"channel"}, nil)
	dbDesc = prometheus.NewDesc("fieldbot_database_size_bytes",
		"Size of the database file.", nil, nil)
)

func (s *state) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDesc
	ch <- oldestDesc
	ch <- dbDesc
}

func (s *state) Collect(ch chan<- prometheus.Metric) {
	now := time.Now
	if s.src.Now != nil {
		now = s.src.Now
	}
	if s.src.Outbox != nil {
		t := now()
		for _, o := range s.src.Outbox() {
			age := 0.0
			if !o.Oldest.IsZero() {
				age = max(t.Sub(o.Oldest).Seconds(), 0)
			}
			ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(o.Pending), o.Channel)
			ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age, o.Channel)
		}
	}
	if s.src.DatabaseBytes != nil {
		n, err := s.src.DatabaseBytes()
		if err != nil { // the series goes missing: absent() alerts on that
			if s.src.Log != nil {
				s.src.Log.Warn("metrics: cannot read the database size", "err", err)
			}
			return
		}
		ch <- prometheus.MustNewConstMetric(dbDesc, prometheus.GaugeValue, float64(n))
	}
}
