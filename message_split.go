package fieldbot

import (
	"strings"
	"unicode/utf8"
)

// SplitLines cuts text into parts of at most limit characters (runes), at
// line breaks where possible, for channels that limit a message's length.
// Our HTML tags never span lines, so no tag is cut open.
func SplitLines(text string, limit int) []string {
	if text == "" {
		return []string{"…"}
	}
	if utf8.RuneCountInString(text) <= limit {
		// One part, as below, without copying every line: nearly every reply.
		if text = strings.TrimRight(text, "\n"); text == "" {
			text = "…"
		}
		return []string{text}
	}
	return splitByLine(text, limit)
}

// splitByLine is SplitLines for a non-empty text.
func splitByLine(text string, limit int) []string {
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		for utf8.RuneCountInString(line) > limit { // one line longer than a message
			flush()
			r := []rune(line)
			parts = append(parts, string(r[:limit]))
			line = string(r[limit:])
		}
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line) > limit {
			flush()
		}
		cur.WriteString(line)
	}
	flush()
	for i := range parts {
		parts[i] = strings.TrimRight(parts[i], "\n")
		if parts[i] == "" {
			parts[i] = "…"
		}
	}
	return parts
}

// TruncateRunes shortens s to at most limit characters, ending in "…"
// when it had to cut (captions have their own limits).
func TruncateRunes(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-1]) + "…"
}
