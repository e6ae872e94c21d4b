package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/fieldbot/fieldbot/metrics"
	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/scheduler"
)

// The label values the metrics make exist at zero are those the hooks
// report: a value only one side knows would be a series that never moves.
func TestMetricLabelsMatchTheHooks(t *testing.T) {
	for _, pair := range [][2]string{
		{metrics.StepOK, relay.StepOK}, {metrics.StepRepeated, relay.StepRepeated},
		{metrics.StepFailed, relay.StepFailed}, {metrics.StepError, relay.StepError},
		{metrics.SentOK, outbound.ResultOK}, {metrics.Sent429, outbound.Result429}, {metrics.Sent403, outbound.Result403},
		{metrics.Sent4xx, outbound.Result4xx}, {metrics.Sent5xx, outbound.Result5xx}, {metrics.SentNetwork, outbound.ResultNetwork},
		{metrics.RunOK, scheduler.RunOK}, {metrics.RunFailed, scheduler.RunFailed}, {metrics.RunSkipped, scheduler.RunSkipped},
	} {
		if pair[0] != pair[1] {
			t.Errorf("metrics says %q where the hook says %q", pair[0], pair[1])
		}
	}
}

// alertRules is docs/prometheus-alerts.yml as Prometheus reads it.
type alertRules struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// dashboard is what docs/grafana-dashboard.json must have to import.
type dashboard struct {
	Title  string `json:"title"`
	UID    string `json:"uid"`
	Inputs []struct {
		Name     string `json:"name"`
		PluginID string `json:"pluginId"`
	} `json:"__inputs"`
	Panels []struct {
		ID      int    `json:"id"`
		Type    string `json:"type"`
		Title   string `json:"title"`
		GridPos struct {
			W int `json:"w"`
			H int `json:"h"`
		} `json:"gridPos"`
		Datasource *struct {
			Type string `json:"type"`
			UID  string `json:"uid"`
		} `json:"datasource"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	} `json:"panels"`
}

// docQueries reads the alert rules and the dashboard in docs/, checks
// their shape and returns every query they hold, each with where it is.
func docQueries(t *testing.T) map[string]string {
	t.Helper()
	queries := map[string]string{}
	b, err := os.ReadFile("../../docs/prometheus-alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rules alertRules
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true) // a misspelt key would be ignored by nobody: Prometheus refuses it
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("docs/prometheus-alerts.yml: %v", err)
	}
	names := map[string]bool{}
	for _, g := range rules.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("alerts: a group without a name or rules: %+v", g)
		}
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" || names[r.Alert] {
				t.Errorf("alert %q: needs a unique name, an expr, a severity and a summary", r.Alert)
			}
			names[r.Alert] = true
			queries["alert "+r.Alert] = r.Expr
		}
	}
	if len(names) == 0 {
		t.Error("docs/prometheus-alerts.yml has no alert")
	}

	b, err = os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("docs/grafana-dashboard.json: %v", err)
	}
	if d.Title == "" || d.UID == "" || len(d.Inputs) != 1 || d.Inputs[0].PluginID != "prometheus" {
		t.Errorf("dashboard: title %q, uid %q, inputs %+v; want a title, a uid and one Prometheus input", d.Title, d.UID, d.Inputs)
	}
	ids := map[int]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] || p.Title == "" || p.GridPos.W == 0 || p.GridPos.H == 0 {
			t.Errorf("panel %d %q: needs a unique id, a title and a size", p.ID, p.Title)
		}
		ids[p.ID] = true
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${"+d.Inputs[0].Name+"}" || len(p.Targets) == 0 {
			t.Errorf("panel %q: needs the input's datasource and a query", p.Title)
		}
		for i, q := range p.Targets {
			if q.Expr == "" {
				t.Errorf("panel %q: query %d is empty", p.Title, i)
			}
			queries["panel "+p.Title+" #"+string(rune('A'+i))] = q.Expr
		}
	}
	return queries
}

// metricName finds the metric names a query uses: ours, the Go runtime's
// and the process's (up is Prometheus's own).
var metricName = regexp.MustCompile(`\b(?:fieldbot|go|process)_[a-z0-9_]+\b`)

// checkDocMetrics fails for every metric a doc's query uses that the
// scrape does not have.
func checkDocMetrics(t *testing.T, fams map[string]*dto.MetricFamily) {
	t.Helper()
	used := map[string]bool{}
	for where, q := range docQueries(t) {
		for _, name := range metricName.FindAllString(q, -1) {
			used[name] = true
			if !served(fams, name) {
				t.Errorf("%s uses %s, which /metrics does not serve", where, name)
			}
		}
	}
	// And every metric of ours is on the dashboard or in an alert.
	for name := range fams {
		if strings.HasPrefix(name, "fieldbot_") && !used[name] && !used[name+"_count"] && !used[name+"_bucket"] && !used[name+"_sum"] {
			t.Errorf("%s is neither on the dashboard nor in an alert", name)
		}
	}
}

// served says whether the scrape has the series name: a family, or a
// histogram's or summary's _bucket, _sum or _count.
func served(fams map[string]*dto.MetricFamily, name string) bool {
	if _, ok := fams[name]; ok {
		return true
	}
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			if f, ok := fams[base]; ok && (f.GetType() == dto.MetricType_HISTOGRAM || (f.GetType() == dto.MetricType_SUMMARY && suffix != "_bucket")) {
				return true
			}
		}
	}
	return false
}

// The docs parse and hold queries; which metrics they use is checked
// against the real binary's scrape in TestMetricsMoveAfterAReport.
func TestMetricDocsParse(t *testing.T) {
	q := docQueries(t)
	for _, want := range []string{"alert FieldbotDown", "alert FieldbotOutboxStuck"} {
		if _, ok := q[want]; !ok {
			t.Errorf("no %s in the docs", want)
		}
	}
	var names []string
	for _, expr := range q {
		names = append(names, metricName.FindAllString(expr, -1)...)
	}
	for _, want := range []string{"fieldbot_messages_sent_total", "fieldbot_outbox_oldest_age_seconds", "go_goroutines"} {
		if !slices.Contains(names, want) {
			t.Errorf("the docs never use %s", want)
		}
	}
}

// scrapeMetrics gets url and parses it with the Prometheus text parser.
func scrapeMetrics(t *testing.T, url string) (map[string]*dto.MetricFamily, error) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s = %s: %s", url, res.Status, b)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("the Prometheus text parser refuses %s: %v", url, err)
	}
	return fams, nil
}

// sample is the value of the series of name with exactly these labels
// (name=value pairs): a counter's or gauge's value, a histogram's count.
func sample(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.Metric {
		if len(m.Label)*2 != len(labels) {
			continue
		}
		match := true
		for i := 0; i < len(labels); i += 2 {
			if !slices.ContainsFunc(m.Label, func(l *dto.LabelPair) bool { return l.GetName() == labels[i] && l.GetValue() == labels[i+1] }) {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}
