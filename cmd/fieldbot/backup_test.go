package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// The nightly housekeeping leaves a consistent copy of the database per
// day, keeps the last 14, and `export -db` reads one while the database
// itself is held open (by the bot, in production).
func TestNightlyBackupsAndExportFromOne(t *testing.T) {
	dir, cfg := exportOffice(t)
	db, err := store.Open(filepath.Join(dir, "data", "fieldbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	backups := backupDir(filepath.Join(dir, "data"))
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	night := time.Date(2026, 11, 1, 3, 23, 0, 0, loc)
	for day := range 20 {
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2026-W45", Unit: "kv1", Phone: "0912345678",
				Answers: fieldbot.Answers{"viec_co_dieu_kien": fmt.Sprint(7000 + day), "viec_xong": "6300", "tien_xong": "1500000000"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := housekeeping(db, backups, night.AddDate(0, 0, day), slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(backups)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != keepBackups || !slices.Contains(names, "fieldbot-2026-11-20.db") || slices.Contains(names, "fieldbot-2026-11-06.db") {
		t.Fatalf("backups kept: %v; want the 14 newest (07/11 to 20/11)", names)
	}

	// The database stays open, as under a running bot; the copy of the
	// 10th night says what was reported by then (revision 10).
	var out strings.Builder
	env := Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &out}
	if err := exportCommand([]string{"-config", cfg, "-form", "weekly", "-db", filepath.Join(backups, "fieldbot-2026-11-10.db")}, env); err != nil {
		t.Fatalf("export -db: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), ",10,") || !strings.Contains(out.String(), "7009") {
		t.Fatalf("export of the 10th night's copy:\n%s", out.String())
	}
	err = exportCommand([]string{"-config", cfg, "-form", "weekly", "-db", filepath.Join(backups, "fieldbot-1999-01-01.db")}, env)
	if err == nil || !strings.Contains(err.Error(), "-db") {
		t.Fatalf("export of a missing copy: %v", err)
	}
	if _, err := os.Stat(filepath.Join(backups, "fieldbot-1999-01-01.db")); err == nil {
		t.Fatal("export of a missing copy created it")
	}
}
