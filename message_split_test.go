package fieldbot

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitKeepsLinesAndLimit(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "• Phòng Thi hành án dân sự khu vực %d: <b>83,99%%</b>\n", i)
	}
	text := strings.TrimRight(b.String(), "\n")
	parts := SplitLines(text, 4096)
	if len(parts) < 2 {
		t.Fatalf("split gave %d parts for %d characters", len(parts), utf8.RuneCountInString(text))
	}
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n > 4096 {
			t.Errorf("part %d has %d characters", i, n)
		}
		if strings.Count(p, "<b>") != strings.Count(p, "</b>") {
			t.Errorf("part %d cuts a tag open", i)
		}
	}
	if got := strings.Join(parts, "\n"); got != text {
		t.Error("joining the parts does not give the text back")
	}
	long := strings.Repeat("x", 10000)
	if parts := SplitLines(long, 4096); len(parts) != 3 || strings.Join(parts, "") != long {
		t.Errorf("a single long line split into %d parts", len(parts))
	}
}

// A text within the limit is one part, trimmed of its last line breaks, as
// the line-by-line split makes it.
func TestSplitShortTextIsOnePart(t *testing.T) {
	for text, want := range map[string]string{
		"a":                     "a",
		"dòng một\ndòng hai":    "dòng một\ndòng hai",
		"a\n\nb\n\n":            "a\n\nb",
		"\n\n":                  "…",
		"\nx":                   "\nx",
		strings.Repeat("ệ", 10): strings.Repeat("ệ", 10), // 30 bytes, 10 characters: within 20
	} {
		got := SplitLines(text, 20)
		if len(got) != 1 || got[0] != want {
			t.Errorf("SplitLines(%q, 20) = %q; want [%q]", text, got, want)
		}
		if byLine := splitByLine(text, 20); !slices.Equal(got, byLine) {
			t.Errorf("SplitLines(%q, 20) = %q; line by line %q", text, got, byLine)
		}
	}
}
