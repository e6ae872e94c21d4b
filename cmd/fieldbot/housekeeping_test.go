package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/zalotest"
)

// clock is a settable clock for a bot run in this process.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// zaloOnlyOffice writes a config with only Zalo (polling the fake) and
// binds An's Zalo account; run starts the bot in this process.
func zaloOnlyOffice(t *testing.T, z *zalotest.Server, now *clock) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	config = filepath.Join(dir, "config.toml")
	cfg := fmt.Sprintf(testConfig, "http://127.0.0.1:9") + fmt.Sprintf("\n[zalo]\napi_url = %q\nmode = \"polling\"\n", z.URL())
	if err := os.WriteFile(config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(testRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{Now: now.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: "zalo", UserID: "zu-an", Chat: "zu-an", Phone: "0912345678", Bound: now.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, config
}

// runInProcess runs `fieldbot run` in this process until the returned
// stop is called.
func runInProcess(t *testing.T, config string, env Env) (stop func() string) {
	t.Helper()
	logs := &syncBuffer{}
	env.Stdout, env.Stderr = logs, logs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"run", "-config", config}, env) }()
	stopped := false
	stop = func() string {
		if !stopped {
			stopped = true
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("fieldbot run exited %d\n%s", code, logs)
			}
		}
		return logs.String()
	}
	t.Cleanup(func() { stop() })
	return stop
}

// A Zalo-only office (no Telegram channel at all) ends a form abandoned
// for longer than idle_timeout with a notice on Zalo, and forgets handled
// updates older than a week. Before, both were done only by the Telegram
// channel: reminders held behind the form waited forever and the inbox
// grew without end.
func TestZaloOnlyHousekeeping(t *testing.T) {
	z := zalotest.New(zaloToken)
	t.Cleanup(z.Close)
	now := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	dir, config := zaloOnlyOffice(t, z, now)
	stop := runInProcess(t, config, Env{
		Getenv: func(k string) string {
			if k == "FIELDBOT_ZALO_TOKEN" {
				return zaloToken
			}
			return ""
		},
		Now: now.Now, sweepEvery: 50 * time.Millisecond,
	})
	an := zalotest.User{ID: "zu-an", Name: "An"}
	wait := func(want string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := z.WaitFor(ctx, an.ID, func(m zalotest.Message) bool { return strings.Contains(m.Text, want) }); err != nil {
			t.Fatalf("waiting for %q: %v\nlogs:\n%s", want, err, stop())
		}
	}
	z.SendText(an, "baocao")
	wait("Số việc có điều kiện")
	z.SendText(an, "12")
	wait("Số việc thi hành xong")

	now.Add(25 * time.Hour) // idle_timeout is 24 h by default
	wait("đã hết hạn")

	now.Add(7 * 24 * time.Hour) // the updates above are now older than a week
	time.Sleep(300 * time.Millisecond)
	logs := stop()
	if !strings.Contains(logs, "forgot old handled updates") {
		t.Errorf("no inbox pruning logged:\n%s", logs)
	}
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{Now: now.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.PruneInbox(now.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("%d old handled updates still in the inbox after the run (err %v); want them pruned by the bot", n, err)
	}
}
