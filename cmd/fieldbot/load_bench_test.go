package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// BenchmarkConversationLoad is the load tool of DESIGN §9: officers fill in
// the form at once, each answering as soon as the bot replies, through the
// real binary in its own process (the load-test build, flood limits lifted
// at link time) talking to the fake Bot API over loopback HTTP; every
// step's state is committed (fsync) before its reply. Each op is one step
// (a message in, the reply out). It reports steps/s, the p50/p99 time from
// sending a message to the bot's reply, the bot process's CPU time (user +
// system) per step over the measured steps, and its peak resident memory
// (VmHWM) over the whole run.
//
//	go test -run '^$' -bench ConversationLoad -benchtime 20000x ./cmd/fieldbot
//
// With FIELDBOT_CPUPROFILE=file in the environment the bot writes a CPU
// profile of its whole run there and its allocations to file.allocs (only
// the load-test build honours it).
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
	bin := loadTestBinary(b)
	tg, cfg, users := loadOffice(b, officers)

	logs := &syncBuffer{}
	cmd := exec.Command(bin, "run", "-config", cfg)
	cmd.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		}
	}
	defer stop()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), "fieldbot is running") {
		if time.Now().After(deadline) {
			b.Fatalf("the bot did not start; logs:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}

	replied := replyWaiter(b, tg, users, 20*time.Second)
	wait := func(u telegramtest.User) {
		if !replied(u) {
			b.Fatalf("no reply for %d; logs:\n%s", u.ID, logs)
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
	cpu0 := procCPU(b, cmd.Process.Pid)
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
	cpu := procCPU(b, cmd.Process.Pid) - cpu0
	b.StopTimer()
	peak := procStatusKiB(b, cmd.Process.Pid, "VmHWM")
	stop() // so that a CPU profile, if asked for, is written
	slices.Sort(latencies)
	if len(latencies) > 0 {
		b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "steps/s")
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(cpu.Seconds()*1000/float64(len(latencies)), "cpu-ms/step")
		b.ReportMetric(cpu.Seconds()/elapsed.Seconds(), "cores")
	}
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
	if r := tg.Rejections(); len(r) > 0 {
		b.Errorf("Telegram would have refused %d calls, first: %+v", len(r), r[0])
	}
}

// procCPU is the CPU time (user + system, every thread) a running process
// has used so far, from /proc/PID/stat, in clock ticks of 1/100 s.
func procCPU(b *testing.B, pid int) time.Duration {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count after it.
	rest := string(data[bytes.LastIndexByte(data, ')')+2:])
	f := strings.Fields(rest) // f[0] is field 3 (state)
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", pid, data)
	}
	const tick = time.Second / 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * tick
}
