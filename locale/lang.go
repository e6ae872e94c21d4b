// Package locale holds what depends on the person's language: the message
// catalogs, and Vietnamese number, money and date formatting and parsing.
//
// Messages are plain text with named placeholders ("{name}"); they contain no
// HTML markup, so Printer.T suits text-only channels and Printer.HTML (which
// escapes the substituted values) suits Telegram's HTML parse mode.
//
// Input is read the Vietnamese way whatever the person's language: a comma
// is the decimal separator and a dot groups thousands ("1.234,5"). Parse
// errors are *ParseError values that name a catalog key, so the edge can
// explain the problem in the person's language.
package locale

import (
	"fmt"
	"strings"
)

// Lang is a user-interface language.
type Lang string

// The supported languages. Vietnamese is the default.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang reads a language name from configuration: "vi" or "en",
// case-insensitive, optionally with a region ("vi-VN", "en_US").
func ParseLang(s string) (Lang, error) {
	base := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	switch Lang(base) {
	case VI:
		return VI, nil
	case EN:
		return EN, nil
	}
	return "", fmt.Errorf("locale: unknown language %q (want \"vi\" or \"en\")", s)
}

// Or is the language a code names ("vi", "en"), or def if it names none
// (empty, or a language this version does not know): a person's chosen
// language over the bot's default.
func Or(code string, def Lang) Lang {
	if code == "" {
		return def
	}
	if l, err := ParseLang(code); err == nil {
		return l
	}
	return def
}

// FromTelegram maps a Telegram user's language_code ("vi", "en-US", …) to a
// Lang: codes starting with "en" give EN; anything else, including an empty
// code, gives VI.
func FromTelegram(code string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(code)), "en") {
		return EN
	}
	return VI
}

// valid reports whether l is a supported language.
func (l Lang) valid() bool { return l == VI || l == EN }
