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
