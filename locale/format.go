package locale

import (
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// message.Printer is read-only after creation; its per-call state is pooled,
// so these are safe for concurrent use.
var numPrinters = map[Lang]*message.Printer{
	VI: message.NewPrinter(language.Vietnamese),
	EN: message.NewPrinter(language.English),
}

func numPrinter(lang Lang) *message.Printer {
	if p, ok := numPrinters[lang]; ok {
		return p
	}
	return numPrinters[VI]
}

// FormatInt formats n with thousands separators: vi "1.234.567",
// en "1,234,567".
func FormatInt(lang Lang, n int64) string {
	return numPrinter(lang).Sprint(number.Decimal(n))
}

// FormatMoney formats an amount in đồng in full: vi "1.500.000.000 đồng",
// en "1,500,000,000 VND".
func FormatMoney(lang Lang, dong int64) string {
	if lang != EN {
		lang = VI
	}
	return FormatInt(lang, dong) + currency(lang)
}

// currency is the word after an amount in đồng, with its space.
func currency(lang Lang) string {
	if lang == EN {
		return " VND"
	}
	return " đồng"
}

// maxDecimals bounds FormatDecimal's decimals.
const maxDecimals = 20

// decimalSeps holds each language's decimal separator, as x/text has it.
var decimalSeps = map[Lang]string{
	VI: decimalSep(VI),
	EN: decimalSep(EN),
}

func decimalSep(lang Lang) string {
	s := numPrinter(lang).Sprint(number.Decimal(0.5, number.Scale(1)))
	return strings.Trim(s, "05")
}

// decimalSepOf is lang's decimal separator, Vietnamese's for a language
// without one of its own.
func decimalSepOf(lang Lang) string {
	if sep, ok := decimalSeps[lang]; ok {
		return sep
	}
	return decimalSeps[VI]
}

// FormatDecimal formats f with exactly decimals digits after the separator:
// vi "83,99", en "83.99". It rounds half away from zero on the shortest
// decimal form of f (what strconv prints), so 83.985 gives "83,99" although
// the float is a hair below 83.985, and digits beyond that form are zeros.
// A result that rounds to zero has no minus sign. NaN and infinities are
// printed as x/text prints them.
func FormatDecimal(lang Lang, f float64, decimals int) string {
	decimals = max(0, min(decimals, maxDecimals))
	p := numPrinter(lang)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return p.Sprint(number.Decimal(f))
	}
	intDigits, fracDigits := roundHalfAway(math.Abs(f), decimals)
	var s string
	if n, err := strconv.ParseInt(intDigits, 10, 64); err == nil {
		s = p.Sprint(number.Decimal(n))
	} else {
		// Beyond int64. Group the shortest form's digits: x/text would
		// print the float's exact binary value, 1e23 as
		// 99.999.999.999.999.991.611.392.
		s = groupDigits(intDigits, groupSep(lang))
	}
	if decimals > 0 {
		s += decimalSepOf(lang) + fracDigits
	}
	if f < 0 && strings.Trim(intDigits+fracDigits, "0") != "" {
		s = "-" + s
	}
	return s
}

// groupSep returns lang's thousands separator, as x/text has it.
func groupSep(lang Lang) string {
	s := FormatInt(lang, 1000)
	return s[1 : len(s)-3]
}

// groupDigits puts sep between groups of three digits, from the right.
func groupDigits(digits, sep string) string {
	var b strings.Builder
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

// roundHalfAway rounds a non-negative f to decimals places, half away from
// zero, working on its shortest decimal representation. It returns the
// integer digits and exactly decimals fraction digits.
func roundHalfAway(f float64, decimals int) (intDigits, fracDigits string) {
	intDigits, frac, _ := strings.Cut(strconv.FormatFloat(f, 'f', -1, 64), ".")
	if len(frac) <= decimals {
		return intDigits, frac + strings.Repeat("0", decimals-len(frac))
	}
	digits := []byte(intDigits + frac[:decimals])
	if frac[decimals] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i >= 0 {
			digits[i]++
		} else {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits) - decimals
	return string(digits[:n]), string(digits[n:])
}

// FormatPercent formats a percentage with two decimals: vi "83,99%",
// en "83.99%".
func FormatPercent(lang Lang, f float64) string {
	return FormatDecimal(lang, f, 2) + "%"
}

// FormatDate formats t's date as dd/mm/yyyy: "28/11/2026".
func FormatDate(t time.Time) string { return t.Format("02/01/2006") }

// FormatDateTime formats t as "28/11/2026 17:05".
func FormatDateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }
