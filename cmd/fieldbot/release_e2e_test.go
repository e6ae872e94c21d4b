package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

func TestVersionUnstamped(t *testing.T) {
	var out bytes.Buffer
	if code := Main(t.Context(), []string{"version"}, Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &out}); code != exitOK {
		t.Fatalf("fieldbot version: exit %d\n%s", code, &out)
	}
	if !regexp.MustCompile(`^fieldbot dev \(go1\.\d+.*, [a-z0-9]+/[a-z0-9]+.*\)\n$`).MatchString(out.String()) {
		t.Errorf("fieldbot version = %q; want \"fieldbot dev (go…, os/arch…)\"", out.String())
	}
}

// A release build: the version stamped at link time is what `fieldbot
// version`, the start-up log and /healthz say; with [log] format = "json"
// every log line is a JSON object; `fieldbot backup` gets a checked copy
// from the running bot, `fieldbot restore` refuses while it runs and puts
// the copy back once it is stopped, keeping the database it replaces.
func TestReleaseBuildBackupAndRestore(t *testing.T) {
	const stamped = "v9.8.7-test"
	bin := build(t, "-X main.version="+stamped+" -X main.revision=0123456789ab")
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "fieldbot "+stamped+" (go1.") || !strings.HasSuffix(string(out), ", commit 0123456789ab)\n") {
		t.Fatalf("fieldbot version = %q, %v; want \"fieldbot %s (go1.…, commit 0123456789ab)\"", out, err, stamped)
	}

	o := newOffice(t)
	addr := o.listenHTTP()
	cfg, _ := os.ReadFile(o.config)
	os.WriteFile(o.config, append(cfg, "\n[log]\nformat = \"json\"\n"...), 0o600)

	logs := &syncBuffer{}
	o.logs = &bytes.Buffer{}
	bot := exec.Command(bin, "run", "-config", o.config)
	bot.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	bot.Stdout, bot.Stderr = logs, logs
	o.launch(bot)
	o.onboard(an, "0912345678")
	o.expect(an, "Nguyễn Văn An")

	var rep healthReport
	o.eventually("/healthz with the version", func() bool {
		res, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		rep = healthReport{}
		return json.NewDecoder(res.Body).Decode(&rep) == nil && rep.Version != ""
	})
	if rep.Version != stamped || rep.Schema != store.SchemaVersion {
		t.Errorf("/healthz says version %q, schema %d; want %q, %d", rep.Version, rep.Schema, stamped, store.SchemaVersion)
	}

	// While the bot runs.
	data := filepath.Join(o.dir, "data")
	copyPath := filepath.Join(t.TempDir(), "fieldbot-copy.db")
	if out, err := exec.Command(bin, "backup", "-config", o.config, "-o", copyPath).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "written by the running bot") || !strings.Contains(string(out), "consistency check passed") {
		t.Fatalf("fieldbot backup while the bot runs: %v\n%s\nlogs:\n%s", err, out, logs)
	}
	if _, err := store.CheckFile(copyPath); err != nil {
		t.Fatalf("the copy: %v", err)
	}
	out, err = exec.Command(bin, "restore", "-config", o.config, copyPath).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "running fieldbot holds the database") {
		t.Fatalf("fieldbot restore while the bot runs: %v\n%s", err, out)
	}

	o.stop(syscall.SIGTERM)
	starting := false
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "fieldbot starting" {
			starting = rec["version"] == stamped && rec["level"] == "INFO"
		}
	}
	if !starting {
		t.Errorf("no JSON \"fieldbot starting\" line with version %q:\n%s", stamped, logs)
	}

	// Stopped: the copy goes back, the database it replaces stays aside.
	out, err = exec.Command(bin, "restore", "-config", o.config, copyPath).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "passed the consistency check") || !strings.Contains(string(out), "kept as") {
		t.Fatalf("fieldbot restore: %v\n%s", err, out)
	}
	aside, _ := filepath.Glob(filepath.Join(data, "fieldbot.db.before-restore-*"))
	if len(aside) != 1 || !strings.Contains(string(out), aside[0]) {
		t.Errorf("kept aside: %v; restore said:\n%s", aside, out)
	}
	db, err := store.Open(filepath.Join(data, "fieldbot.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if accounts, err := db.Accounts(); err != nil || len(accounts) != 1 || accounts[0].Phone != "0912345678" {
		t.Errorf("the restored database's accounts = %+v, %v; want An's", accounts, err)
	}
}

// With the bot stopped, `fieldbot backup` copies the file itself; it needs
// -o, and there must be a database.
func TestBackupCommandBotStopped(t *testing.T) {
	dir, cfg := exportOffice(t)
	var out bytes.Buffer
	env := Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &out}
	copyPath := filepath.Join(dir, "copy.db")
	if code := Main(t.Context(), []string{"backup", "-config", cfg, "-o", copyPath}, env); code != exitFailed || !strings.Contains(out.String(), "there is no database") {
		t.Errorf("backup with no database: exit %d\n%s", code, &out)
	}
	out.Reset()
	if code := Main(t.Context(), []string{"backup", "-config", cfg}, env); code != exitUsage || !strings.Contains(out.String(), "-o FILE") {
		t.Errorf("backup without -o: exit %d\n%s", code, &out)
	}
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(t.Context(), func(tx *store.Tx) error { return tx.PutChatState("telegram", "1001", []byte("x")) })
	db.Close()
	out.Reset()
	if code := Main(t.Context(), []string{"backup", "-config", cfg, "-o", copyPath}, env); code != exitOK || !strings.Contains(out.String(), "the bot is not running") {
		t.Fatalf("backup with the bot stopped: exit %d\n%s", code, &out)
	}
	if info, err := store.CheckFile(copyPath); err != nil || info.Schema != store.SchemaVersion {
		t.Errorf("the copy: %+v, %v", info, err)
	}
	out.Reset()
	if code := Main(t.Context(), []string{"restore", "-config", cfg}, env); code != exitUsage {
		t.Errorf("restore without a file: exit %d\n%s", code, &out)
	}
}
