package conversation

import (
	"strconv"
	"testing"
)

func FuzzParseButton(f *testing.F) {
	for _, seed := range []string{"12.c", "3.o1", "0.f10", "", ".", "1.", ".c", "01.c", "-1.c", "1.C", "1.c.d", "999999999.x", "1.ô"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		seq, action, ok := parseButton(data)
		if !ok {
			return
		}
		// Whatever is accepted must be exactly what the engine would write.
		if again := strconv.Itoa(seq) + "." + action; again != data {
			t.Fatalf("parseButton(%q) = %d, %q; which writes back as %q", data, seq, action, again)
		}
		if len(data) > 64 {
			t.Fatalf("parseButton accepted %d bytes", len(data))
		}
	})
}
