package backups

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// ErrRunning is wrapped by Restore's error when a bot holds the database.
var ErrRunning = errors.New("a running fieldbot holds the database")

// Restored says what Restore did.
type Restored struct {
	Copy store.FileInfo // the copy now in place
	// Aside is where the database it replaced was kept; "" when there was
	// none.
	Aside string
}

// Restore puts the database copy src in place of the database at dbPath.
// It refuses a copy that fails store.CheckFile, and refuses while a bot
// holds dbPath (error wrapping ErrRunning), changing nothing in either
// case. The database it replaces, sound or not, is renamed
// dbPath.before-restore-YYYYMMDD-HHMMSS (now's wall time) and never
// deleted. The copy goes through a fsynced temporary file beside dbPath,
// so dbPath is at every moment absent for an instant at most, never half
// written; src is not changed.
func Restore(src, dbPath string, now time.Time) (Restored, error) {
	if abs, err := filepath.Abs(src); err == nil {
		if db, err := filepath.Abs(dbPath); err == nil && abs == db {
			return Restored{}, fmt.Errorf("%s is the database itself: name a copy, such as one in the backups folder", src)
		}
	}
	if _, err := store.CheckFile(src); err != nil {
		return Restored{}, fmt.Errorf("%s cannot be restored: %w", src, err)
	}
	// The bot holds an exclusive lock; even a read-only open waits for it.
	// A current file that is not a database at all (the reason for a
	// restore, often) cannot be held by a bot: fieldbot refuses to start
	// on one.
	exists := true
	switch db, err := store.Open(dbPath, store.Options{ReadOnly: true, Timeout: 500 * time.Millisecond}); {
	case err == nil:
		db.Close()
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		return Restored{}, fmt.Errorf("%w (%s): stop it first (systemctl stop fieldbot), then restore", ErrRunning, dbPath)
	case fieldbot.ErrorCode(err) == fieldbot.ENOTFOUND:
		exists = false
	case errors.Is(err, store.ErrNotDatabase), fieldbot.ErrorCode(err) == fieldbot.EINVALID:
		// damaged, or written by a newer fieldbot: kept aside below
	default:
		return Restored{}, err
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Restored{}, err
	}
	staged := filepath.Join(dir, "."+filepath.Base(dbPath)+".restore")
	info, err := Place(src, staged)
	if err != nil {
		return Restored{}, err
	}
	defer os.Remove(staged) // fails harmlessly after the rename
	var r Restored
	if exists {
		r.Aside = dbPath + ".before-restore-" + now.Format("20060102-150405")
		if _, err := os.Lstat(r.Aside); err == nil {
			return Restored{}, fmt.Errorf("%s already exists: try again in a second", r.Aside)
		}
		if err := os.Rename(dbPath, r.Aside); err != nil {
			return Restored{}, fmt.Errorf("keep the current database aside: %w", err)
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		if r.Aside != "" {
			os.Rename(r.Aside, dbPath)
		}
		return Restored{}, err
	}
	if err := syncDir(dir); err != nil {
		return Restored{}, err
	}
	r.Copy = info
	return r, nil
}
