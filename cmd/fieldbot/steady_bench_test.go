package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
)

// BenchmarkSteadyLoad is the load tool for DESIGN §9's latency and memory
// budgets: the real binary, in its own process, with 500 officers each
// answering about once a second through the fake Bot API over loopback for
// 30 seconds. Every step's state is committed (fsync) before its reply.
// It reports the time from a message to the bot's reply (p50, p99, max),
// the steps served per second, and the bot process's resident memory:
// idle (started, nobody has written yet) and peak (VmHWM, over the run).
// The binary is a load-test build whose flood limits are lifted (500
// replies a second are far beyond Telegram's 30): this measures the bot.
//
//	go test -run '^$' -bench SteadyLoad -benchtime 1x ./cmd/fieldbot
func BenchmarkSteadyLoad(b *testing.B) {
	for range b.N {
		steadyLoad(b, 500, 30*time.Second)
	}
}

func steadyLoad(b *testing.B, officers int, duration time.Duration) {
	bin := loadTestBinary(b)
	tg, cfg, users := loadOffice(b, officers)

	logs := &syncBuffer{}
	cmd := exec.Command(bin, "run", "-config", cfg)
	cmd.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), "fieldbot is running") {
		if time.Now().After(deadline) {
			b.Fatalf("the bot did not start; logs:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // settled: polling, nobody has written
	idle := procStatusKiB(b, cmd.Process.Pid, "VmRSS")

	replied := replyWaiter(b, tg, users, 10*time.Second)
	var lost atomic.Int64
	wait := func(u telegramtest.User) bool {
		if !replied(u) {
			lost.Add(1)
			return false
		}
		return true
	}
	// Everyone joins first (a greeting and the help each), a few at a time
	// as people would; joining is not measured.
	for i, u := range users {
		tg.SendContact(u, telegramtest.Contact{PhoneNumber: fmt.Sprintf("09%08d", i+1), UserID: u.ID})
		if i%50 == 49 {
			time.Sleep(100 * time.Millisecond)
		}
	}
	for _, u := range users {
		wait(u)
		wait(u)
	}

	// Each input gets exactly one reply: the next question, the summary,
	// then "cancelled", round after round. An officer answers about a
	// second after their previous message (0.8–1.2 s), starting at a
	// random moment of the first second.
	script := []string{"/baocao", "120", "100", "250tr", "ghi chú", "/huy"}
	var mu sync.Mutex
	var latencies []time.Duration
	start := time.Now()
	end := start.Add(duration)
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			var mine []time.Duration
			time.Sleep(rand.N(time.Second))
			for step := 0; time.Now().Before(end); step++ {
				t0 := time.Now()
				tg.SendText(u, script[step%len(script)])
				if !wait(u) {
					return
				}
				mine = append(mine, time.Since(t0))
				time.Sleep(time.Until(t0.Add(800*time.Millisecond + rand.N(400*time.Millisecond))))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	peak := procStatusKiB(b, cmd.Process.Pid, "VmHWM")
	if n := lost.Load(); n > 0 {
		b.Fatalf("%d replies never came; logs:\n%s", n, logs)
	}
	slices.Sort(latencies)
	at := func(q float64) float64 {
		return float64(latencies[int(q*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "steps/s")
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(at(1), "max-ms")
	b.ReportMetric(float64(idle)/1024, "idle-MiB")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
	if r := tg.Rejections(); len(r) > 0 {
		b.Errorf("Telegram would have refused %d calls, first: %+v", len(r), r[0])
	}
}

// loadTestBinary is fieldbot with its flood limits lifted at link time
// (see noSendLimits in main.go).
func loadTestBinary(b *testing.B) string { return build(b, "-X main.noSendLimits=yes") }

// procStatusKiB reads a "kB" line of /proc/PID/status, such as VmRSS.
func procStatusKiB(b *testing.B, pid int, field string) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if ok && name == field {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
			if err != nil {
				b.Fatalf("%s: %q", field, value)
			}
			return n
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
