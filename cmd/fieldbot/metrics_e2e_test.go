package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// The running bot serves GET /metrics on [http] listen in the Prometheus
// text format, and an officer's report moves what it must: updates
// received, conversation steps and their latency, submissions saved,
// messages sent. The dashboard and the alert rules in docs/ use only
// metrics it serves.
func TestMetricsMoveAfterAReport(t *testing.T) {
	o := newOffice(t)
	addr := o.listenHTTP()
	o.start()
	url := "http://" + addr + "/metrics"

	o.onboard(an, "0912345678")
	o.expect(an, "Nguyễn Văn An")
	var before map[string]*dto.MetricFamily
	var err error
	o.eventually("/metrics to answer", func() bool {
		before, err = scrapeMetrics(t, url)
		return err == nil
	})

	o.tg.SendText(an, "/baocao")
	o.expect(an, "Số việc có điều kiện thi hành")
	o.tg.SendText(an, "7581")
	o.expect(an, "Số việc thi hành xong")
	o.tg.SendText(an, "6300")
	o.expect(an, "Số tiền thi hành xong")
	o.tg.SendText(an, "1,5 tỷ")
	m := o.expect(an, "Ghi chú")
	o.press(an, m, "Bỏ qua")
	o.press(an, o.expect(an, "1.500.000.000 đồng"), "Xác nhận")
	o.expect(an, "Đã lưu")

	type series struct {
		name   string
		labels []string
		by     float64 // at least
	}
	moved := []series{
		{"fieldbot_updates_received_total", []string{"channel", "telegram"}, 6},
		{"fieldbot_conversation_steps_total", []string{"channel", "telegram", "outcome", "ok"}, 6},
		{"fieldbot_conversation_step_seconds", []string{"channel", "telegram"}, 6},
		{"fieldbot_submissions_saved_total", []string{"channel", "telegram", "form", "weekly"}, 1},
		{"fieldbot_messages_sent_total", []string{"channel", "telegram", "result", "ok"}, 6},
	}
	var after map[string]*dto.MetricFamily
	delta := func(s series) float64 {
		b, _ := sample(before, s.name, s.labels...)
		a, _ := sample(after, s.name, s.labels...)
		return a - b
	}
	// "Đã lưu" is seen before its send is counted: wait for the count
	// (then say what did not move).
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if after, err = scrapeMetrics(t, url); err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(moved, func(s series) bool { return delta(s) < s.by }) {
			break
		}
	}
	for _, s := range moved {
		if d := delta(s); d < s.by {
			t.Errorf("%s%v moved by %v; want at least %v", s.name, s.labels, d, s.by)
		}
	}
	if d := delta(series{name: "fieldbot_submissions_saved_total", labels: []string{"channel", "telegram", "form", "weekly"}}); d != 1 {
		t.Errorf("one report counted as %v submissions", d)
	}
	for _, s := range []series{
		{"fieldbot_conversation_steps_total", []string{"channel", "telegram", "outcome", "failed"}, 0},
		{"fieldbot_messages_sent_total", []string{"channel", "telegram", "result", "429"}, 0},
		{"fieldbot_messages_sent_total", []string{"channel", "telegram", "result", "403"}, 0},
		{"fieldbot_scheduler_runs_total", []string{"job", "housekeeping", "result", "failed"}, 0},
	} {
		if v, ok := sample(after, s.name, s.labels...); !ok || v != s.by {
			t.Errorf("%s%v = %v, present %v; want %v", s.name, s.labels, v, ok, s.by)
		}
	}
	// Present whatever their value: a reply may wait its turn under the
	// per-chat limit, and the nightly job may have caught up at start.
	for _, s := range []series{
		{name: "fieldbot_outbox_messages", labels: []string{"channel", "telegram"}},
		{name: "fieldbot_outbox_oldest_age_seconds", labels: []string{"channel", "telegram"}},
		{name: "fieldbot_scheduler_runs_total", labels: []string{"job", "housekeeping", "result", "ok"}},
		{name: "fieldbot_scheduler_lag_seconds", labels: []string{"job", "housekeeping"}},
	} {
		if v, ok := sample(after, s.name, s.labels...); !ok || v < 0 {
			t.Errorf("%s%v = %v, present %v", s.name, s.labels, v, ok)
		}
	}
	if v, _ := sample(after, "fieldbot_database_size_bytes"); v <= 0 {
		t.Errorf("fieldbot_database_size_bytes = %v; want the file's size", v)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if _, ok := after[name]; !ok {
			t.Errorf("no %s in /metrics", name)
		}
	}
	// No series is labelled with a person: no chat id, user id or phone.
	for name, f := range after {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if v := l.GetValue(); strings.Contains(v, fmt.Sprint(an.ID)) || strings.Contains(v, "912345678") {
					t.Errorf("%s has a label %s=%q", name, l.GetName(), v)
				}
			}
		}
	}
	checkDocMetrics(t, after)

	// The health check is still served beside it.
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz beside /metrics: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	o.stop(syscall.SIGTERM) // the logs are read only once the process has written its last
	o.noRejections()
}
