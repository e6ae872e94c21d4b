package fieldbot

import "testing"

func TestInviteCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewInviteCode()
		if n, ok := NormalizeInviteCode(FormatInviteCode(c)); !ok || n != c {
			t.Fatalf("code %q does not read back from %q", c, FormatInviteCode(c))
		}
		seen[c] = true
	}
	if len(seen) < 1000 {
		t.Errorf("%d distinct codes in 1000", len(seen))
	}
	for in, want := range map[string]string{"k7pq-2mxa": "K7PQ2MXA", " K7PQ 2MXA ": "K7PQ2MXA", "k7pq.2mxa": "K7PQ2MXA"} {
		if got, ok := NormalizeInviteCode(in); !ok || got != want {
			t.Errorf("NormalizeInviteCode(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "K7PQ2MX", "K7PQ2MXAB", "K7PQ2MX0", "K7PQ2MXI", "xin chào", "0912345678"} {
		if got, ok := NormalizeInviteCode(bad); ok {
			t.Errorf("NormalizeInviteCode(%q) = %q; want refused", bad, got)
		}
	}
}
