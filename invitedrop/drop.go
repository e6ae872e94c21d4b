// Package invitedrop hands invitations issued on the server's command line
// (`fieldbot invite`) to a running bot, which holds the database lock,
// through a folder beside the database: the command writes one file per
// invitation — only the code's keyed hash, never the code — and the bot
// imports each file into the store and deletes it.
//
// What the folder may hold is not trusted. A file the bot cannot use (not
// JSON, not a hash, valid for too long, a code already stored) is moved to
// rejected/ with one log line, so it neither blocks the files after it nor
// fills the log; a stored invitation is never replaced, so importing a
// file again cannot make a used code new; and no invitation is valid for
// longer than fieldbot.MaxInviteValidity.
//
// The other way, the running bot leaves its Telegram username beside the
// folder, from which the command makes an invitation's t.me link
// (botname.go).
package invitedrop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// Dir is the drop folder of the database kept in dataDir.
func Dir(dataDir string) string { return filepath.Join(dataDir, "invites") }

// Rejected is the subfolder files the bot could not use are moved to.
const Rejected = "rejected"

// file is one invitation as written to the folder.
type file struct {
	Hash    string       `json:"hash"`
	Invite  store.Invite `json:"invite"`
	Created time.Time    `json:"created"`
}

// Write leaves an invitation for the running bot: the keyed hash of its
// code (store.InviteHashIn) and what the store keeps of it. The file
// appears whole or not at all (a temporary file, synced, then renamed).
func Write(dir, hash string, inv store.Invite, created time.Time) error {
	if len(hash) < 16 {
		return fmt.Errorf("invitedrop: %q is not a hash", hash)
	}
	data, err := json.Marshal(file{Hash: hash, Invite: inv, Created: created})
	if err != nil {
		return err
	}
	return writeFile(dir, ".new-*", hash[:16]+".json", data)
}

// Importer moves dropped invitations into the store.
type Importer struct {
	DB    *store.DB
	Dir   string
	Log   *slog.Logger
	Every time.Duration // default 2s
	// UnitOf is the unit of a roster phone, so that the history's record
	// of an invitation is found with its unit; nil: recorded without one.
	UnitOf func(phone string) string

	stuck map[string]bool // files that could be neither imported nor moved, logged once
}

// Run imports at once and then every Every until ctx ends.
func (im *Importer) Run(ctx context.Context) {
	every := im.Every
	if every <= 0 {
		every = 2 * time.Second
	}
	for {
		if n, err := im.Once(ctx); err != nil && ctx.Err() == nil {
			im.Log.Error("cannot import invitations from the command line; retrying", "dir", im.Dir, "err", err)
		} else if n > 0 {
			im.Log.Info("invitations from the command line are now valid", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Once imports every file in the folder and returns how many it stored.
// A file that cannot be used is moved aside and the others go on; an
// error is returned only when the store or the folder itself fails, and
// the files it concerns stay for the next round.
func (im *Importer) Once(ctx context.Context) (int, error) {
	entries, err := os.ReadDir(im.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || im.stuck[e.Name()] {
			continue
		}
		path := filepath.Join(im.Dir, e.Name())
		err := im.importFile(ctx, path)
		switch {
		case err == nil:
			n++
			if err := os.Remove(path); err != nil {
				errs = append(errs, err)
			}
		case isRefusal(err):
			im.reject(e.Name(), err)
		default:
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
		}
	}
	return n, errors.Join(errs...)
}

// refusal is a file the bot will never be able to use.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }

func isRefusal(err error) bool {
	var r refusal
	return errors.As(err, &r)
}

func (im *Importer) importFile(ctx context.Context, path string) error {
	data, err := readFile(path)
	if err != nil {
		return refusal{err}
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return refusal{fmt.Errorf("not an invitation: %w", err)}
	}
	// The history records who was invited, from the server, when: only
	// what the store keeps, never the code (the file has only its hash).
	e := fieldbot.Event{At: f.Invite.Issued, Kind: fieldbot.EventInvite, Via: "server", Person: f.Invite.Phone}
	if im.UnitOf != nil {
		e.Unit = im.UnitOf(f.Invite.Phone)
	}
	err = im.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.PutInviteHash(f.Hash, f.Invite); err != nil {
			return err
		}
		return tx.AppendEvent(e)
	})
	if c := fieldbot.ErrorCode(err); c == fieldbot.EINVALID || c == fieldbot.ECONFLICT {
		return refusal{err}
	}
	return err
}

// reject moves a file to rejected/ and says so once.
func (im *Importer) reject(name string, why error) {
	dir := filepath.Join(im.Dir, Rejected)
	err := os.MkdirAll(dir, 0o700)
	if err == nil {
		err = os.Rename(filepath.Join(im.Dir, name), filepath.Join(dir, name))
	}
	if err != nil {
		if im.stuck == nil {
			im.stuck = map[string]bool{}
		}
		im.stuck[name] = true
		im.Log.Error("invitation file refused and cannot be moved aside; skipping it", "file", filepath.Join(im.Dir, name), "why", why, "err", err)
		return
	}
	im.Log.Warn("invitation file refused; moved aside", "file", filepath.Join(dir, name), "why", why)
}
