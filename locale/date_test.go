package locale

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has

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
		{"29/02/2000", day(2000, 2, 29)}, // divisible by 400: a leap year
		{"31/12/2026", day(2026, 12, 31)},
		{"1/1/2026", day(2026, 1, 1)},
		{"\u200b28/11/2026\u00a0", day(2026, 11, 28)},
		{"hôm nay", day(2026, 11, 28)},
		{"Hôm nay", day(2026, 11, 28)},
		{norm.NFD.String("hôm nay"), day(2026, 11, 28)},
		{norm.NFD.String("HÔM NAY"), day(2026, 11, 28)},
		{"hom nay", day(2026, 11, 28)},
		{"homnay", day(2026, 11, 28)},
		{"HOM  NAY", day(2026, 11, 28)},
		{"today", day(2026, 11, 28)},
		{"Today", day(2026, 11, 28)},
		{"hôm qua", day(2026, 11, 27)},
		{"Hôm Qua", day(2026, 11, 27)},
		{"yesterday", day(2026, 11, 27)},
	} {
		got, err := ParseDate(tc.in, today)
		if err != nil || !got.Equal(tc.want) || got.Location() != loc {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	// "hôm qua" crosses month and year ends.
	newYear := time.Date(2027, 1, 1, 0, 30, 0, 0, loc)
	if got, err := ParseDate("hôm qua", newYear); err != nil || !got.Equal(day(2026, 12, 31)) {
		t.Errorf("ParseDate(hôm qua) on 1/1/2027 = %v, %v", got, err)
	}
	leap := time.Date(2028, 3, 1, 8, 0, 0, 0, loc)
	if got, err := ParseDate("yesterday", leap); err != nil || !got.Equal(day(2028, 2, 29)) {
		t.Errorf("ParseDate(yesterday) on 1/3/2028 = %v, %v", got, err)
	}
	for _, in := range []string{
		"", "31/02/2026", "29/02/2027", "30/02/2028", "32/01/2026", "0/1/2026", "1/0/2026",
		"1/13/2026", "28/11/26", "28/11", "28/11-2026", "28//11/2026",
		"28/11/2026 17:05", "ngày mai", "abc", "a/b/cccc", "028/11/2026", "28/011/2026",
		"28/11/02026", "-1/11/2026", "1/1/0000", "28 11 2026",
		// Only day/month/year: ISO dates are refused rather than guessed at,
		// as are other orders, since the message asks for day/month/year.
		"2026-11-28", "2026/11/28", "11/28/2026",
		"00/01/2026", "31/04/2026", "31/06/2026", "31/09/2026", "31/11/2026",
		"29/02/2100", // not a leap year
		"1/1/10000", "28/11/-2026", "+1/11/2026", "28/+1/2026", " /11/2026", "28/ /2026",
		"28 / 11 / 2026", "28/11/2026.", "28/11/2026/", "/28/11/2026", "28\\11\\2026", "28,11,2026",
		"28/11/２０２６", "٢٨/١١/٢٠٢٦", "28/11/2O26", "28/XI/2026", "28 tháng 11 năm 2026",
		"mai", "Mai", "tomorrow", "hôm kia", "hôm nay rồi", "nay", "hôm", "hôm nay.", "bây giờ", "now",
	} {
		got, err := ParseDate(in, today)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", in, got)
			continue
		}
		checkParseError(t, fmt.Sprintf("ParseDate(%q)", in), err, "report.invalid_date")
	}
}

// Where daylight saving time skips midnight, the day starts when the
// clocks jump, and is still the day asked for.
func TestParseDateDST(t *testing.T) {
	sp, err := time.LoadLocation("America/Sao_Paulo") // 4/11/2018 began at 01:00
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC) // 01:00 -02
	for _, tc := range []struct {
		in    string
		today time.Time
	}{
		{"04/11/2018", time.Date(2026, 11, 28, 12, 0, 0, 0, sp)},
		{"4-11-2018", time.Date(2026, 11, 28, 12, 0, 0, 0, sp)},
		{"hôm nay", time.Date(2018, 11, 4, 12, 0, 0, 0, sp)},
		{"hôm qua", time.Date(2018, 11, 5, 0, 0, 0, 0, sp)},
	} {
		got, err := ParseDate(tc.in, tc.today)
		if err != nil || !got.Equal(start) || got.Location() != sp || FormatDate(got) != "04/11/2018" {
			t.Errorf("ParseDate(%q, %v) = %v, %v; want %v", tc.in, tc.today, got, err, start.In(sp))
		}
	}
	// Samoa skipped 30/12/2011 altogether.
	apia, err := time.LoadLocation("Pacific/Apia")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 11, 28, 12, 0, 0, 0, apia)
	_, err = ParseDate("30/12/2011", today)
	checkParseError(t, "ParseDate(30/12/2011, Apia)", err, "report.invalid_date")
	for _, in := range []string{"29/12/2011", "31/12/2011"} {
		if got, err := ParseDate(in, today); err != nil || FormatDate(got) != in {
			t.Errorf("ParseDate(%q, Apia) = %v, %v", in, got, err)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"28/11/2026", "8/1/2027", "28-11-2026", "28.11.2026", "29/02/2028", "29/02/2027",
		"31/02/2026", "00/01/2026", "1/13/2026", "01/01/0001", "31/12/9999", "2026-11-28",
		"hôm nay", norm.NFD.String("Hôm qua"), "mai", "28/11/2026 17:05", "28/11-2026",
		"04/11/2018", "15.10.1995", "30/12/2011",
	} {
		f.Add(s)
	}
	// Zones with daylight saving time, where some days have no midnight
	// and Samoa skipped a day, as well as Vietnam's.
	zones := []*time.Location{time.FixedZone("ICT", 7*3600), time.UTC}
	for _, name := range []string{"America/Sao_Paulo", "Pacific/Apia", "America/Havana"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, loc)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range zones {
			today := time.Date(2026, 11, 28, 17, 5, 0, 0, loc)
			d, err := ParseDate(s, today)
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Key != "report.invalid_date" || len(pe.Args) != 0 {
					t.Fatalf("ParseDate(%q): error %#v", s, err)
				}
				continue
			}
			if d.Location() != loc || d.Year() < 1 || d.Year() > 9999 {
				t.Fatalf("ParseDate(%q) = %v", s, d)
			}
			if y, m, dd := d.Date(); d.After(time.Date(y, m, dd, 1, 0, 0, 0, loc)) {
				t.Fatalf("ParseDate(%q) = %v, not the start of the day", s, d)
			}
			formatted := FormatDate(d)
			again, err := ParseDate(formatted, today)
			if err != nil || !again.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v; formatted %q parses to %v, %v", s, d, formatted, again, err)
			}
			if strings.ContainsAny(s, "/-.") && !strings.Contains(Fold(s), "hom") && FormatDate(d) != normDate(s) {
				t.Fatalf("ParseDate(%q) = %v, formatted %q", s, d, formatted)
			}
		}
	})
}

// normDate rewrites a day/month/year date as FormatDate writes it: two-digit
// day and month, "/" between.
func normDate(s string) string {
	s = clean(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	for i := range 2 {
		if len(parts[i]) == 1 {
			parts[i] = "0" + parts[i]
		}
	}
	return strings.Join(parts, "/")
}
