package locale

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanInput(t *testing.T) {
	if got := CleanInput("  Ho\u0302\u0300ng  "); got != "Hồng" { // decomposed ồ, as some keyboards send it
		t.Errorf("CleanInput = %q; want composed \"Hồng\"", got)
	}
	long := strings.Repeat("ệ", MaxInput) // 3 bytes each
	got := CleanInput(long)
	if len(got) > MaxInput || !utf8.ValidString(got) || !strings.HasPrefix(long, got) {
		t.Errorf("overlong input cut to %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}
