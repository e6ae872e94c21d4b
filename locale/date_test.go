package locale

import (
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestParseDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	today := time.Date(2026, 11, 28, 17, 5, 0, 0, loc)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"28/11/2026", day(2026, 11, 28)},
		{"8/1/2027", day(2027, 1, 8)},
		{"08/01/2027", day(2027, 1, 8)},
		{"28-11-2026", day(2026, 11, 28)},
		{"28.11.2026", day(2026, 11, 28)},
		{" 29/02/2028 ", day(2028, 2, 29)},
		{"31/12/2026", day(2026, 12, 31)},
		{"hôm nay", day(2026, 11, 28)},
		{"Hôm nay", day(2026, 11, 28)},
		{norm.NFD.String("hôm nay"), day(2026, 11, 28)},
		{"hom nay", day(2026, 11, 28)},
		{"HOM  NAY", day(2026, 11, 28)},
		{"today", day(2026, 11, 28)},
		{"Today", day(2026, 11, 28)},
		{"hôm qua", day(2026, 11, 27)},
		{"yesterday", day(2026, 11, 27)},
	} {
		got, err := ParseDate(tc.in, today)
		if err != nil || !got.Equal(tc.want) || got.Location() != loc {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{
		"", "31/02/2026", "29/02/2027", "30/02/2028", "32/01/2026", "0/1/2026", "1/0/2026",
		"1/13/2026", "28/11/26", "28/11", "2026-11-28", "28/11-2026", "28//11/2026",
		"28/11/2026 17:05", "ngày mai", "abc", "a/b/cccc", "028/11/2026", "28/011/2026",
		"28/11/02026", "-1/11/2026", "1/1/0000", "28 11 2026",
	} {
		got, err := ParseDate(in, today)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", in, got)
			continue
		}
		if key := errKey(t, err); key != "report.invalid_date" {
			t.Errorf("ParseDate(%q): key %s", in, key)
		}
	}
}
