package fieldbot_test

import (
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

func calendar(t *testing.T) fieldbot.Calendar {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return fieldbot.Calendar{Location: loc, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}
}

func TestPeriodOf(t *testing.T) {
	cal := calendar(t)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, cal.Location)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		kind      fieldbot.PeriodKind
		at        string
		key       string
		start, to string // first and last day
	}{
		{fieldbot.PeriodWeek, "2026-11-28 10:00", "2026-W48", "2026-11-23", "2026-11-29"},
		{fieldbot.PeriodWeek, "2026-11-23 00:00", "2026-W48", "2026-11-23", "2026-11-29"},
		{fieldbot.PeriodWeek, "2026-11-29 23:59", "2026-W48", "2026-11-23", "2026-11-29"},
		{fieldbot.PeriodWeek, "2027-01-01 09:00", "2026-W53", "2026-12-28", "2027-01-03"},
		{fieldbot.PeriodWeek, "2025-12-31 09:00", "2026-W01", "2025-12-29", "2026-01-04"},
		{fieldbot.PeriodMonth, "2026-11-28 10:00", "2026-11", "2026-11-01", "2026-11-30"},
		{fieldbot.PeriodYear, "2026-10-01 00:00", "2027", "2026-10-01", "2027-09-30"},
		{fieldbot.PeriodYear, "2026-09-30 23:59", "2026", "2025-10-01", "2026-09-30"},
	}
	for _, tt := range tests {
		p := cal.PeriodOf(tt.kind, at(tt.at))
		if p.Key != tt.key || p.Start.Format("2006-01-02") != tt.start || p.LastDay().Format("2006-01-02") != tt.to {
			t.Errorf("PeriodOf(%s, %s) = %s %s..%s; want %s %s..%s", tt.kind, tt.at,
				p.Key, p.Start.Format("2006-01-02"), p.LastDay().Format("2006-01-02"), tt.key, tt.start, tt.to)
		}
		back, err := cal.ParsePeriod(tt.kind, p.Key)
		if err != nil || !back.Start.Equal(p.Start) || !back.End.Equal(p.End) {
			t.Errorf("ParsePeriod(%s, %s) = %v, %v; want %v", tt.kind, p.Key, back, err, p)
		}
	}
}

func TestUTCInstantUsesOfficeDay(t *testing.T) {
	cal := calendar(t)
	// 17:30 UTC on Sunday is 00:30 on Monday in Hồ Chí Minh City: next week.
	p := cal.PeriodOf(fieldbot.PeriodWeek, time.Date(2026, 11, 29, 17, 30, 0, 0, time.UTC))
	if p.Key != "2026-W49" {
		t.Errorf("week of Sunday 17:30 UTC = %s; want 2026-W49", p.Key)
	}
}

func TestParsePeriodRejects(t *testing.T) {
	cal := calendar(t)
	for _, tt := range []struct {
		kind fieldbot.PeriodKind
		key  string
	}{
		{fieldbot.PeriodWeek, "2026-W54"}, {fieldbot.PeriodWeek, "2025-W53"}, {fieldbot.PeriodWeek, "W48"},
		{fieldbot.PeriodMonth, "2026-13"}, {fieldbot.PeriodYear, "abc"},
	} {
		if _, err := cal.ParsePeriod(tt.kind, tt.key); err == nil {
			t.Errorf("ParsePeriod(%s, %q) accepted", tt.kind, tt.key)
		}
	}
}

func TestCalendarYearStartJanuary(t *testing.T) {
	cal := calendar(t)
	cal.YearStart = fieldbot.MonthDay{Month: time.January, Day: 1}
	if y := cal.StatYear(time.Date(2027, 3, 1, 12, 0, 0, 0, cal.Location)); y != 2027 {
		t.Errorf("StatYear = %d; want 2027", y)
	}
	start, end := cal.YearBounds(2027)
	if start.Format("2006-01-02") != "2027-01-01" || end.Format("2006-01-02") != "2028-01-01" {
		t.Errorf("YearBounds(2027) = %v, %v", start, end)
	}
}

// The rule for which period a command or a job is about (docs/input.md,
// "Kỳ báo cáo"): the period just ended while it still takes reports, else
// the current one; a form that never closes keeps the ended period in
// question for one day.
func TestInQuestion(t *testing.T) {
	cal := calendar(t)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, cal.Location)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	weekly72 := &fieldbot.Form{ID: "weekly", Period: fieldbot.PeriodWeek, CloseAfter: 72 * time.Hour}
	weeklyOpen := &fieldbot.Form{ID: "weekly", Period: fieldbot.PeriodWeek}
	monthly72 := &fieldbot.Form{ID: "monthly", Period: fieldbot.PeriodMonth, CloseAfter: 72 * time.Hour}
	yearly := &fieldbot.Form{ID: "yearly", Period: fieldbot.PeriodYear, CloseAfter: 240 * time.Hour}
	tests := []struct {
		form *fieldbot.Form
		at   string
		want string
		asOf string // the instant figures are taken at
	}{
		// Issue 12: on Monday morning everything is about the week just ended.
		{weekly72, "2026-12-07 08:00:00", "2026-W49", "2026-12-06 23:59:59"},
		{weekly72, "2026-12-07 00:00:00", "2026-W49", "2026-12-06 23:59:59"},
		{weekly72, "2026-12-09 23:59:59", "2026-W49", "2026-12-06 23:59:59"}, // Wednesday night: last second
		{weekly72, "2026-12-10 00:00:00", "2026-W50", "2026-12-10 00:00:00"}, // Thursday: week 49 is closed
		{weekly72, "2026-12-10 08:00:00", "2026-W50", "2026-12-10 08:00:00"},
		{weekly72, "2026-12-11 17:00:00", "2026-W50", "2026-12-11 17:00:00"}, // the Friday digest: this week
		{weekly72, "2026-12-13 23:59:59", "2026-W50", "2026-12-13 23:59:59"},
		// Never closes: the week just ended for one day (DESIGN §6).
		{weeklyOpen, "2026-12-07 08:00:00", "2026-W49", "2026-12-06 23:59:59"},
		{weeklyOpen, "2026-12-07 23:59:59", "2026-W49", "2026-12-06 23:59:59"},
		{weeklyOpen, "2026-12-08 00:00:00", "2026-W50", "2026-12-08 00:00:00"},
		{weeklyOpen, "2026-12-11 17:00:00", "2026-W50", "2026-12-11 17:00:00"},
		// Months and statistical years follow the same rule.
		{monthly72, "2026-12-02 09:00:00", "2026-11", "2026-11-30 23:59:59"},
		{monthly72, "2026-12-04 00:00:00", "2026-12", "2026-12-04 00:00:00"},
		{yearly, "2026-10-05 09:00:00", "2026", "2026-09-30 23:59:59"},
		{yearly, "2026-10-12 09:00:00", "2027", "2026-10-12 09:00:00"},
		// A week of the previous statistical year is still the one in
		// question: 21/09–27/09/2026 is year 2026, 28/09–04/10 year 2027.
		{weekly72, "2026-09-28 08:00:00", "2026-W39", "2026-09-27 23:59:59"},
	}
	for _, tt := range tests {
		p := cal.InQuestion(tt.form, at(tt.at))
		if p.Key != tt.want {
			t.Errorf("InQuestion(%s close_after %v, %s) = %s; want %s", tt.form.Period, tt.form.CloseAfter, tt.at, p.Key, tt.want)
		}
		if got := p.AsOf(at(tt.at)).Format("2006-01-02 15:04:05"); got != tt.asOf {
			t.Errorf("InQuestion(%s, %s).AsOf = %s; want %s", tt.form.Period, tt.at, got, tt.asOf)
		}
	}
}

// /report opens the period in question, unless it has ended and the person
// has reported it already: then this period.
func TestToReport(t *testing.T) {
	cal := calendar(t)
	f := &fieldbot.Form{ID: "weekly", Period: fieldbot.PeriodWeek, CloseAfter: 72 * time.Hour}
	monday := time.Date(2026, 12, 7, 8, 0, 0, 0, cal.Location)
	friday := time.Date(2026, 12, 11, 8, 0, 0, 0, cal.Location)
	for _, tt := range []struct {
		now      time.Time
		reported map[string]bool
		want     string
	}{
		{monday, nil, "2026-W49"},
		{monday, map[string]bool{"2026-W49": true}, "2026-W50"},
		{monday, map[string]bool{"2026-W48": true}, "2026-W49"},
		{friday, nil, "2026-W50"},
		{friday, map[string]bool{"2026-W50": true}, "2026-W50"}, // reporting again: a new revision
	} {
		p, err := cal.ToReport(f, tt.now, func(p fieldbot.Period) (bool, error) { return tt.reported[p.Key], nil })
		if err != nil || p.Key != tt.want {
			t.Errorf("ToReport(%s, reported %v) = %s, %v; want %s", tt.now.Format("Mon 02/01"), tt.reported, p.Key, err, tt.want)
		}
	}
}

// /edit looks for the person's own report of this period, then of the one
// before it.
func TestToEdit(t *testing.T) {
	cal := calendar(t)
	f := &fieldbot.Form{ID: "weekly", Period: fieldbot.PeriodWeek, CloseAfter: 72 * time.Hour}
	var keys []string
	for _, p := range cal.ToEdit(f, time.Date(2026, 12, 7, 8, 0, 0, 0, cal.Location)) {
		keys = append(keys, p.Key)
	}
	if len(keys) != 2 || keys[0] != "2026-W50" || keys[1] != "2026-W49" {
		t.Errorf("ToEdit(Monday 07/12/2026) = %v; want [2026-W50 2026-W49]", keys)
	}
}
