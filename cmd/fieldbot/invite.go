package main

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
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// dropDir is where `fieldbot invite` leaves invitations for a running
// bot, which holds the database lock: only the code's hash is written.
func dropDir(dataDir string) string { return filepath.Join(dataDir, "invites") }

// dropped is an invitation file.
type dropped struct {
	Hash    string       `json:"hash"`
	Invite  store.Invite `json:"invite"`
	Created time.Time    `json:"created"`
}

// inviteCommand issues a one-time code for a roster phone, whether or not
// the bot is running. The code is printed and never stored.
func inviteCommand(ctx context.Context, args []string, env Env) error {
	var path, phone string
	fs := flags("invite", env, &path)
	fs.StringVar(&phone, "phone", "", "the roster phone of the person to invite")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if phone == "" {
		return usageError{"invite needs -phone"}
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	norm, err := fieldbot.NormalizePhone(phone)
	if err != nil {
		return usageError{fmt.Sprintf("-phone %q: %v", phone, err)}
	}
	person, ok := cfg.Roster.Lookup(norm)
	if !ok {
		return fmt.Errorf("%s is not in the roster (%s)", phone, cfg.RosterPath)
	}
	now := env.now()
	code, inv := newInvitation(person, "command line", now)
	dir := dataDirOf(cfg)
	path = filepath.Join(dir, "fieldbot.db")
	where := "saved in " + path
	db, err := store.Open(path, store.Options{Timeout: 300 * time.Millisecond, Now: env.now})
	switch {
	case err == nil:
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.PutInvite(code, inv) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		where = "handed to the running bot through " + dropDir(dir) + " (valid within seconds)"
		err = drop(dropDir(dir), dropped{Hash: store.InviteHash(code), Invite: inv, Created: now})
	}
	if err != nil {
		return err
	}
	if cfg.Telegram.Token == "" && cfg.Zalo.Token == "" {
		where += " — the SANDBOX's database: no token is configured here (set FIELDBOT_TELEGRAM_TOKEN or FIELDBOT_ZALO_TOKEN as for the bot)"
	}
	fmt.Fprintln(env.Stderr, "fieldbot: invitation "+where)
	lang, err := locale.ParseLang(cfg.Language)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.New(lang).T("invite.cli", "name", person.Name, "phone", person.Phone,
		"code", fieldbot.FormatInviteCode(code), "expires", locale.FormatDateTime(now.Add(fieldbot.InviteValidity).In(cfg.Calendar.Location))))
	return nil
}

// newInvitation makes a one-time code for a person and what the store
// keeps of it (only its hash, with the person and its validity).
func newInvitation(p fieldbot.Person, by string, now time.Time) (string, store.Invite) {
	return fieldbot.NewInviteCode(), store.Invite{Phone: p.Phone, IssuedBy: by, Issued: now, Expires: now.Add(fieldbot.InviteValidity)}
}

// issueInvitation saves a new code for a roster phone in an open store
// and returns it as people type it (K7PQ-2MXA).
func issueInvitation(ctx context.Context, db *store.DB, cfg *config.Config, phone, by string, now time.Time) (string, error) {
	norm, err := fieldbot.NormalizePhone(phone)
	if err != nil {
		return "", err
	}
	p, ok := cfg.Roster.Lookup(norm)
	if !ok {
		return "", fmt.Errorf("%s is not in the roster", phone)
	}
	code, inv := newInvitation(p, by, now)
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutInvite(code, inv) }); err != nil {
		return "", err
	}
	return fieldbot.FormatInviteCode(code), nil
}

// drop writes an invitation file atomically (temp file, then rename), so
// the bot never reads half of one.
func drop(dir string, d dropped) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".new-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, d.Hash[:16]+".json"))
}

// importInvites moves dropped invitations into the store every few
// seconds while the bot runs (and once at start).
func importInvites(ctx context.Context, db *store.DB, dir string, log *slog.Logger) {
	for {
		if n, err := importOnce(ctx, db, dir); err != nil {
			log.Error("cannot import invitations from the command line", "dir", dir, "err", err)
		} else if n > 0 {
			log.Info("invitations from the command line are now valid", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
}

func importOnce(ctx context.Context, db *store.DB, dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(file)
		if err != nil {
			return n, err
		}
		var d dropped
		if err := json.Unmarshal(data, &d); err != nil {
			return n, fmt.Errorf("%s: %w", file, err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutInviteHash(d.Hash, d.Invite) }); err != nil {
			return n, err
		}
		if err := os.Remove(file); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// dataDirOf is where the bot keeps its database: the sandbox's apart.
func dataDirOf(cfg *config.Config) string {
	if cfg.Telegram.Token == "" && cfg.Zalo.Token == "" {
		return filepath.Join(cfg.DataDir, "sandbox")
	}
	return cfg.DataDir
}
