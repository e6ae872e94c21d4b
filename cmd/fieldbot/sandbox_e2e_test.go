package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// cleanEnv is the test's environment without any FIELDBOT_ variable, plus
// extra.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FIELDBOT_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// A config named on purpose without a token — a production config whose
// token variable is misspelled — refuses to start, naming both token
// variables and the way to start the sandbox on purpose, and touches no
// data; check-config says the same.
func TestNamedConfigWithoutTokenRefuses(t *testing.T) {
	o := newOffice(t)
	misspelled := "FIELDBOT_TELEGRAM_TOKN=" + token
	for _, tc := range []struct {
		name string
		args []string
		env  []string
	}{
		{"run -config", []string{"run", "-config", o.config}, cleanEnv(misspelled)},
		{"-config", []string{"-config", o.config}, cleanEnv(misspelled)},
		{"FIELDBOT_CONFIG", nil, cleanEnv(misspelled, "FIELDBOT_CONFIG="+o.config)},
		{"check-config", []string{"check-config", "-config", o.config}, cleanEnv(misspelled)},
		{"invite", []string{"invite", "-config", o.config, "-phone", "0912345678"}, cleanEnv(misspelled)},
	} {
		cmd := exec.Command(binary(t), tc.args...)
		cmd.Env, cmd.Dir = tc.env, o.dir
		out, finished, err := combinedWithin(cmd)
		if !finished {
			t.Fatalf("%s: still running without a token:\n%s", tc.name, out)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitUsage {
			t.Errorf("%s: %v; want exit code %d\n%s", tc.name, err, exitUsage, out)
		}
		for _, want := range []string{"FIELDBOT_TELEGRAM_TOKEN", "FIELDBOT_ZALO_TOKEN", "fieldbot sandbox -config " + o.config} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: the refusal does not say %q:\n%s", tc.name, want, out)
			}
		}
		if _, err := os.Stat(filepath.Join(o.dir, "data")); err == nil {
			t.Fatalf("%s: the refused start created the data folder", tc.name)
		}
	}
}

// With no config at all (no -config, no FIELDBOT_CONFIG, no config.toml),
// `fieldbot` runs the sandbox on the example config, as the README's first
// command does; its data goes to data/sandbox only, and its page answers
// only requests addressed to an IP address or localhost.
func TestNoConfigAtAllRunsTheSandbox(t *testing.T) {
	dir := t.TempDir()
	example, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	const listen = `listen = "127.0.0.1:8080"`
	if !strings.Contains(string(example), listen) {
		t.Fatalf("config.example.toml no longer has %s", listen)
	}
	example = []byte(strings.Replace(string(example), listen, `listen = "127.0.0.1:0"`, 1))
	roster, err := os.ReadFile("../../roster.example.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "config.example.toml"), example, 0o600)
	os.WriteFile(filepath.Join(dir, "roster.example.csv"), roster, 0o600)

	cmd := exec.Command(binary(t))
	cmd.Env, cmd.Dir = cleanEnv(), dir
	page, people := runSandboxProcess(t, cmd)
	if len(people) == 0 {
		t.Fatal("the sandbox offers nobody")
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "sandbox", "fieldbot.db")); err != nil {
		t.Errorf("the sandbox's database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "fieldbot.db")); err == nil {
		t.Error("the sandbox created the production database data/fieldbot.db")
	}

	// DNS rebinding: a page of rebind.attacker.example whose name now
	// points at the sandbox must not read the roster.
	req, _ := http.NewRequest("GET", page+"/api/people", nil)
	req.Host = "rebind.attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("GET /api/people with Host rebind.attacker.example = %d; want 403", resp.StatusCode)
	}
}

// The sandbox, run on the production config, never writes into the
// production data folder: its database and its nightly copies stay in
// data_dir/sandbox, and the production backups are byte-identical after a
// run whose start-up makes the day's copy (03:23 was within grace).
func TestSandboxKeepsOutOfProductionData(t *testing.T) {
	o := newOffice(t)
	data := filepath.Join(o.dir, "data")
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	base := time.Date(2026, 11, 27, 9, 0, 0, 0, loc)
	db, err := store.Open(filepath.Join(data, "fieldbot.db"), store.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678",
			Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "1500000000"}})
		return err
	})
	for _, day := range []string{"2026-11-26", "2026-11-27"} {
		if err == nil {
			_, err = db.BackupFile(filepath.Join(backupDir(data), "fieldbot-"+day+".db"))
		}
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, data)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	start := time.Now()
	env := Env{
		// A real token around changes nothing: the sandbox is asked for.
		Getenv: func(k string) string { return map[string]string{"FIELDBOT_TELEGRAM_TOKEN": token}[k] },
		Stdout: logs, Stderr: logs,
		Now: func() time.Time { return base.Add(time.Since(start)) },
	}
	exit := make(chan int, 1)
	go func() { exit <- Main(ctx, []string{"sandbox", "-config", o.config}, env) }()
	own := filepath.Join(data, "sandbox", "backups", "fieldbot-2026-11-27.db")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(own); err == nil {
			break
		}
		select {
		case code := <-exit:
			t.Fatalf("the sandbox stopped (exit %d) before its nightly copy:\n%s", code, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox made no nightly copy in its own folder %s:\n%s", own, logs)
		}
	}
	cancel()
	<-exit // stopped while its Zalo poller may still be starting: the exit code says little

	after := hashTree(t, data)
	for path, sum := range before {
		if after[path] != sum {
			t.Errorf("the sandbox changed the production file %s", path)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok && !strings.HasPrefix(path, "sandbox/") {
			t.Errorf("the sandbox wrote %s into the production data folder", path)
		}
	}
}

// combinedWithin runs cmd to its end and returns its combined output;
// finished is false when it still ran after 20 s and was killed.
func combinedWithin(cmd *exec.Cmd) (out []byte, finished bool, err error) {
	done := make(chan struct{})
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
		return out, true, err
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		return out, false, err
	}
}

// hashTree is every file under dir by its slash path, with its SHA-256.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sums[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// A 0-byte or non-bbolt fieldbot.db stops the bot at start with a message
// naming the file and the backups to restore from; the file is left as it
// is (bbolt would have made the empty one a new database, and the nightly
// backups would then have rotated the good copies away).
func TestDamagedDatabaseRefusesToStart(t *testing.T) {
	for name, content := range map[string][]byte{
		"empty":   nil,
		"garbage": []byte(strings.Repeat("phone,name,unit,role\n", 400)),
	} {
		t.Run(name, func(t *testing.T) {
			o := newOffice(t)
			path := filepath.Join(o.dir, "data", "fieldbot.db")
			os.MkdirAll(filepath.Dir(path), 0o700)
			os.WriteFile(path, content, 0o600)
			cmd := exec.Command(binary(t), "run", "-config", o.config)
			cmd.Env = cleanEnv("FIELDBOT_TELEGRAM_TOKEN=" + token)
			out, finished, err := combinedWithin(cmd)
			if !finished {
				t.Fatalf("the bot started on a %s database:\n%s", name, out)
			}
			if err == nil {
				t.Fatalf("the bot exited 0 on a %s database:\n%s", name, out)
			}
			for _, want := range []string{path, filepath.Join(o.dir, "data", "backups"), "not a fieldbot database"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("the refusal does not say %q:\n%s", want, out)
				}
			}
			if got, _ := os.ReadFile(path); string(got) != string(content) {
				t.Errorf("the %s database was changed: %d bytes, want %d", name, len(got), len(content))
			}
		})
	}
}
