package locale

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestFormatInt(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{1234567, "1.234.567", "1,234,567"},
		{-1234567, "-1.234.567", "-1,234,567"},
		{math.MaxInt64, "9.223.372.036.854.775.807", "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808"},
	} {
		if got := FormatInt(VI, tc.n); got != tc.vi {
			t.Errorf("FormatInt(vi, %d) = %q, want %q", tc.n, got, tc.vi)
		}
		if got := FormatInt(EN, tc.n); got != tc.en {
			t.Errorf("FormatInt(en, %d) = %q, want %q", tc.n, got, tc.en)
		}
	}
	if got := FormatInt("fr", 1234); got != "1.234" {
		t.Errorf("unknown lang: %q", got)
	}
}

func TestFormatMoney(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		vi, en string
	}{
		{1500000000, "1.500.000.000 đồng", "1,500,000,000 VND"},
		{0, "0 đồng", "0 VND"},
		{800000, "800.000 đồng", "800,000 VND"},
	} {
		if got := FormatMoney(VI, tc.n); got != tc.vi {
			t.Errorf("FormatMoney(vi, %d) = %q, want %q", tc.n, got, tc.vi)
		}
		if got := FormatMoney(EN, tc.n); got != tc.en {
			t.Errorf("FormatMoney(en, %d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		d      int
		vi, en string
	}{
		{83.99, 2, "83,99", "83.99"},
		{83.985, 2, "83,99", "83.99"}, // half away from zero, on the decimal form
		{83.984999, 2, "83,98", "83.98"},
		{-83.985, 2, "-83,99", "-83.99"},
		{0.125, 2, "0,13", "0.13"},
		{0.5, 0, "1", "1"},
		{1.5, 0, "2", "2"},
		{2.5, 0, "3", "3"},
		{-2.5, 0, "-3", "-3"},
		{-0.001, 2, "0,00", "0.00"}, // no "-0,00"
		{-0.004999, 2, "0,00", "0.00"},
		{-0.005, 2, "-0,01", "-0.01"},
		{math.Copysign(0, -1), 2, "0,00", "0.00"},
		{0, 2, "0,00", "0.00"},
		{9.995, 2, "10,00", "10.00"},
		{99.9999, 3, "100,000", "100.000"},
		{1234567.891, 2, "1.234.567,89", "1,234,567.89"},
		{1234.5, 1, "1.234,5", "1,234.5"},
		{0.39, 2, "0,39", "0.39"},
		{100.0 * 2 / 3, 2, "66,67", "66.67"},
		{1e20, 2, "100.000.000.000.000.000.000,00", "100,000,000,000,000,000,000.00"},
		{5, -1, "5", "5"},
		{1e-7, 2, "0,00", "0.00"},
		{1.2345678901234567, 20, "1,23456789012345670000", "1.23456789012345670000"},
		{1e15 + 0.1, 2, "1.000.000.000.000.000,10", "1,000,000,000,000,000.10"},
		// Beyond int64: the shortest form's digits, not the float's exact value.
		{1e23, 1, "100.000.000.000.000.000.000.000,0", "100,000,000,000,000,000,000,000.0"},
		{-1.2345e25, 0, "-12.345.000.000.000.000.000.000.000", "-12,345,000,000,000,000,000,000,000"},
		{9223372036854775807, 0, "9.223.372.036.854.776.000", "9,223,372,036,854,776,000"}, // 2⁶³ as a float, shortest form
		{1e300, 0, "1" + strings.Repeat(".000", 100), "1" + strings.Repeat(",000", 100)},
	} {
		if got := FormatDecimal(VI, tc.f, tc.d); got != tc.vi {
			t.Errorf("FormatDecimal(vi, %v, %d) = %q, want %q", tc.f, tc.d, got, tc.vi)
		}
		if got := FormatDecimal(EN, tc.f, tc.d); got != tc.en {
			t.Errorf("FormatDecimal(en, %v, %d) = %q, want %q", tc.f, tc.d, got, tc.en)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := FormatDecimal(VI, f, 2); got == "" {
			t.Errorf("FormatDecimal(%v) is empty", f)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		vi, en string
	}{
		{83.99, "83,99%", "83.99%"},
		{81.89, "81,89%", "81.89%"},
		{0.39, "0,39%", "0.39%"},
		{-0.39, "-0,39%", "-0.39%"},
		{100, "100,00%", "100.00%"},
		{51.9, "51,90%", "51.90%"},
	} {
		if got := FormatPercent(VI, tc.f); got != tc.vi {
			t.Errorf("FormatPercent(vi, %v) = %q, want %q", tc.f, got, tc.vi)
		}
		if got := FormatPercent(EN, tc.f); got != tc.en {
			t.Errorf("FormatPercent(en, %v) = %q, want %q", tc.f, got, tc.en)
		}
	}
}

func TestFormatDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	tm := time.Date(2026, 11, 28, 17, 5, 59, 0, loc)
	if got := FormatDate(tm); got != "28/11/2026" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDateTime(tm); got != "28/11/2026 17:05" {
		t.Errorf("FormatDateTime = %q", got)
	}
	if got := FormatDate(time.Date(2027, 1, 8, 0, 0, 0, 0, loc)); got != "08/01/2027" {
		t.Errorf("FormatDate = %q", got)
	}
}
