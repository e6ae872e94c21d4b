package inbox_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/inbox"
)

// The gate admits each chat's burst, then one per Every; all chats
// together their shared burst, then one per Every; and says so once.
func TestGate(t *testing.T) {
	var logs bytes.Buffer
	g := inbox.NewGate(inbox.Rate{Every: time.Second, Burst: 2}, inbox.Rate{Every: 100 * time.Millisecond, Burst: 5},
		slog.New(slog.NewTextHandler(&logs, nil)))
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	admitted := func(chat string, at time.Time, n int) int {
		k := 0
		for range n {
			if g.Admit("zalo", chat, at) {
				k++
			}
		}
		return k
	}
	if got := admitted("a", t0, 10); got != 2 {
		t.Errorf("one chat at once: %d admitted; want its burst, 2", got)
	}
	// Chats b, c, d share what is left of the shared burst (5 − 2 = 3).
	if got := admitted("b", t0, 2) + admitted("c", t0, 2) + admitted("d", t0, 2); got != 3 {
		t.Errorf("other chats: %d admitted; want the rest of the shared burst, 3", got)
	}
	if got := admitted("e", t0.Add(100*time.Millisecond), 3); got != 1 {
		t.Errorf("after 100 ms: %d admitted; want the shared rate's next, 1", got)
	}
	if got := admitted("a", t0.Add(10*time.Second), 10); got != 2 {
		t.Errorf("chat a, 10 s later: %d admitted; want its burst again, 2", got)
	}
	if n := strings.Count(logs.String(), "an unlinked account sends too fast"); n != 1 {
		t.Errorf("%d lines about chat a; want 1:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "unlinked accounts together"); n != 1 {
		t.Errorf("%d lines about the shared bound; want 1:\n%s", n, logs.String())
	}
	var open *inbox.Gate
	if !open.Admit("zalo", "x", t0) {
		t.Error("a nil gate refuses")
	}
}
