package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
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

// `fieldbot invite` looks people up in the roster in force: someone added
// in chat since the roster file was written is found, someone removed in
// chat is not, and an edited file (applied at the next start) wins again.
func TestCommandLineInviteUsesTheRosterInForce(t *testing.T) {
	dir, path := exportOffice(t)
	cfg, err := config.Load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Settle(cfg.Roster.People(), cfg.Targets); err != nil {
		t.Fatal(err)
	}
	dung := fieldbot.Person{Phone: "0913222333", Name: "Phạm Thị Dung", Unit: "kv1", Role: fieldbot.RoleOfficer}
	err = db.Update(context.Background(), func(tx *store.Tx) error { // an import in chat: An out, Dung in
		rec, _, err := tx.Roster()
		if err != nil {
			return err
		}
		var people []fieldbot.Person
		for _, p := range rec.People {
			if p.Phone != "0912345678" {
				people = append(people, p)
			}
		}
		rec.People, rec.By = append(people, dung), "0987654321"
		return tx.PutRoster(rec)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	invite := func(phone string) (int, string) {
		var stdout, stderr bytes.Buffer
		env := Env{Getenv: func(k string) string {
			if k == "FIELDBOT_TELEGRAM_TOKEN" {
				return token
			}
			return ""
		}, Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return time.Date(2026, 12, 6, 10, 5, 0, 0, time.UTC) }}
		code := Main(context.Background(), []string{"invite", "-config", path, "-phone", phone}, env)
		return code, stdout.String() + stderr.String()
	}
	if code, out := invite(dung.Phone); code != exitOK || !strings.Contains(out, "Phạm Thị Dung") {
		t.Errorf("inviting Dung, added in chat: %d %s", code, out)
	}
	if code, out := invite("0912345678"); code == exitOK || !strings.Contains(out, "not in the roster") || !strings.Contains(out, "confirmed in chat") {
		t.Errorf("inviting An, removed in chat: %d %s", code, out)
	}
	// The file edited on the server is what the next start applies.
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(testRoster+"0977000111,Võ Văn Em,kv1,officer,\n"), 0o600)
	if code, out := invite("0912345678"); code != exitOK || !strings.Contains(out, "Nguyễn Văn An") {
		t.Errorf("inviting An, back in the edited file: %d %s", code, out)
	}
	if code, out := invite(dung.Phone); code == exitOK {
		t.Errorf("inviting Dung, whom the edited file replaces: %d %s", code, out)
	}
}
