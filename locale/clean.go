package locale

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxInput bounds typed text before anything else looks at it.
const MaxInput = 4096

// CleanInput normalises what a person typed, on any channel: phone
// keyboards send composed or decomposed Vietnamese, and nothing downstream
// should care which; surrounding space goes, and overlong text is cut at
// a character boundary.
func CleanInput(s string) string {
	s = norm.NFC.String(strings.TrimSpace(s))
	if len(s) > MaxInput {
		s = s[:MaxInput]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
