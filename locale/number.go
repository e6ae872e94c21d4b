package locale

import (
	"strconv"
	"strings"
)

// How numbers are read (ParseCount, ParseNumber, and the figures inside
// ParseMoney), the Vietnamese way:
//
//   - A comma is the decimal separator: "12,5", "1.234,5". At most one comma.
//   - Dots group thousands: "1.234.567". Groups must be well formed: a first
//     group of 1–3 digits not starting with 0, then groups of exactly 3.
//   - A single dot that does not form a valid group is a decimal point, as
//     people type on phones and in English: "12.5" and "12.55" are 12,5 and
//     12,55; "0.123" is 0,123; "1.2345" is 1,2345. A single dot followed by
//     exactly three digits is a thousands separator: "1.234" is 1234.
//   - Spaces may group thousands too ("7 581", "1 234,5"), but only between
//     well-formed groups of digits.
//   - A comma before a dot ("1,234.5") or several commas ("1,234,567") is the
//     English convention and is rejected rather than guessed.

// decimal is a non-negative number read from text: integer and fraction
// digits (ASCII, fraction empty for integers) and the decimal separator used
// (',' or '.', 0 for none).
type decimal struct {
	intDigits  string
	fracDigits string
	sep        byte
}

// scanDecimal reads an unsigned number made of digits, dots, commas and
// single spaces between thousands groups.
func scanDecimal(s string) (decimal, bool) {
	s, ok := joinSpaceGroups(s)
	if !ok {
		return decimal{}, false
	}
	if left, right, found := strings.Cut(s, ","); found {
		if !allDigits(right) {
			return decimal{}, false
		}
		switch {
		case allDigits(left):
		case groupedDigits(left):
			left = strings.ReplaceAll(left, ".", "")
		default:
			return decimal{}, false
		}
		return decimal{intDigits: left, fracDigits: right, sep: ','}, true
	}
	switch strings.Count(s, ".") {
	case 0:
		if !allDigits(s) {
			return decimal{}, false
		}
		return decimal{intDigits: s}, true
	case 1:
		if groupedDigits(s) {
			return decimal{intDigits: strings.ReplaceAll(s, ".", "")}, true
		}
		left, right, _ := strings.Cut(s, ".")
		if !allDigits(left) || !allDigits(right) {
			return decimal{}, false
		}
		return decimal{intDigits: left, fracDigits: right, sep: '.'}, true
	default:
		if !groupedDigits(s) {
			return decimal{}, false
		}
		return decimal{intDigits: strings.ReplaceAll(s, ".", "")}, true
	}
}

// joinSpaceGroups removes spaces that group thousands: "1 234 567,5" gives
// "1234567,5". A string without spaces is returned as is; spaces anywhere
// else make it invalid.
func joinSpaceGroups(s string) (string, bool) {
	if !strings.Contains(s, " ") {
		return s, true
	}
	groups := strings.Split(s, " ")
	last := len(groups) - 1
	tail := ""
	if head, frac, found := strings.Cut(groups[last], ","); found {
		groups[last], tail = head, ","+frac
	}
	for i, g := range groups {
		if !allDigits(g) || (i == 0 && (len(g) > 3 || g[0] == '0')) || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return strings.Join(groups, "") + tail, true
}

// groupedDigits reports whether s is digits grouped by dots in thousands,
// with at least one dot: "1.234", "12.345.678".
func groupedDigits(s string) bool {
	groups := strings.Split(s, ".")
	if len(groups) < 2 {
		return false
	}
	for i, g := range groups {
		if !allDigits(g) || (i == 0 && (len(g) > 3 || g[0] == '0')) || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cutSign removes a leading sign ("-", "−" or "+") and reports whether the
// number is negative.
func cutSign(s string) (rest string, neg, signed bool) {
	for _, m := range []string{"-", "−", "–"} {
		if r, ok := strings.CutPrefix(s, m); ok {
			return strings.TrimLeft(r, " "), true, true
		}
	}
	if r, ok := strings.CutPrefix(s, "+"); ok {
		return strings.TrimLeft(r, " "), false, true
	}
	return s, false, false
}

// maxNumberLen bounds the input the number parsers look at.
const maxNumberLen = 64

// ParseCount reads a non-negative whole number: "7581", "7.581", "7 581".
// "7,581" is a decimal in Vietnamese and so not a count. Errors are
// *ParseError: "report.below_min" (with "min", "0") for a negative number,
// "report.invalid_count" otherwise.
func ParseCount(s string) (int64, error) {
	s = clean(s)
	if len(s) > maxNumberLen {
		return 0, parseErr("report.invalid_count")
	}
	s, neg, signed := cutSign(s)
	d, ok := scanDecimal(s)
	switch {
	case !ok || d.sep != 0 || (signed && !neg):
		return 0, parseErr("report.invalid_count")
	case neg && strings.Trim(d.intDigits, "0") != "":
		return 0, parseErr("report.below_min", "min", "0")
	}
	n, err := strconv.ParseInt(d.intDigits, 10, 64)
	if err != nil {
		return 0, parseErr("report.invalid_count")
	}
	return n, nil
}

// ParseNumber reads a decimal number the Vietnamese way (see the rules at
// the top of this file): "1.234,5" is 1234.5, "12,5" and "12.5" are 12.5,
// "1.234" is 1234. It may have a sign and, for percentages, a trailing "%":
// "83,99%" gives 83.99. Errors are *ParseError with key
// "report.invalid_number".
func ParseNumber(s string) (float64, error) {
	s = clean(s)
	if len(s) > maxNumberLen {
		return 0, parseErr("report.invalid_number")
	}
	if r, ok := strings.CutSuffix(s, "%"); ok {
		s = strings.TrimRight(r, " ")
	}
	s, neg, _ := cutSign(s)
	d, ok := scanDecimal(s)
	if !ok {
		return 0, parseErr("report.invalid_number")
	}
	lit := d.intDigits
	if d.fracDigits != "" {
		lit += "." + d.fracDigits
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return 0, parseErr("report.invalid_number")
	}
	if neg && f != 0 {
		f = -f
	}
	return f, nil
}

// FromEnglish rewrites the figures of text written the English way
// ("7,581", "1,234.5", "1.5 tỷ") the Vietnamese way ("7.581", "1.234,5",
// "1,5 tỷ") by swapping dots and commas, so that the parsers above read
// what an English-speaking person types just as they read what the bot
// shows them in English. Everything else is kept.
func FromEnglish(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, s)
}
