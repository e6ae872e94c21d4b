package outbound

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)

// telegram are the limits the Telegram channel uses (bot.Limits).
var telegram = Limits{
	Global:  Rate{Every: time.Second / 30, Burst: 10},
	Private: Rate{Every: time.Second, Burst: 2},
	Group:   Rate{Every: 3 * time.Second, Burst: 10},
	IsGroup: func(chat string) bool { return strings.HasPrefix(chat, "-") },
}

func TestLimiterPrivateChat(t *testing.T) {
	l := newLimiter(telegram)
	var got []time.Duration
	for range 5 {
		got = append(got, l.reserve("42", t0).Sub(t0))
	}
	// a burst of two, then one a second
	want := []time.Duration{0, 0, time.Second, 2 * time.Second, 3 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("send times %v; want %v", got, want)
		}
	}
}

func TestLimiterGlobalSpreadsManyChats(t *testing.T) {
	l := newLimiter(telegram)
	var last time.Time
	for i := range 310 {
		last = l.reserve(string(rune('a'+i%26))+time.Duration(i).String(), t0)
	}
	// 10 at once, then 300 more at 30 a second
	if d := last.Sub(t0); d < 9900*time.Millisecond || d > 10*time.Second {
		t.Fatalf("310 sends to different chats span %v; want 10s", d)
	}
}

func TestLimiterGroup(t *testing.T) {
	l := newLimiter(telegram)
	var last time.Time
	for range 30 {
		last = l.reserve("-100123", t0)
	}
	// 10 at once, then one every 3 s: 20 more take 60 s
	if d := last.Sub(t0); d != 60*time.Second {
		t.Fatalf("30 sends to one group span %v; want 60s", d)
	}
}

func TestLimiterPause(t *testing.T) {
	l := newLimiter(telegram)
	l.pause(t0.Add(5 * time.Second))
	if got := l.reserve("1", t0).Sub(t0); got != 5*time.Second {
		t.Fatalf("send after a pause at +%v; want +5s", got)
	}
}

func TestLimiterUnlimited(t *testing.T) {
	l := newLimiter(Limits{})
	for range 100 {
		if got := l.reserve("1", t0); !got.Equal(t0) {
			t.Fatalf("unlimited send delayed to %v", got)
		}
	}
}
