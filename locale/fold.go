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
