package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/backups"
	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/store"
)

// databaseOf is the database a maintenance command works on, by export's
// rule: the config's data_dir, or the sandbox's with no config at all.
func databaseOf(fs *flag.FlagSet, cfg *config.Config, env Env) (dataDir, path string) {
	dataDir = cfg.DataDir
	if !hasChannel(cfg) && sandboxByDefault(fs, env) {
		dataDir = sandboxDir(cfg.DataDir)
	}
	return dataDir, filepath.Join(dataDir, "fieldbot.db")
}

// backupCommand writes a consistent, checked copy of the database to -o,
// whether or not the bot runs: a stopped bot's file is copied here, a
// running bot is asked to write the copy (package backups).
func backupCommand(ctx context.Context, args []string, env Env) error {
	var path, out string
	fs := flags("backup", env, &path)
	fs.StringVar(&out, "o", "", "the file to write the copy to (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if out == "" || fs.NArg() > 0 {
		return usageError{"backup needs -o FILE (and nothing else)"}
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	dataDir, dbPath := databaseOf(fs, cfg, env)
	how := "the bot is not running: copied here"
	var info store.FileInfo
	db, err := store.Open(dbPath, store.Options{ReadOnly: true, Timeout: 300 * time.Millisecond, Now: env.now})
	switch {
	case err == nil:
		info.Schema, err = db.Schema()
		if err == nil {
			info.Bytes, err = db.BackupFile(out) // checked before it is renamed into place
		}
		db.Close()
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		how = "written by the running bot"
		info, err = backups.Request(ctx, backups.Dir(dataDir), out, backups.PickUp)
	case fieldbot.ErrorCode(err) == fieldbot.ENOTFOUND:
		return fmt.Errorf("there is no database at %s: no bot has run with this config (data_dir)", dbPath)
	}
	if err != nil {
		return fmt.Errorf("backup of %s: %w", dbPath, err)
	}
	fmt.Fprintf(env.Stdout, "fieldbot: backed up %s to %s (%d bytes, schema %d, consistency check passed; %s)\n",
		dbPath, out, info.Bytes, info.Schema, how)
	return nil
}

// restoreCommand puts a checked copy in place of the database, with the
// bot stopped, keeping the database it replaces beside it.
func restoreCommand(args []string, env Env) error {
	var path string
	fs := flags("restore", env, &path)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"restore needs the copy to restore: fieldbot restore -config FILE data/backups/fieldbot-YYYY-MM-DD.db"}
	}
	src := fs.Arg(0)
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	_, dbPath := databaseOf(fs, cfg, env)
	r, err := backups.Restore(src, dbPath, env.now().In(cfg.Calendar.Location))
	if err != nil {
		return err
	}
	w := env.Stdout
	fmt.Fprintf(w, "fieldbot: %s passed the consistency check (%d bytes, schema %d)\n", src, r.Copy.Bytes, r.Copy.Schema)
	if r.Aside != "" {
		fmt.Fprintf(w, "fieldbot: the database it replaces is kept as %s (delete it once the bot runs well)\n", r.Aside)
	}
	fmt.Fprintf(w, "fieldbot: restored %s as %s; start the bot again (systemctl start fieldbot)\n", src, dbPath)
	if os.Geteuid() == 0 {
		fmt.Fprintf(w, "fieldbot: run as root, the restored file belongs to root: give it to the bot's user (chown fieldbot:fieldbot %s)\n", dbPath)
	}
	return nil
}
