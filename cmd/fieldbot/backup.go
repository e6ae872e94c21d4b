package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

// keepBackups is how many nightly copies of the database are kept: two
// weeks, so a mistake noticed at the next Friday digest can still be undone.
const keepBackups = 14

// backupDir is where the nightly copies go.
func backupDir(dataDir string) string { return filepath.Join(dataDir, "backups") }

// backup writes tonight's consistent copy of the database while the bot
// runs (fsynced, checked with bbolt's consistency check, then renamed into
// place: a copy that fails is not kept) and removes the oldest copies
// beyond keepBackups. A copy is a whole fieldbot.db: `fieldbot restore`
// puts one back with the bot stopped; `fieldbot export -db` reads one
// without stopping anything.
func backup(db *store.DB, dir string, now time.Time, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(dir, "fieldbot-"+now.Format("2006-01-02")+".db")
	size, err := db.BackupFile(path)
	if err != nil {
		return err
	}
	log.Info("database backed up", "file", path, "bytes", size)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var copies []string // names sort by date
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasPrefix(name, "fieldbot-") && strings.HasSuffix(name, ".db") {
			copies = append(copies, name)
		}
	}
	slices.Sort(copies)
	for _, old := range copies[:max(0, len(copies)-keepBackups)] {
		if err := os.Remove(filepath.Join(dir, old)); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return nil
}
