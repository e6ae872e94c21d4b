package fieldbot

import (
	"fmt"
	"regexp"
	"testing"
)

// weekKey reads what fmt.Sscanf reads from the keys it takes, which are
// those of the usual form.
func TestWeekKeyReadsAsSscanf(t *testing.T) {
	strict := regexp.MustCompile(`^[0-9]{4}-W[0-9]{2}$`)
	for _, key := range []string{"2026-W48", "2026-W01", "1999-W53", "0000-W00", "2026-W5", "2026-W048", "2026-w48", "+026-W48", "2026-W4x", "2026_W48", ""} {
		y, n, ok := weekKey(key)
		var sy, sn int
		_, err := fmt.Sscanf(key, "%d-W%d", &sy, &sn)
		if ok && (err != nil || y != sy || n != sn) {
			t.Errorf("weekKey(%q) = %d, %d; Sscanf %d, %d, %v", key, y, n, sy, sn, err)
		}
		if want := strict.MatchString(key); ok != want {
			t.Errorf("weekKey(%q) ok = %v; want %v", key, ok, want)
		}
	}
}
