package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fieldbot/fieldbot/config"
	"github.com/fieldbot/fieldbot/store"
)

func checkConfigCommand(args []string, env Env) error {
	var path string
	fs := flags("check-config", env, &path)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The environment is read exactly as `run` reads it (config.Load), and
	// what run would refuse is refused here.
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	sandbox := false
	if !hasChannel(cfg) {
		if !sandboxByDefault(fs, env) {
			return noChannel(path)
		}
		sandbox = true
	}
	fmt.Fprintf(env.Stdout, "%s: OK — %d units, %d people, %d forms, %d indicators, %d targets\n",
		cfg.Path, len(cfg.Tree.Units()), len(cfg.Roster.People()), len(cfg.Forms), len(cfg.Indicators), len(cfg.Targets))
	if sandbox {
		fmt.Fprintln(env.Stdout, "No token and no config named: `fieldbot` runs this as the sandbox.")
		return nil
	}
	fmt.Fprintln(env.Stdout, sourceInForce(cfg, env))
	return nil
}

// sourceInForce says which roster and targets the next start puts in
// force: the files, when they changed since they were last applied, or
// what was confirmed in chat since (store.Settle).
func sourceInForce(cfg *config.Config, env Env) string {
	path := filepath.Join(cfg.DataDir, "fieldbot.db")
	if _, err := os.Stat(path); err != nil {
		return "People and targets: the files (no database yet: the first start applies them)."
	}
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 300 * time.Millisecond, Now: env.now})
	if err != nil {
		return "People and targets: cannot tell while the bot holds the database (" + err.Error() + "); at its next start, a file changed since it was last applied replaces what was confirmed in chat."
	}
	defer db.Close()
	s, r, t, err := db.Pending(cfg.Roster.People(), cfg.Targets)
	if err != nil {
		return "People and targets: the database cannot be read: " + err.Error()
	}
	say := func(what string, fromFile bool, n int, by string, at time.Time) string {
		switch {
		case fromFile:
			return fmt.Sprintf("%s: the file changed since it was last applied, so the next start applies it (replacing the %d in force).", what, n)
		case by != "":
			return fmt.Sprintf("%s: the %d confirmed in chat by %s on %s stay in force (the file is unchanged since it was last applied).", what, n, by, at.In(cfg.Calendar.Location).Format("02/01/2006 15:04"))
		}
		return fmt.Sprintf("%s: the file, as applied (%d).", what, n)
	}
	return say("People", s.RosterFromFile, len(r.People), r.By, r.Updated) + "\n" + say("Targets", s.TargetsFromFile, len(t.Targets), t.By, t.Updated)
}
