package locale

import (
	"math"
	"strings"
)

// moneyScales are the units an amount is read in, largest first.
var moneyScales = []struct {
	size   float64
	vi, en string
}{
	{1e9, "tỷ", "billion"},
	{1e6, "triệu", "million"},
}

// FormatMoneyRounded writes an amount in đồng for reading at a glance, in
// tỷ or triệu with three significant digits (all of the tỷ when there are
// more) and no trailing zeros: vi "1.364 tỷ đồng", "2,5 tỷ đồng",
// "850 triệu đồng"; en "1,364 billion VND". Amounts under a million are
// written in full. Status and digests use it; a confirmation, a summary or
// an export, where a typo must show, uses FormatMoney.
func FormatMoneyRounded(lang Lang, dong int64) string {
	abs := math.Abs(float64(dong))
	for i, s := range moneyScales {
		if abs < s.size {
			continue
		}
		v := abs / s.size
		decimals := 0
		switch {
		case v < 10:
			decimals = 2
		case v < 100:
			decimals = 1
		}
		text := trimZeros(lang, FormatDecimal(lang, v, decimals))
		// 999,6 triệu rounds to 1.000 triệu: that is 1 tỷ.
		if i > 0 && strings.Trim(text, "0") == "1"+groupSep(lang) {
			text, s = "1", moneyScales[i-1]
		}
		word := s.vi
		if lang == EN {
			word = s.en
		}
		if dong < 0 {
			text = "-" + text
		}
		return text + " " + word + currency(lang)
	}
	return FormatMoney(lang, dong)
}

// trimZeros drops the trailing zeros of a formatted decimal, and the
// separator if nothing is left after it.
func trimZeros(lang Lang, s string) string {
	sep := decimalSepOf(lang)
	if !strings.Contains(s, sep) {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, sep)
}
