package metrics

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape serves GET /metrics from m and parses it as Prometheus does.
func scrape(t *testing.T, m *Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q; want the text format", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("the Prometheus text parser refuses /metrics: %v", err)
	}
	return fams
}

// value is the value of the series of name whose labels include labels
// (name=value pairs); false if there is none.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

func TestEventsCounted(t *testing.T) {
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	m := New(Options{
		Channels: []string{"telegram", "zalo"}, Forms: []string{"weekly"},
		Sources: Sources{
			Outbox: func() []Outbox {
				return []Outbox{{Channel: "telegram", Pending: 3, Oldest: now.Add(-90 * time.Second)}, {Channel: "zalo"}}
			},
			DatabaseBytes: func() (int64, error) { return 65536, nil },
			Now:           func() time.Time { return now },
		},
	})
	m.Jobs("digest")
	// Every series exists at zero before its first event.
	before := scrape(t, m)
	for _, s := range []struct {
		name   string
		labels []string
	}{
		{"fieldbot_updates_received_total", []string{"channel", "zalo"}},
		{"fieldbot_conversation_steps_total", []string{"channel", "telegram", "outcome", StepFailed}},
		{"fieldbot_conversation_step_seconds", []string{"channel", "telegram"}},
		{"fieldbot_submissions_saved_total", []string{"channel", "zalo", "form", "weekly"}},
		{"fieldbot_messages_sent_total", []string{"channel", "telegram", "result", Sent429}},
		{"fieldbot_messages_sent_total", []string{"channel", "zalo", "result", SentNetwork}},
		{"fieldbot_scheduler_runs_total", []string{"job", "digest", "result", RunSkipped}},
		{"fieldbot_scheduler_lag_seconds", []string{"job", "digest"}},
	} {
		if v, ok := value(before, s.name, s.labels...); !ok || v != 0 {
			t.Errorf("before any event: %s%v = %v, %v; want 0, present", s.name, s.labels, v, ok)
		}
	}

	m.Received("telegram", 3)
	m.Step("telegram", StepOK, 4*time.Millisecond)
	m.Step("telegram", StepOK, 40*time.Millisecond)
	m.Step("telegram", StepRepeated, time.Millisecond)
	m.Saved("telegram", "weekly")
	m.Sent("telegram", SentOK)
	m.Sent("telegram", SentOK)
	m.Sent("zalo", Sent403)
	m.Ran("digest", RunOK, 2*time.Minute, 3*time.Second)
	m.Ran("digest", RunSkipped, 0, 0)

	after := scrape(t, m)
	for _, s := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"fieldbot_updates_received_total", []string{"channel", "telegram"}, 3},
		{"fieldbot_updates_received_total", []string{"channel", "zalo"}, 0},
		{"fieldbot_conversation_steps_total", []string{"channel", "telegram", "outcome", StepOK}, 2},
		{"fieldbot_conversation_steps_total", []string{"channel", "telegram", "outcome", StepRepeated}, 1},
		{"fieldbot_conversation_step_seconds", []string{"channel", "telegram"}, 3},
		{"fieldbot_submissions_saved_total", []string{"channel", "telegram", "form", "weekly"}, 1},
		{"fieldbot_messages_sent_total", []string{"channel", "telegram", "result", SentOK}, 2},
		{"fieldbot_messages_sent_total", []string{"channel", "zalo", "result", Sent403}, 1},
		{"fieldbot_scheduler_runs_total", []string{"job", "digest", "result", RunOK}, 1},
		{"fieldbot_scheduler_runs_total", []string{"job", "digest", "result", RunSkipped}, 1},
		{"fieldbot_scheduler_lag_seconds", []string{"job", "digest"}, 1}, // the skipped run is not timed
		{"fieldbot_outbox_messages", []string{"channel", "telegram"}, 3},
		{"fieldbot_outbox_oldest_age_seconds", []string{"channel", "telegram"}, 90},
		{"fieldbot_outbox_oldest_age_seconds", []string{"channel", "zalo"}, 0},
		{"fieldbot_database_size_bytes", nil, 65536},
	} {
		if v, ok := value(after, s.name, s.labels...); !ok || v != s.want {
			t.Errorf("%s%v = %v, %v; want %v", s.name, s.labels, v, ok, s.want)
		}
	}
	// The lag went into the bucket of at most 300 s, not into that of 60 s.
	h := after["fieldbot_scheduler_lag_seconds"].Metric[0].Histogram
	for _, b := range h.Bucket {
		want := uint64(0)
		if b.GetUpperBound() >= 300 {
			want = 1
		}
		if b.GetUpperBound() >= 60 && b.GetUpperBound() <= 300 && b.GetCumulativeCount() != want {
			t.Errorf("lag bucket le=%v holds %d; want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
	if h.GetSampleSum() != 120 {
		t.Errorf("lag sum = %v; want 120", h.GetSampleSum())
	}
	// The Go runtime and the process are there too.
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "process_start_time_seconds"} {
		if _, ok := after[name]; !ok {
			t.Errorf("no %s in /metrics", name)
		}
	}
}

// A source that fails leaves its series out; the rest is still served.
func TestSourceFails(t *testing.T) {
	m := New(Options{Sources: Sources{DatabaseBytes: func() (int64, error) { return 0, errors.New("gone") }}})
	fams := scrape(t, m)
	if _, ok := fams["fieldbot_database_size_bytes"]; ok {
		t.Errorf("a database size that cannot be read is served")
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Errorf("one failing source took the other metrics down")
	}
}

// Two Metrics count apart: each has its own registry, not the global one.
func TestOwnRegistry(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	a.Received("telegram", 1)
	if v, ok := value(scrape(t, b), "fieldbot_updates_received_total", "channel", "telegram"); ok && v != 0 {
		t.Errorf("b counted a's update: %v", v)
	}
	if v, _ := value(scrape(t, a), "fieldbot_updates_received_total", "channel", "telegram"); v != 1 {
		t.Errorf("a's updates = %v; want 1", v)
	}
}
