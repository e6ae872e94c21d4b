package fieldbot

import (
	"fmt"
	"time"
)

// PeriodKind is how often a form is reported.
type PeriodKind string

const (
	PeriodWeek  PeriodKind = "week"
	PeriodMonth PeriodKind = "month"
	PeriodYear  PeriodKind = "year" // the statistical year
)

// Valid reports whether k is a known period kind.
func (k PeriodKind) Valid() bool {
	return k == PeriodWeek || k == PeriodMonth || k == PeriodYear
}

// Calendar knows the office's timezone and when its statistical year starts.
type Calendar struct {
	Location  *time.Location
	YearStart MonthDay // "10-01" for enforcement statistics
}

// MonthDay is a day of the year without a year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// ParseMonthDay parses "MM-DD".
func ParseMonthDay(s string) (MonthDay, error) {
	t, err := time.Parse("01-02", s)
	if err != nil || len(s) != 5 {
		return MonthDay{}, Errorf(EINVALID, "%q is not MM-DD", s)
	}
	return MonthDay{Month: t.Month(), Day: t.Day()}, nil
}

func (m MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(m.Month), m.Day) }

// Period is one reporting period: [Start, End) in the calendar's location.
type Period struct {
	Kind  PeriodKind
	Key   string // "2026-W48", "2026-11", "2027"
	Start time.Time
	End   time.Time // exclusive: midnight after the last day
}

// LastDay is the period's last calendar day.
func (p Period) LastDay() time.Time { return p.End.AddDate(0, 0, -1) }

// midnight returns the start of t's day in loc.
func midnight(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// StatYear returns the statistical year that contains day t. Year N ends the
// day before YearStart of calendar year N (so with "10-01", 01/10/2026 to
// 30/09/2027 is year 2027); a year starting "01-01" is the calendar year.
func (c Calendar) StatYear(t time.Time) int {
	t = t.In(c.Location)
	if c.YearStart.Month == time.January && c.YearStart.Day == 1 {
		return t.Year()
	}
	start := time.Date(t.Year(), c.YearStart.Month, c.YearStart.Day, 0, 0, 0, 0, c.Location)
	if !t.Before(start) {
		return t.Year() + 1
	}
	return t.Year()
}

// YearBounds returns [start, end) of statistical year n.
func (c Calendar) YearBounds(n int) (time.Time, time.Time) {
	first := n - 1
	if c.YearStart.Month == time.January && c.YearStart.Day == 1 {
		first = n
	}
	start := time.Date(first, c.YearStart.Month, c.YearStart.Day, 0, 0, 0, 0, c.Location)
	return start, start.AddDate(1, 0, 0)
}

// PeriodOf returns the period of the given kind that contains t.
func (c Calendar) PeriodOf(kind PeriodKind, t time.Time) Period {
	day := midnight(t, c.Location)
	switch kind {
	case PeriodWeek:
		// ISO week: Monday to Sunday, numbered by the year of its Thursday.
		offset := (int(day.Weekday()) + 6) % 7
		start := day.AddDate(0, 0, -offset)
		y, w := start.AddDate(0, 0, 3).ISOWeek()
		return Period{Kind: kind, Key: fmt.Sprintf("%d-W%02d", y, w), Start: start, End: start.AddDate(0, 0, 7)}
	case PeriodMonth:
		start := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, c.Location)
		return Period{Kind: kind, Key: start.Format("2006-01"), Start: start, End: start.AddDate(0, 1, 0)}
	default:
		n := c.StatYear(day)
		start, end := c.YearBounds(n)
		return Period{Kind: PeriodYear, Key: fmt.Sprint(n), Start: start, End: end}
	}
}

// Previous returns the period just before p.
func (c Calendar) Previous(p Period) Period {
	return c.PeriodOf(p.Kind, p.Start.Add(-time.Hour))
}

// neverClosesLookBack is how long after its end a period of a form that
// never closes (CloseAfter 0) stays the one in question: a Monday-morning
// digest is about the week just ended, a Tuesday one about this week.
const neverClosesLookBack = 24 * time.Hour

// InQuestion is the one rule for which period of form f a command, a
// reminder or a digest at t is about (docs/input.md, "Kỳ báo cáo"). Let cur
// be the period containing t and prev the one before it: while prev still
// takes reports — t before prev.End + f.CloseAfter, or before prev.End +
// neverClosesLookBack for a form that never closes — the period in
// question is prev; after that it is cur. A prev of the previous
// statistical year is still prev: its figures are that year's.
//
// With close_after 72h, Monday to Wednesday are about last week (still
// being reported, and the week a Monday digest sums up) and Thursday to
// Sunday about this week. Figures about the period in question are taken
// at p.AsOf(t).
func (c Calendar) InQuestion(f *Form, t time.Time) Period {
	cur := c.PeriodOf(f.Period, t)
	prev := c.Previous(cur)
	open := f.CloseAfter
	if open <= 0 {
		open = neverClosesLookBack
	}
	if t.Before(prev.End.Add(open)) {
		return prev
	}
	return cur
}

// ToReport is the period /report at t opens for someone: the period in
// question, except when that period has ended and reported says they have
// reported it already — then the current period, so an officer who
// reported last week on time starts this week's report on Monday, while
// one who has not is asked for last week's.
func (c Calendar) ToReport(f *Form, t time.Time, reported func(Period) (bool, error)) (Period, error) {
	p := c.InQuestion(f, t)
	if t.Before(p.End) {
		return p, nil
	}
	done, err := reported(p)
	if err != nil || !done {
		return p, err
	}
	return c.PeriodOf(f.Period, t), nil
}

// ToEdit lists the periods /edit at t looks in for the person's own report,
// newest first: the current period, then the one before it (which says
// when it closed if it no longer takes corrections).
func (c Calendar) ToEdit(f *Form, t time.Time) []Period {
	cur := c.PeriodOf(f.Period, t)
	return []Period{cur, c.Previous(cur)}
}

// AsOf is the instant figures about p are taken at when asked at t: t while
// p runs, else p's last instant (its last day at 23:59:59), so a report
// for the next period does not count in p's status, ranking or digest.
func (p Period) AsOf(t time.Time) time.Time {
	if t.Before(p.End) {
		return t
	}
	return p.End.Add(-time.Second)
}

// ParsePeriod turns a key back into its period.
func (c Calendar) ParsePeriod(kind PeriodKind, key string) (Period, error) {
	var y, n int
	switch kind {
	case PeriodWeek:
		var ok bool
		if y, n, ok = weekKey(key); !ok {
			_, err := fmt.Sscanf(key, "%d-W%d", &y, &n)
			ok = err == nil
		}
		if !ok || n < 1 || n > 53 {
			return Period{}, Errorf(EINVALID, "%q is not a week like 2026-W48", key)
		}
		// 4 January is always in ISO week 1.
		p := c.PeriodOf(kind, time.Date(y, time.January, 4, 12, 0, 0, 0, c.Location).AddDate(0, 0, 7*(n-1)))
		if p.Key != key {
			return Period{}, Errorf(EINVALID, "%d has no week %d", y, n)
		}
		return p, nil
	case PeriodMonth:
		t, err := time.ParseInLocation("2006-01", key, c.Location)
		if err != nil {
			return Period{}, Errorf(EINVALID, "%q is not a month like 2026-11", key)
		}
		return c.PeriodOf(kind, t), nil
	case PeriodYear:
		if _, err := fmt.Sscanf(key, "%d", &y); err != nil || y < 1900 || y > 9999 {
			return Period{}, Errorf(EINVALID, "%q is not a statistical year", key)
		}
		start, _ := c.YearBounds(y)
		return c.PeriodOf(kind, start), nil
	}
	return Period{}, Errorf(EINVALID, "unknown period kind %q", kind)
}

// weekKey reads a week key of the usual form, "2026-W48", without
// fmt.Sscanf, half the cost of ParsePeriod, which runs at every answer to
// a form; other forms are left to Sscanf (and the round trip above).
func weekKey(key string) (y, n int, ok bool) {
	if len(key) != 8 || key[4] != '-' || key[5] != 'W' {
		return 0, 0, false
	}
	for _, i := range [...]int{0, 1, 2, 3, 6, 7} {
		if key[i] < '0' || key[i] > '9' {
			return 0, 0, false
		}
	}
	d := func(i int) int { return int(key[i] - '0') }
	return d(0)*1000 + d(1)*100 + d(2)*10 + d(3), d(6)*10 + d(7), true
}
