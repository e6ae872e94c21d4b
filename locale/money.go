package locale

import (
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MoneyExamples is the hint given with "report.invalid_money": how amounts
// may be written. It is the same in every language, because amounts are
// always written the Vietnamese way.
const MoneyExamples = "1,5 tỷ; 2 tỷ 300 triệu; 250tr; 800 nghìn; 1.234.567 đồng"

// maxMoneyLen bounds the input ParseMoney looks at.
const maxMoneyLen = 100

// Scale words, after Fold. "nghìn tỷ" (10¹²) is two words.
var (
	scaleWords = map[string]int64{
		"ty": 1e9, "ti": 1e9,
		"trieu": 1e6, "tr": 1e6,
		"nghin": 1e3, "ngan": 1e3, "k": 1e3,
	}
	currencyWords = map[string]bool{"dong": true, "d": true, "vnd": true}
)

// ParseMoney reads an amount of money in đồng, as Vietnamese write it:
//
//	"1.234.567", "1.234.567đ", "1234567 đồng", "1.234.567 VND"
//	"1,5 tỷ", "1,5 tỉ", "470ty", "2 tỷ 300 triệu", "250tr", "250 triệu",
//	"800 nghìn", "800 ngàn", "800k", "1.200 tỷ", "1 nghìn tỷ"
//	"1tr5" (1.500.000), "2ty3" (2.300.000.000), "1k25" (1.250)
//	"1 triệu rưỡi" (1.500.000), "2 tỷ rưỡi"
//
// Case and diacritics do not matter ("trieu", "TỶ"). Figures follow the
// ParseNumber rules; the arithmetic is exact and the result must be a whole
// number of đồng that fits in an int64. Terms must go from larger to smaller
// scales, each smaller than the one before ("2 tỷ 1.500 triệu" is refused).
// Digits glued after a scale word are its decimals ("1tr5" is 1,5 triệu),
// but a separate number after a scale word ("1 tỷ 2") is ambiguous.
//
// Errors are *ParseError: "money.hint.ambiguous" (with "input") when the
// amount could be read more than one way ("1.5", "1,052", "1 tỷ 2");
// "report.below_min" (with "min", "0") for a negative amount;
// "report.invalid_money" (with "hint", MoneyExamples) otherwise.
func ParseMoney(s string) (int64, error) {
	s = clean(s)
	input := s
	invalid := parseErr("report.invalid_money", "hint", MoneyExamples)
	if s == "" || len(s) > maxMoneyLen || !marksOnLetters(s) {
		return 0, invalid
	}
	s, neg, signed := cutSign(s)
	if signed && !neg {
		return 0, invalid
	}
	toks, ok := tokenize(Fold(s))
	if !ok {
		return 0, invalid
	}
	v, err := evalMoney(toks, input)
	if err != nil {
		return 0, err
	}
	if neg && v != 0 {
		return 0, parseErr("report.below_min", "min", "0")
	}
	return v, nil
}

// token is a run of number characters (digits, '.', ',', and single spaces
// between thousands groups) or of letters.
type token struct {
	text   string
	number bool
	spaced bool // whitespace came before it
}

// tokenize splits folded money text into number and word tokens; "₫" is
// the word "d". Numbers separated by a space are joined when the space
// groups thousands ("1 234 567"), and refused otherwise ("1 2").
func tokenize(s string) ([]token, bool) {
	var toks []token
	spaced := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			spaced = true
			i += size
			continue
		case r == '₫':
			toks = append(toks, token{text: "d", spaced: spaced})
			i += size
		case isNumChar(r):
			j := i
			for j < len(s) && isNumChar(rune(s[j])) {
				j++
			}
			t := token{text: s[i:j], number: true, spaced: spaced}
			if n := len(toks); n > 0 && spaced && toks[n-1].number {
				joined := toks[n-1].text + " " + t.text
				if _, ok := joinSpaceGroups(joined); !ok {
					return nil, false
				}
				toks[n-1].text = joined
			} else {
				toks = append(toks, t)
			}
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			toks = append(toks, token{text: s[i:j], spaced: spaced})
			i = j
		default:
			return nil, false
		}
		spaced = false
	}
	return toks, len(toks) > 0
}

func isNumChar(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == ',' }

// evalMoney computes the amount that toks denote; input is the text for
// hints.
func evalMoney(toks []token, input string) (int64, error) {
	invalid := parseErr("report.invalid_money", "hint", MoneyExamples)
	ambiguous := parseErr("money.hint.ambiguous", "input", input)
	total := new(big.Int)
	var prevScale int64 // the last scale word's value; 0 before the first
	gluedScale := false // the last scale word was glued to a whole number: "1tr"
	i := 0
	for i < len(toks) {
		num := toks[i]
		if !num.number {
			return 0, invalid
		}
		i++
		scale, currency, n := scaleAt(toks[i:])
		if n == 0 && i < len(toks) {
			return 0, invalid // a word that is neither a scale nor a currency
		}
		switch {
		case scale == 0 && prevScale == 0:
			// A plain amount in đồng: "1.234.567", "1.234.567 đồng".
			if i+n != len(toks) {
				return 0, invalid
			}
			d, ok := scanDecimal(num.text)
			if !ok {
				if strings.ContainsAny(num.text, ".,") {
					return 0, ambiguous
				}
				return 0, invalid
			}
			if d.fracDigits != "" {
				return 0, ambiguous
			}
			total.SetString(d.intDigits, 10)
			i += n
		case scale == 0:
			// A number after a scale word: "1tr5" is 1,5 triệu; "1 tỷ 2"
			// could be 1,2 tỷ or 1.000.000.002.
			if _, ok := scanDecimal(num.text); !ok {
				return 0, invalid
			}
			if !gluedScale || num.spaced || !allDigits(num.text) || len(num.text) > 3 ||
				i+n != len(toks) {
				return 0, ambiguous
			}
			v, ok := scaled(decimal{intDigits: "0", fracDigits: num.text}, prevScale)
			if !ok {
				return 0, invalid
			}
			total.Add(total, v)
			i += n
		default:
			d, ok := scanDecimal(num.text)
			if !ok {
				return 0, invalid
			}
			if prevScale != 0 && scale >= prevScale {
				return 0, invalid
			}
			v, ok := scaled(d, scale)
			if !ok {
				return 0, invalid
			}
			if prevScale != 0 && v.Cmp(big.NewInt(prevScale)) >= 0 {
				return 0, invalid // "2 tỷ 1.500 triệu"
			}
			total.Add(total, v)
			gluedScale = !toks[i].spaced && d.fracDigits == ""
			prevScale = scale
			i += n
			if !currency && i < len(toks) && toks[i].text == "ruoi" {
				// "1 triệu rưỡi": and a half.
				if d.fracDigits != "" {
					return 0, invalid
				}
				total.Add(total, big.NewInt(scale/2))
				i++
				currency = i < len(toks) && currencyWords[toks[i].text]
				if currency {
					i++
				}
				if i != len(toks) {
					return 0, invalid
				}
				continue
			}
			if currency {
				if i != len(toks) {
					return 0, invalid
				}
			} else if i < len(toks) && !toks[i].number {
				// "1,5 tỷ đồng"
				if !currencyWords[toks[i].text] || i+1 != len(toks) {
					return 0, invalid
				}
				i++
			}
		}
	}
	if !total.IsInt64() {
		return 0, invalid
	}
	return total.Int64(), nil
}

// scaleAt reads what follows a number: a scale word (with "nghìn tỷ" as one
// scale, and "trđ" as triệu đồng), or a currency word, or nothing. It
// returns the scale (0 if none), whether a currency word was part of the
// scale word, and how many tokens it used.
func scaleAt(toks []token) (scale int64, currency bool, n int) {
	if len(toks) == 0 || toks[0].number {
		return 0, false, 0
	}
	w := toks[0].text
	if w == "trd" {
		return 1e6, true, 1
	}
	if currencyWords[w] {
		return 0, true, 1
	}
	s, ok := scaleWords[w]
	if !ok {
		return 0, false, 0 // the caller rejects the word
	}
	if s == 1e3 && w != "k" && len(toks) > 1 && (toks[1].text == "ty" || toks[1].text == "ti") {
		return 1e12, false, 2
	}
	return s, false, 1
}

var ten = big.NewInt(10)

// scaled returns d × scale exactly, and false if that is not a whole number.
func scaled(d decimal, scale int64) (*big.Int, bool) {
	m, ok := new(big.Int).SetString(d.intDigits+d.fracDigits, 10)
	if !ok {
		return nil, false
	}
	m.Mul(m, big.NewInt(scale))
	div := new(big.Int).Exp(ten, big.NewInt(int64(len(d.fracDigits))), nil)
	q, r := new(big.Int).QuoRem(m, div, new(big.Int))
	if r.Sign() != 0 {
		return nil, false
	}
	return q, true
}
