package locale

import (
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date written day/month/year: "28/11/2026", "8/1/2027",
// "28-11-2026" or "28.11.2026" (one separator throughout, a four-digit
// year), or "hôm nay"/"today" for today's date and "hôm qua"/"yesterday" for
// the day before. Year first ("2026-11-28") and month first are refused
// rather than guessed at. The date must exist (no 31/02). The result is the
// start of the day (midnight, or later when daylight saving time skips
// midnight) in today's location. Errors are *ParseError with key
// "report.invalid_date".
func ParseDate(s string, today time.Time) (time.Time, error) {
	s = clean(s)
	invalid := parseErr("report.invalid_date")
	loc := today.Location()
	y, m, d := today.Date()
	switch Fold(s) {
	case "hom nay", "homnay", "today":
		return startOfDay(y, m, d, loc), nil
	case "hom qua", "homqua", "yesterday":
		y, m, d = time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC).Date()
		return startOfDay(y, m, d, loc), nil
	}
	i := strings.IndexAny(s, "/-.")
	if i < 0 {
		return time.Time{}, invalid
	}
	parts := strings.Split(s, s[i:i+1])
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return time.Time{}, invalid
	}
	var n [3]int
	for k, p := range parts {
		if !allDigits(p) {
			return time.Time{}, invalid
		}
		n[k], _ = strconv.Atoi(p)
	}
	day, month, year := n[0], n[1], n[2]
	if year < 1 || month < 1 || month > 12 || day < 1 {
		return time.Time{}, invalid
	}
	if time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Day() != day {
		return time.Time{}, invalid // 31/02 rolls over into March
	}
	t := startOfDay(year, time.Month(month), day, loc)
	if y, m, d := t.Date(); y != year || int(m) != month || d != day {
		return time.Time{}, invalid // a day the zone skipped (Samoa, 30/12/2011)
	}
	return t, nil
}

// startOfDay returns the first instant of the day in loc: midnight, or
// when daylight saving time skips midnight (America/Sao_Paulo, 4/11/2018),
// the moment the clocks jump. time.Date alone may then give 23:00 the day
// before.
func startOfDay(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != d {
		if _, end := t.ZoneBounds(); !end.IsZero() {
			t = end
		}
	}
	return t
}
