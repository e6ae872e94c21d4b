package locale

import (
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date written day/month/year: "28/11/2026", "8/1/2027",
// "28-11-2026" or "28.11.2026" (one separator throughout, a four-digit
// year), or "hôm nay"/"today" for today's date and "hôm qua"/"yesterday" for
// the day before. The date must exist (no 31/02). The result is midnight in
// today's location. Errors are *ParseError with key "report.invalid_date".
func ParseDate(s string, today time.Time) (time.Time, error) {
	s = clean(s)
	invalid := parseErr("report.invalid_date")
	y, m, d := today.Date()
	switch Fold(s) {
	case "hom nay", "homnay", "today":
		return time.Date(y, m, d, 0, 0, 0, 0, today.Location()), nil
	case "hom qua", "homqua", "yesterday":
		return time.Date(y, m, d-1, 0, 0, 0, 0, today.Location()), nil
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
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, today.Location())
	if t.Day() != day {
		return time.Time{}, invalid // 31/02 rolls over into March
	}
	return t, nil
}
