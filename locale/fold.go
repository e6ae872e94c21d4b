package locale

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces s to a form for matching names: lower case, diacritics
// removed, đ → d, whitespace trimmed and collapsed to single spaces.
// "KHU VỰC 3" gives "khu vuc 3"; "hòa" and "hoà" fold the same.
func Fold(s string) string {
	if folded, ok := foldASCII(s); ok {
		return folded
	}
	return foldUnicode(s)
}

// foldUnicode is Fold for any text.
func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// clean prepares input for parsing: NFC, zero-width characters dropped,
// trimmed, and every run of whitespace (no-break and thin spaces included)
// made one plain space.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\ufeff':
			return -1
		}
		return r
	}, norm.NFC.String(s))
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// marksOnLetters reports whether every combining mark in s (NFC) sits on a
// letter. Fold drops marks wherever they are, so parsers that fold check
// this first, lest "0\u030b" read as "0".
func marksOnLetters(s string) bool {
	letter := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			if !letter {
				return false
			}
			continue
		}
		letter = unicode.IsLetter(r)
	}
	return true
}

// foldASCII is Fold for text that is all ASCII, which most typed answers
// are ("120", "250tr", "bo qua"): such text is its own NFD and NFC and has
// no marks, so only case and spaces change, and text already folded is
// returned as it is. ok is false when s holds any other character.
func foldASCII(s string) (folded string, ok bool) {
	same := true // s is already folded: lower case, single spaces inside
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z', asciiSpace(c) && c != ' ':
			same = false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				same = false
			}
		}
	}
	if same {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case asciiSpace(c):
			space = len(b) > 0
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, c)
	}
	return string(b), true
}

// asciiSpace is unicode.IsSpace for an ASCII byte.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
