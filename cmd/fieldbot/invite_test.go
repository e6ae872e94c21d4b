package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// An invitation from the command line is written to the history with the
// invitation, from the server, with whom it is for and never the code.
func TestCommandLineInvitationIsInTheHistory(t *testing.T) {
	dir, cfg := exportOffice(t)
	now := time.Date(2026, 12, 6, 10, 5, 0, 0, time.UTC)
	var stdout, stderr bytes.Buffer
	env := Env{Getenv: func(k string) string {
		if k == "FIELDBOT_TELEGRAM_TOKEN" {
			return token
		}
		return ""
	}, Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return now }}
	if code := Main(context.Background(), []string{"invite", "-config", cfg, "-phone", "0912 345 678"}, env); code != exitOK {
		t.Fatalf("fieldbot invite = %d\n%s", code, stderr.String())
	}
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(stdout.String())
	if code == "" {
		t.Fatalf("no code printed: %q", stdout.String())
	}
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events, err := db.EventsOf([]string{"kv1"}, "", 10)
	want := fieldbot.Event{At: now, Kind: fieldbot.EventInvite, Via: "server", Unit: "kv1", Person: "0912345678"}
	if err != nil || len(events) != 1 || !events[0].At.Equal(now) {
		t.Fatalf("history = %+v, %v; want %+v", events, err, want)
	}
	events[0].At = now
	if events[0].Kind != want.Kind || events[0].By != "" || events[0].Via != want.Via || events[0].Person != want.Person || events[0].Ref != "" {
		t.Errorf("history = %+v; want %+v", events[0], want)
	}
	raw, _ := json.Marshal(events)
	if strings.Contains(string(raw), strings.ReplaceAll(code, "-", "")) || strings.Contains(string(raw), code) {
		t.Errorf("the history holds the code %s: %s", code, raw)
	}
}
