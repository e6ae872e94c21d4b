package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// check-config sees the environment exactly as run does: with
// FIELDBOT_ZALO_TOKEN set and webhook_secret = "" both refuse, naming the
// key (run used to register an empty secret and answer every delivery
// with 403 while /healthz said ok); a webhook_url without a path is
// refused by both instead of panicking at start.
func TestCheckConfigJudgesWhatRunRuns(t *testing.T) {
	example, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	roster, err := os.ReadFile("../../roster.example.csv")
	if err != nil {
		t.Fatal(err)
	}
	base := strings.NewReplacer(
		`listen = "127.0.0.1:8080"`, `listen = "127.0.0.1:0"`,
		`webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:0"`,
		`api_url = "https://bot-api.zaloplatforms.com"`, `api_url = "http://127.0.0.1:1"`,
	).Replace(string(example))
	for _, tc := range []struct {
		name, config, key string
	}{
		{"empty secret, token from the environment", base, "zalo.webhook_secret"},
		{"webhook_url without a path", strings.NewReplacer(
			`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`,
			`webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn"`,
		).Replace(base), "zalo.webhook_url"},
	} {
		dir := t.TempDir()
		cfg := filepath.Join(dir, "config.toml")
		os.WriteFile(cfg, []byte(tc.config), 0o600)
		os.WriteFile(filepath.Join(dir, "roster.example.csv"), roster, 0o600)
		for _, command := range []string{"check-config", "run"} {
			cmd := exec.Command(binary(t), command, "-config", cfg)
			cmd.Env = cleanEnv("FIELDBOT_ZALO_TOKEN=12345:zalo-token-for-e2e")
			out, finished, err := combinedWithin(cmd)
			if !finished {
				t.Fatalf("%s, %s: still running:\n%s", tc.name, command, out)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitUsage || !strings.Contains(string(out), tc.key) {
				t.Errorf("%s: %s = %v; want exit code %d naming %s:\n%s", tc.name, command, err, exitUsage, tc.key, out)
			}
			if strings.Contains(string(out), "panic") {
				t.Errorf("%s: %s panicked:\n%s", tc.name, command, out)
			}
		}
	}
}
