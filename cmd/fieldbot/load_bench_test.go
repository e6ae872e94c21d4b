package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// BenchmarkConversationLoad is the load tool of DESIGN §9: officers fill in
// the form at once through the real bot, in process, talking to the fake
// Bot API over loopback HTTP; every step's state is committed (fsync) before
// its reply. Each op is one step (a message in, the reply out). It reports
// steps/s and the p50/p99 time from sending a message to the bot's reply.
//
//	go test -run '^$' -bench ConversationLoad -benchtime 5000x ./cmd/fieldbot
func BenchmarkConversationLoad(b *testing.B) {
	for _, officers := range []int{50} {
		b.Run(fmt.Sprintf("officers=%d", officers), func(b *testing.B) { conversationLoad(b, officers) })
	}
}

// loadOffice is a fake Bot API and a config whose roster has the given
// number of officers of khu vực 1, phones 0900000001 on, as Telegram users.
func loadOffice(b *testing.B, officers int) (tg *telegramtest.Server, cfg string, users []telegramtest.User) {
	dir := b.TempDir()
	tg = telegramtest.New(token)
	b.Cleanup(tg.Close)
	roster := "phone,name,unit,role\n"
	users = make([]telegramtest.User, officers)
	for i := range users {
		users[i] = telegramtest.User{ID: int64(5000 + i), FirstName: fmt.Sprint("Cán bộ ", i), LanguageCode: "vi"}
		roster += fmt.Sprintf("09%08d,Cán bộ %d,kv1,officer\n", i+1, i)
	}
	cfg = filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(testConfig, tg.URL())), 0o600)
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(roster), 0o600)
	return tg, cfg, users
}

// replyWaiter returns a function that waits (up to limit) for the bot's
// next message in a user's chat and reports whether it came: one
// subscriber hands each chat's messages to its officer.
func replyWaiter(b *testing.B, tg *telegramtest.Server, users []telegramtest.User, limit time.Duration) func(telegramtest.User) bool {
	events, stop := tg.Subscribe()
	b.Cleanup(stop)
	replies := map[int64]chan struct{}{}
	for _, u := range users {
		replies[u.ID] = make(chan struct{}, 16)
	}
	go func() {
		for e := range events {
			if e.Kind == telegramtest.EventSent {
				if ch, ok := replies[e.ChatID]; ok {
					ch <- struct{}{}
				}
			}
		}
	}()
	return func(u telegramtest.User) bool {
		select {
		case <-replies[u.ID]:
			return true
		case <-time.After(limit):
			return false
		}
	}
}

func conversationLoad(b *testing.B, officers int) {
	tg, cfg, users := loadOffice(b, officers)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	discard := &syncBuffer{}
	go func() {
		done <- Main(ctx, []string{"run", "-config", cfg}, Env{
			Getenv: func(k string) string {
				if k == "FIELDBOT_TELEGRAM_TOKEN" {
					return token
				}
				return ""
			}, Stdout: discard, Stderr: discard,
			// Fifty officers each answering many times a second exceed
			// Telegram's per-chat limit by design: this measures the bot.
			sendLimits: &outbound.Limits{}})
	}()
	defer func() { cancel(); <-done }()

	replied := replyWaiter(b, tg, users, 20*time.Second)
	wait := func(u telegramtest.User) {
		if !replied(u) {
			b.Fatalf("no reply for %d; logs:\n%s", u.ID, discard)
		}
	}
	// Onboard everyone first: a contact brings the greeting and the help.
	for i, u := range users {
		tg.SendContact(u, telegramtest.Contact{PhoneNumber: fmt.Sprintf("09%08d", i+1), UserID: u.ID})
	}
	for _, u := range users {
		wait(u)
		wait(u)
	}

	// Each input below gets exactly one reply: the next question, the
	// summary, then "cancelled" (nothing is confirmed, so every round is
	// the same).
	script := []string{"/baocao", "120", "100", "250tr", "ghi chú", "/huy"}
	var next atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for step := 0; next.Add(1) <= int64(b.N); step++ {
				t0 := time.Now()
				tg.SendText(u, script[step%len(script)])
				wait(u)
				mine = append(mine, time.Since(t0))
			}
			for step := len(mine); step%len(script) != 0; step++ { // leave the chat idle
				tg.SendText(u, script[step%len(script)])
				wait(u)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(latencies)
	if len(latencies) > 0 {
		b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "steps/s")
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	}
	if r := tg.Rejections(); len(r) > 0 {
		b.Errorf("Telegram would have refused %d calls, first: %+v", len(r), r[0])
	}
}
