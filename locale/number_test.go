package locale

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"7581", 7581},
		{"7.581", 7581},
		{"7 581", 7581},
		{"7\u00a0581", 7581}, // no-break space
		{"7\u202f581", 7581}, // narrow no-break space
		{" 1.234.567 ", 1234567},
		{"1 234 567", 1234567},
		{"0", 0},
		{"-0", 0},
		{"007", 7},
		{"1.000", 1000},
		{"9.223.372.036.854.775.807", math.MaxInt64},
		{"\u200b42", 42}, // zero-width space from copy and paste
	} {
		got, err := ParseCount(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, key string }{
		{"7,581", "report.invalid_count"}, // a decimal in Vietnamese
		{"7,5", "report.invalid_count"},
		{"7.58", "report.invalid_count"},
		{"7.5", "report.invalid_count"},
		{"1.2345", "report.invalid_count"},
		{"1.23.456", "report.invalid_count"},
		{"1.234.56", "report.invalid_count"},
		{"1234.567", "report.invalid_count"},
		{"0.123", "report.invalid_count"},
		{".5", "report.invalid_count"},
		{"5.", "report.invalid_count"},
		{"1,234,567", "report.invalid_count"},
		{"12 34", "report.invalid_count"},
		{"1 2", "report.invalid_count"},
		{"1234 567", "report.invalid_count"},
		{"-5", "report.below_min"},
		{"− 5", "report.below_min"},
		{"+5", "report.invalid_count"},
		{"", "report.invalid_count"},
		{" ", "report.invalid_count"},
		{"abc", "report.invalid_count"},
		{"12a", "report.invalid_count"},
		{"mười", "report.invalid_count"},
		{"١٢", "report.invalid_count"}, // Arabic-Indic digits
		{"9.223.372.036.854.775.808", "report.invalid_count"},
		{"99999999999999999999999", "report.invalid_count"},
		{"5%", "report.invalid_count"},
		{"7 581,0", "report.invalid_count"}, // a whole number, but written as a decimal
		{"1.234.567,0", "report.invalid_count"},
		{"7.581 người", "report.invalid_count"},
		{"１２", "report.invalid_count"}, // full-width digits
		{"1e3", "report.invalid_count"},
		{"0x10", "report.invalid_count"},
		{"--5", "report.invalid_count"},
		{"-+5", "report.invalid_count"},
		{"5-", "report.invalid_count"},
		{"-", "report.invalid_count"},
		{"-abc", "report.invalid_count"}, // not a number first, so not "below min"
		{"-5,5", "report.invalid_count"},
		{"—5", "report.invalid_count"}, // an em dash is not a minus sign
		{"-1.234", "report.below_min"},
		{"– 7 581", "report.below_min"}, // en dash
		{"-9.223.372.036.854.775.808", "report.below_min"},
		{"1/2", "report.invalid_count"},
		{"7.581.", "report.invalid_count"},
		{"7..581", "report.invalid_count"},
		{"01.234", "report.invalid_count"},
		{strings.Repeat("1", maxNumberLen+1), "report.invalid_count"},
		{"-" + strings.Repeat("1", maxNumberLen), "report.invalid_count"}, // too long first
	} {
		got, err := ParseCount(tc.in)
		var args []string
		if tc.key == "report.below_min" {
			args = []string{"min", "0"}
		}
		if err == nil {
			t.Errorf("ParseCount(%q) = %d, want error %s", tc.in, got, tc.key)
			continue
		}
		checkParseError(t, fmt.Sprintf("ParseCount(%q)", tc.in), err, tc.key, args...)
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"1.234,5", 1234.5},
		{"12,5", 12.5},
		{"12.5", 12.5},   // one or two digits after a single dot: decimal
		{"12.55", 12.55}, //
		{"1.234", 1234},  // three digits after a single dot: thousands
		{"1.234.567", 1234567},
		{"1.234.567,89", 1234567.89},
		{"0.123", 0.123}, // "0" cannot lead a thousands group
		{"1.2345", 1.2345},
		{"1234.567", 1234.567}, // "1234" cannot lead a thousands group
		{"83,99%", 83.99},
		{"83,99 %", 83.99},
		{"83.99%", 83.99},
		{"100%", 100},
		{"0,39", 0.39},
		{"-0,39", -0.39},
		{"−12,5", -12.5},
		{"+12,5", 12.5},
		{"-0", 0},
		{"7 581,25", 7581.25},
		{"42", 42},
		{"007,50", 7.5},
		// Percent-style input: one trailing "%", spaces allowed before it.
		{"0%", 0},
		{"0,5%", 0.5},
		{"-5%", -5},
		{"− 5 %", -5},
		{"100,00%", 100},
		{"1.234,5%", 1234.5},
		{"\u00a083,99\u00a0%", 83.99},
		{"12.5%", 12.5},
	} {
		got, err := ParseNumber(tc.in)
		if err != nil || got != tc.want || math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{
		"", "%", "abc", "1,2,3", "1,234,567", "1,234.5", "1.23,5", "12,", ",5", ".5", "5.",
		"1..2", "1.2.3", "1 234.5", "12 3", "83,99%%", "%83", "1e5", "0x10", "NaN", "Inf",
		"--5", "5-", "1/2", "12 triệu",
		"+-5", "-+5", "+", "-", "—5", "１２,５", "١٢", "1_000", "1'000", "1.234.567.89",
		"5.000,", "1 2,5", "0,5 0", strings.Repeat("1", maxNumberLen+1),
		"1," + strings.Repeat("0", maxNumberLen), "khoảng 5", "5 người", "∞",
		// Percent-style input.
		"-%", "+%", " % ", "5%%", "5 % %", "%5", "%-5", "5%5", "5‰", "5 phần trăm", "5 pc",
		"5%.", "83,99%,", "83,9,9%", "1,234.5%", "83 99%", "5٪", "5﹪", "5％", "(5%)",
	} {
		got, err := ParseNumber(in)
		if err == nil {
			t.Errorf("ParseNumber(%q) = %v, want error", in, got)
			continue
		}
		checkParseError(t, fmt.Sprintf("ParseNumber(%q)", in), err, "report.invalid_number")
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"1.234,5", "12,5", "12.5", "12.55", "1.234", "0.123", "1.2345", "1234.567", "83,99%",
		"83,99 %", "-0,39", "−12,5", "+12,5", "-0", "7 581,25", "007,50", "1,234,567", "1.23,5",
		"9.223.372.036.854.775.807", "9.223.372.036.854.775.808", "0,1", "0,30000000000000004",
		"1,00000000000000000001", strings.Repeat("9", maxNumberLen), "\u00a05\u202f%", "%",
		norm.NFD.String("− 5 %"), "\u200b42",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Key != "report.invalid_number" || len(pe.Args) != 0 {
				t.Fatalf("ParseNumber(%q): error %#v", s, err)
			}
		} else {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseNumber(%q) = %v", s, v)
			}
			checkNumberRoundTrip(t, s, v)
		}

		// ParseCount reads a subset of what ParseNumber reads, to the same value.
		n, cerr := ParseCount(s)
		if cerr != nil {
			var pe *ParseError
			switch {
			case !errors.As(cerr, &pe):
				t.Fatalf("ParseCount(%q): error %v is not a *ParseError", s, cerr)
			case pe.Key == "report.below_min":
				if len(pe.Args) != 2 || pe.Args[0] != "min" || pe.Args[1] != "0" {
					t.Fatalf("ParseCount(%q): args %q", s, pe.Args)
				}
				if err != nil || v >= 0 {
					t.Fatalf("ParseCount(%q) is below min, ParseNumber gives %v, %v", s, v, err)
				}
			case pe.Key != "report.invalid_count" || len(pe.Args) != 0:
				t.Fatalf("ParseCount(%q): error %#v", s, cerr)
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseCount(%q) = %d < 0", s, n)
		}
		if err != nil || float64(n) != v {
			t.Fatalf("ParseCount(%q) = %d, but ParseNumber gives %v, %v", s, n, v, err)
		}
		formatted := FormatInt(VI, n)
		if again, err := ParseCount(formatted); err != nil || again != n {
			t.Fatalf("ParseCount(%q) = %d; formatted %q parses to %d, %v", s, n, formatted, again, err)
		}
	})
}

// checkNumberRoundTrip checks that v, read from s, formatted with as many
// decimals as it has and parsed again, gives v; also with a "%" after it.
func checkNumberRoundTrip(t *testing.T, s string, v float64) {
	t.Helper()
	_, frac, _ := strings.Cut(strconv.FormatFloat(v, 'f', -1, 64), ".")
	if len(frac) > maxDecimals {
		return // FormatDecimal cannot write it exactly
	}
	formatted := FormatDecimal(VI, v, len(frac))
	for _, in := range []string{formatted, formatted + "%"} {
		again, err := ParseNumber(in)
		if err != nil && len(in) > maxNumberLen {
			// Past the parser's input bound (more than 40-odd integer
			// digits), where refusing is right.
			continue
		}
		if err != nil || again != v {
			t.Fatalf("ParseNumber(%q) = %v; formatted %q parses to %v, %v", s, v, in, again, err)
		}
	}
}
