// Package backups makes, hands over and restores copies of the database
// file, always checked with bbolt's consistency check (store.CheckFile)
// before a copy is kept or put in place.
//
// A running bot holds the database's lock, and bbolt's read-only opening
// takes a shared lock that waits for it, so no other process can read the
// file while the bot runs. `fieldbot backup` therefore asks the bot, as
// `fieldbot invite` does, through a folder beside the database that only
// the bot's user may enter (data_dir/backup-requests, 0700):
//
//  1. the command creates ID.request (ID random);
//  2. the bot, which looks every few seconds (Serve), renames it ID.taken,
//     writes ID.db with store.DB.BackupFile (a consistent snapshot, fsynced
//     and checked before it is renamed into place) and then ID.done, a
//     JSON {"bytes": N} or {"error": "..."};
//  3. the command copies ID.db to where it was asked to (fsynced, checked
//     again, then renamed into place) and removes every ID.* file.
//
// A command that gives up removes its files; a bot that finds ID.taken
// gone after writing the copy removes the copy. A bot that never renames
// the request (an older fieldbot) is reported after PickUp. The bot writes
// only inside its data folder; the command writes the file it was given.
//
// Restore is the other way: refused while a bot holds the database, it
// puts a checked copy in place and keeps the database it replaces beside
// it.
package backups

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

// Dir is the request folder of the database in dataDir.
func Dir(dataDir string) string { return filepath.Join(dataDir, "backup-requests") }

// PickUp is how long Request waits for a running bot to take a request
// before saying it does not answer: the bot looks every Every.
const (
	Every  = 2 * time.Second
	PickUp = 15 * time.Second
)

// result is the ID.done file.
type result struct {
	Bytes int64  `json:"bytes,omitempty"`
	Error string `json:"error,omitempty"`
}

// ErrNoAnswer is wrapped by Request's error when no bot took the request.
var ErrNoAnswer = errors.New("the running fieldbot did not take the backup request")

// Serve answers backup requests in dir until ctx ends, looking every
// interval (Every in production). Each is logged.
func Serve(ctx context.Context, db *store.DB, dir string, interval time.Duration, log *slog.Logger) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Error("no backups on request: cannot create the request folder", "dir", dir, "err", err)
		return
	}
	// Copies of the whole database are written there: a folder others
	// may enter (made by hand, or by a careless chmod) would hand them
	// out. MkdirAll keeps the mode of a folder that exists.
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 {
		log.Error("no backups on request: the request folder must be the bot user's alone (chmod 700)", "dir", dir, "err", err)
		return
	}
	for {
		if err := answer(db, dir, log); err != nil {
			log.Error("cannot answer backup requests", "dir", dir, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// answer writes the copy of every waiting request.
func answer(db *store.DB, dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".request")
		if !ok || e.IsDir() {
			continue
		}
		base := filepath.Join(dir, id)
		if err := os.Rename(base+".request", base+".taken"); err != nil {
			continue // the command gave up meanwhile
		}
		var res result
		res.Bytes, err = db.BackupFile(base + ".db")
		if err != nil {
			res = result{Error: err.Error()}
			log.Error("backup on request failed", "request", id, "err", err)
		} else {
			log.Info("database backed up on request", "request", id, "bytes", res.Bytes)
		}
		data, _ := json.Marshal(res)
		if err := writeFile(base+".done", data); err != nil {
			return err
		}
		if _, err := os.Stat(base + ".taken"); errors.Is(err, os.ErrNotExist) {
			os.Remove(base + ".db") // nobody waits for it any more
			os.Remove(base + ".done")
		}
	}
	return nil
}

// Request asks the bot holding the database beside dir for a copy and
// writes it to out: checked, fsynced, renamed into place. It gives up
// with an error wrapping ErrNoAnswer when no bot takes the request within
// pickUp, and when ctx ends.
func Request(ctx context.Context, dir, out string, pickUp time.Duration) (store.FileInfo, error) {
	var raw [8]byte
	rand.Read(raw[:])
	base := filepath.Join(dir, hex.EncodeToString(raw[:]))
	defer func() {
		for _, ext := range []string{".request", ".taken", ".db", ".done"} {
			os.Remove(base + ext)
		}
	}()
	deadline := time.NewTimer(pickUp)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	// The bot makes the folder as it starts (and it alone: one made here
	// by root would shut the bot out); wait for a bot that is starting.
	for {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return store.FileInfo{}, ctx.Err()
		case <-deadline.C:
			return store.FileInfo{}, fmt.Errorf("%w: it has no request folder %s: is it an older fieldbot than this one?", ErrNoAnswer, dir)
		case <-tick.C:
		}
	}
	f, err := os.OpenFile(base+".request", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return store.FileInfo{}, fmt.Errorf("cannot ask the running bot for a copy: %w", err)
	}
	f.Close()
	for {
		select {
		case <-ctx.Done():
			return store.FileInfo{}, ctx.Err()
		case <-deadline.C:
			if _, err := os.Stat(base + ".request"); err == nil {
				return store.FileInfo{}, fmt.Errorf("%w within %v (%s): is it an older fieldbot than this one?", ErrNoAnswer, pickUp, dir)
			}
		case <-tick.C:
		}
		data, err := os.ReadFile(base + ".done")
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return store.FileInfo{}, err
		}
		var res result
		if err := json.Unmarshal(data, &res); err != nil {
			return store.FileInfo{}, fmt.Errorf("the running bot's answer %s: %w", base+".done", err)
		}
		if res.Error != "" {
			return store.FileInfo{}, fmt.Errorf("the running bot could not make the copy: %s", res.Error)
		}
		return Place(base+".db", out)
	}
}

// Place copies the database file src to dst through a temporary file
// beside dst that is fsynced and checked (store.CheckFile) before it is
// renamed into place: dst is either as it was or a checked copy.
func Place(src, dst string) (store.FileInfo, error) {
	in, err := os.Open(src)
	if err != nil {
		return store.FileInfo{}, err
	}
	defer in.Close()
	dir := filepath.Dir(dst)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return store.FileInfo{}, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	_, err = io.Copy(tmp, in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return store.FileInfo{}, fmt.Errorf("copy to %s: %w", dst, err)
	}
	info, err := store.CheckFile(tmp.Name())
	if err != nil {
		return store.FileInfo{}, fmt.Errorf("the copy for %s failed its check, nothing was written: %w", dst, err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return store.FileInfo{}, err
	}
	return info, syncDir(dir)
}

// writeFile writes data to path atomically (temp file, fsync, rename).
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".new-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
