package locale

import (
	"math"
	"testing"
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
	} {
		got, err := ParseCount(tc.in)
		if err == nil {
			t.Errorf("ParseCount(%q) = %d, want error %s", tc.in, got, tc.key)
			continue
		}
		if key := errKey(t, err); key != tc.key {
			t.Errorf("ParseCount(%q): key %s, want %s", tc.in, key, tc.key)
		}
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
	} {
		got, err := ParseNumber(in)
		if err == nil {
			t.Errorf("ParseNumber(%q) = %v, want error", in, got)
			continue
		}
		if key := errKey(t, err); key != "report.invalid_number" {
			t.Errorf("ParseNumber(%q): key %s", in, key)
		}
	}
}
