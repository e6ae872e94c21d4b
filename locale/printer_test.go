package locale

import (
	"strings"
	"testing"
)

func TestT(t *testing.T) {
	vi := New(VI)
	for _, tc := range []struct {
		key  string
		kv   []string
		want string
	}{
		{"role.leader", nil, "Lãnh đạo"},
		{"period.week", []string{"week", "48", "year", "2026", "from", "23/11", "to", "29/11/2026"},
			"Tuần 48/2026 (23/11–29/11/2026)"},
		// Order of pairs does not matter.
		{"period.month", []string{"year", "2026", "month", "11"}, "Tháng 11/2026"},
		// Missing argument stays visible.
		{"period.month", []string{"month", "11"}, "Tháng 11/{year}"},
		// Trailing name without a value is ignored.
		{"period.month", []string{"month", "11", "year"}, "Tháng 11/{year}"},
		// Values are not re-expanded, nor escaped.
		{"period.year", []string{"year", "{year} <b>&"}, "Năm thống kê {year} <b>&"},
		// Unknown key.
		{"no.such.key", []string{"a", "b"}, "no.such.key"},
	} {
		if got := vi.T(tc.key, tc.kv...); got != tc.want {
			t.Errorf("T(%q, %q) = %q, want %q", tc.key, tc.kv, got, tc.want)
		}
	}
}

func TestRenderBraces(t *testing.T) {
	p := &Printer{lang: VI, msgs: map[string]string{
		"k": "{a} {B} {} {a b} { {a}}{",
	}}
	if got, want := p.T("k", "a", "1", "B", "2"), "1 {B} {} {a b} { 1}{"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
}

func TestHTML(t *testing.T) {
	en := New(EN)
	got := en.HTML("onboard.already", "name", `<Nguyễn> & "An"`, "unit", "KV1")
	want := "You are already registered: &lt;Nguyễn&gt; &amp; &quot;An&quot;, KV1. Send /help to see the commands."
	if got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
	if got := en.HTML("a<b"); got != "a&lt;b" {
		t.Errorf("HTML(unknown) = %q", got)
	}
}

func TestEscape(t *testing.T) {
	if got, want := Escape(`a<b>&"c'`), "a&lt;b&gt;&amp;&quot;c'"; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

func TestNew(t *testing.T) {
	if New("fr").Lang() != VI || New(EN).Lang() != EN || New(VI).Lang() != VI {
		t.Error("New picks the wrong language")
	}
	if New(EN).T("report.yes") != "Yes" || New("").T("report.yes") != "Có" {
		t.Error("wrong catalog")
	}
}

func TestTexts(t *testing.T) {
	vi, en := New(VI).Texts("sandbox.", "role."), New(EN).Texts("sandbox.", "role.")
	if len(vi) == 0 || len(vi) != len(en) {
		t.Fatalf("%d Vietnamese texts, %d English", len(vi), len(en))
	}
	for key, msg := range vi {
		if !strings.HasPrefix(key, "sandbox.") && !strings.HasPrefix(key, "role.") {
			t.Errorf("%s: not asked for", key)
		}
		if en[key] == "" || en[key] == msg {
			t.Errorf("%s: English %q, Vietnamese %q", key, en[key], msg)
		}
	}
	if vi["role.leader"] != "Lãnh đạo" || vi["sandbox.title_person"] != "{name} – Fieldbot thử nghiệm" {
		t.Errorf("texts are not the catalog's templates: %q %q", vi["role.leader"], vi["sandbox.title_person"])
	}
	if n := len(New(VI).Texts("no.such.")); n != 0 {
		t.Errorf("%d texts for an unknown prefix", n)
	}
	// The map is a copy: changing it leaves the catalog alone.
	vi["role.leader"] = "x"
	if New(VI).T("role.leader") != "Lãnh đạo" {
		t.Error("Texts returned the catalog itself")
	}
}
