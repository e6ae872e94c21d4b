package locale

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		// Plain amounts.
		{"1.234.567", 1234567},
		{"1.234.567đ", 1234567},
		{"1.234.567 đ", 1234567},
		{"1234567 đồng", 1234567},
		{"1234567 dong", 1234567},
		{"1.234.567 VND", 1234567},
		{"1.234.567 VNĐ", 1234567},
		{"1.234.567₫", 1234567},
		{"1 234 567 đồng", 1234567},
		{"1.234", 1234}, // thousands dot
		{"0", 0},
		{"0 đồng", 0},
		{"-0", 0},
		{"9.223.372.036.854.775.807", math.MaxInt64},
		// Billions.
		{"1,5 tỷ", 1500000000},
		{"1,5 tỉ", 1500000000},
		{"1,5 ty", 1500000000},
		{"1,5 TỶ", 1500000000},
		{"1,5tỷ", 1500000000},
		{"1.5 tỷ", 1500000000}, // a single dot with one digit is a decimal point
		{"1,1 tỷ", 1100000000},
		{"0,1 tỷ", 100000000},
		{"470ty", 470000000000},
		{"470 tỷ", 470000000000},
		{"470 tỷ đồng", 470000000000},
		{"1.200 tỷ", 1200000000000},
		{"1,052 tỷ", 1052000000},
		{"1,0000001 tỷ", 1000000100}, // whole đồng, so accepted
		{"1,000000001 tỷ", 1000000001},
		{"1 nghìn tỷ", 1000000000000},
		{"2 ngàn tỷ 300 tỷ", 2300000000000},
		{"9.223.372 tỷ", 9223372000000000},
		{"9.223.372.036 tỷ 854 triệu", 9223372036854000000},
		// Millions and thousands.
		{"2 tỷ 300 triệu", 2300000000},
		{"2 tỷ 300 triệu đồng", 2300000000},
		{"2ty300tr", 2300000000},
		{"2 tỷ 300 triệu 500 nghìn", 2300500000},
		{"2 tỷ 0 triệu", 2000000000},
		{"2 tỷ 1,5 triệu", 2001500000},
		{"250tr", 250000000},
		{"250 tr", 250000000},
		{"250TR", 250000000},
		{"250 triệu", 250000000},
		{"250 trieu", 250000000},
		{"250trđ", 250000000},
		{"2,5tr", 2500000},
		{"800 nghìn", 800000},
		{"800 ngàn", 800000},
		{"800 nghin", 800000},
		{"800 ngan", 800000},
		{"800k", 800000},
		{"800K", 800000},
		{"800 nghìn đồng", 800000},
		{"5 300 triệu", 5300000000},
		// Digits glued after a scale word are its decimals.
		{"1tr5", 1500000},
		{"1tr25", 1250000},
		{"1tr250", 1250000},
		{"1tr5đ", 1500000},
		{"2ty3", 2300000000},
		{"1k5", 1500},
		{"2 tỷ 3tr5", 2003500000},
		// "rưỡi": and a half.
		{"1 triệu rưỡi", 1500000},
		{"1tr rưỡi", 1500000},
		{"2 tỷ rưỡi đồng", 2500000000},
		{"3 nghìn ruoi", 3500},
		// Decomposed Unicode, odd spaces.
		{norm.NFD.String("1,5 tỷ"), 1500000000},
		{norm.NFD.String("2 tỷ 300 triệu đồng"), 2300000000},
		{norm.NFD.String("800 nghìn"), 800000},
		{"  250\u00a0triệu ", 250000000},
	} {
		got, err := ParseMoney(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseMoneyErrors(t *testing.T) {
	const (
		ambiguous = "money.hint.ambiguous"
		invalid   = "report.invalid_money"
		negative  = "report.below_min"
	)
	for _, tc := range []struct{ in, key string }{
		{"1.5", ambiguous},
		{"1,052", ambiguous},
		{"1.52", ambiguous},
		{"1,5", ambiguous},
		{"1,0", ambiguous},
		{"1,5 đồng", ambiguous},
		{"1.5đ", ambiguous},
		{"1,234,567", ambiguous},
		{"1,234.5", ambiguous},
		{"1 tỷ 2", ambiguous},
		{"1 tỷ 200", ambiguous},
		{"1 tỷ2", ambiguous},
		{"1tỷ 2", ambiguous},
		{"2 tỷ 300 triệu 500", ambiguous},
		{"1,5tr5", ambiguous},
		{"1tr2345", ambiguous},
		{"1,000000000001 tỷ", invalid}, // not whole đồng
		{"0,5k5", ambiguous},
		{"1k0001", ambiguous},
		{"-5 triệu", negative},
		{"-1.234.567", negative},
		{"−1,5 tỷ", negative},
		{"+5 triệu", invalid},
		{"", invalid},
		{"   ", invalid},
		{"abc", invalid},
		{"đồng", invalid},
		{"triệu", invalid},
		{"5 xu", invalid},
		{"5 USD", invalid},
		{"$5", invalid},
		{"5 triệu abc", invalid},
		{"5 đồng 3", invalid},
		{"5 đồng triệu", invalid},
		{"300 triệu 2 tỷ", invalid}, // scales must go down
		{"2 triệu 3 triệu", invalid},
		{"2 tỷ 1.500 triệu", invalid}, // a term as big as the scale before
		{"2 tỷ 1000 triệu", invalid},
		{"1 2", invalid},
		{"rưỡi", invalid},
		{"5 rưỡi", invalid},
		{"1,5 triệu rưỡi", invalid},
		{"1 triệu rưỡi 500 nghìn", invalid},
		{"1 triệu rưỡi rưỡi", invalid},
		{"12 34 triệu", invalid},
		{"1,2,3 tỷ", invalid},
		{"1.23,5 tỷ", invalid},
		{"5 tỷ.", invalid},
		{"5-6 triệu", invalid},
		{"10 tỷ tỷ", invalid},
		{"1 k tỷ", invalid},
		{"9.223.372.036.854.775.808", invalid}, // overflow
		{"9.223.372.037 tỷ", invalid},
		{"9.223.372.036 tỷ 855 triệu", invalid},
		{"10 nghìn tỷ tỷ", invalid},
		{"99999999999999999999999999 tỷ", invalid},
		{"1 tỷ " + string(make([]byte, 200)), invalid},
		// Ambiguous, in any spelling.
		{"0,5", ambiguous},
		{"12,345", ambiguous},
		{"1.000,5", ambiguous},
		{"1 234,5", ambiguous},
		{"1,5 đ", ambiguous},
		{"1.5 VND", ambiguous},
		{"1,5 ĐỒNG", ambiguous},
		{norm.NFD.String("1,5 ĐỒNG"), ambiguous},
		{"1 TỶ 2", ambiguous},
		{norm.NFD.String("1 tỷ 2"), ambiguous},
		{"1 triệu 5", ambiguous},
		{"1tr 5", ambiguous},
		{"1ty 300", ambiguous},
		{"1 tỷ 2 đồng", ambiguous},
		{"1 triệu 500 đồng", ambiguous},
		{"-1.5", ambiguous}, // what it is comes before its sign
		{" 1.5\u00a0", ambiguous},
		// Invalid.
		{"--5 triệu", invalid},
		{"5 tỷ -3 triệu", invalid},
		{"5tr/tháng", invalid},
		{"~5 triệu", invalid},
		{"5 triệu.", invalid},
		{"khoảng 5 triệu", invalid},
		{"1.234.567 đồng đồng", invalid},
		{"đ 500", invalid},
		{"VND 500", invalid},
		{"1,0000001 tr", invalid}, // 1.000.000,1 đồng
		{"1k5k", invalid},
		{"1tr2tr", invalid},
		{"5 tỷ 5 tỷ", invalid},
		{"１２ triệu", invalid}, // full-width digits
		{"1e6", invalid},
		{"0\u030b", invalid}, // a combining mark on a digit
		{"5\u0301 triệu", invalid},
		{"1,\u03055 tỷ", invalid},
		{"- 5", negative},
		{"– 250tr", negative},
		{norm.NFD.String("-2 TỶ 300 TRIỆU"), negative},
	} {
		got, err := ParseMoney(tc.in)
		if err == nil {
			t.Errorf("ParseMoney(%q) = %d, want error %s", tc.in, got, tc.key)
			continue
		}
		var args []string
		switch tc.key {
		case ambiguous:
			args = []string{"input", clean(tc.in)} // as typed, tidied
		case invalid:
			args = []string{"hint", MoneyExamples}
		case negative:
			args = []string{"min", "0"}
		}
		checkParseError(t, fmt.Sprintf("ParseMoney(%q)", tc.in), err, tc.key, args...)
	}
}

// The ways of writing amounts that people use, each in composed and
// decomposed Unicode, and in upper case.
func TestParseMoneyForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"1,5 tỷ", 1_500_000_000},
		{"1,5 tỉ", 1_500_000_000},
		{"2 tỷ 300 triệu", 2_300_000_000},
		{"250tr", 250_000_000},
		{"250 triệu", 250_000_000},
		{"800 nghìn", 800_000},
		{"800 ngàn", 800_000},
		{"800k", 800_000},
		{"1.234.567", 1_234_567},
		{"1.234.567đ", 1_234_567},
		{"1234567 đồng", 1_234_567},
		{"1.234.567 VND", 1_234_567},
		{"470ty", 470_000_000_000},
	} {
		for _, in := range []string{
			tc.in,
			norm.NFD.String(tc.in),
			strings.ToUpper(tc.in),
			norm.NFD.String(strings.ToUpper(tc.in)),
			strings.ToUpper(norm.NFD.String(tc.in)),
			" " + strings.ReplaceAll(tc.in, " ", "\u00a0") + "\u200b",
		} {
			if got, err := ParseMoney(in); err != nil || got != tc.want {
				t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, tc.want)
			}
		}
	}
}

func TestParseMoneyErrorArgs(t *testing.T) {
	_, err := ParseMoney(" 1.5 ")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Key != "money.hint.ambiguous" || len(pe.Args) != 2 ||
		pe.Args[0] != "input" || pe.Args[1] != "1.5" {
		t.Fatalf("ParseMoney(1.5) error = %#v", err)
	}
	want := "Chưa rõ “1.5” là bao nhiêu tiền."
	if got := New(VI).T(pe.Key, pe.Args...); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("rendered %q", got)
	}
	_, err = ParseMoney("abc")
	if !errors.As(err, &pe) || New(EN).T(pe.Key, pe.Args...) !=
		"I could not read that amount. You can write, for example: "+MoneyExamples+"." {
		t.Errorf("ParseMoney(abc) error = %#v", err)
	}
	if err.Error() == "" {
		t.Error("empty Error()")
	}
}

// Every example in MoneyExamples parses.
func TestMoneyExamples(t *testing.T) {
	for _, ex := range []string{"1,5 tỷ", "2 tỷ 300 triệu", "250tr", "800 nghìn", "1.234.567 đồng"} {
		if _, err := ParseMoney(ex); err != nil {
			t.Errorf("example %q: %v", ex, err)
		}
	}
}

func TestParseMoneyRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 1, 999, 1000, 1500000000, 1234567, math.MaxInt64} {
		s := FormatMoney(VI, n)
		if got, err := ParseMoney(s); err != nil || got != n {
			t.Errorf("ParseMoney(FormatMoney(%d) = %q) = %d, %v", n, s, got, err)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"1,5 tỷ", "1,5 tỉ", "2 tỷ 300 triệu", "250tr", "250 triệu", "800 nghìn", "800 ngàn",
		"800k", "1.234.567", "1.234.567đ", "1234567 đồng", "1.234.567 VND", "470ty", "470 tỷ",
		"1 tỷ 2", "1tr5", "1.5", "1,052", "1.52", "1 nghìn tỷ", "250trđ", "-5 triệu",
		"1 234 567", "1 triệu rưỡi", "9.223.372.036.854.775.807", norm.NFD.String("1,5 tỷ"), "₫", "1,,5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseMoney(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseMoney(%q): error %v is not a *ParseError", s, err)
			}
			var want []string
			switch pe.Key {
			case "money.hint.ambiguous":
				want = []string{"input", clean(s)}
			case "report.invalid_money":
				want = []string{"hint", MoneyExamples}
			case "report.below_min":
				want = []string{"min", "0"}
			default:
				t.Fatalf("ParseMoney(%q): key %s", s, pe.Key)
			}
			if !slices.Equal(pe.Args, want) {
				t.Fatalf("ParseMoney(%q): %s args %q, want %q", s, pe.Key, pe.Args, want)
			}
			return
		}
		if v < 0 {
			t.Fatalf("ParseMoney(%q) = %d < 0", s, v)
		}
		formatted := FormatMoney(VI, v)
		again, err := ParseMoney(formatted)
		if err != nil || again != v {
			t.Fatalf("ParseMoney(%q) = %d; formatted %q parses to %d, %v", s, v, formatted, again, err)
		}
		// Case and Unicode normalization do not matter. (Only Latin letters
		// change case: U+0345, a combining mark, upper-cases to a Greek
		// letter.)
		latinUpper := strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Latin, r) {
				return unicode.ToUpper(r)
			}
			return r
		}, s)
		for _, variant := range []string{norm.NFD.String(s), latinUpper, strings.ToLower(s)} {
			if again, err := ParseMoney(variant); err != nil || again != v {
				t.Fatalf("ParseMoney(%q) = %d, but ParseMoney(%q) = %d, %v", s, v, variant, again, err)
			}
		}
	})
}
