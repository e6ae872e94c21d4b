package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

func exportCommand(args []string, env Env) error {
	var path, formID, outPath, dbPath string
	fs := flags("export", env, &path)
	fs.StringVar(&formID, "form", "", "the form to export (required)")
	fs.StringVar(&outPath, "o", "-", "the CSV file to write (- for standard output)")
	fs.StringVar(&dbPath, "db", "", "read this database file, such as a nightly copy in data_dir/backups, instead of the bot's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(path, env)
	if err != nil {
		return err
	}
	form, ok := cfg.Form(formID)
	if !ok {
		return usageError{fmt.Sprintf("-form %q is not a form of %s", formID, cfg.Path)}
	}
	var db *store.DB
	if dbPath != "" {
		db, err = openBackup(dbPath, env)
	} else {
		db, err = openStore(cfg.DataDir, env)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if outPath == "-" {
		return writeExport(env.Stdout, db, form, cfg.Roster, cfg.Calendar.Location)
	}
	// Write beside the target and rename, so a failed export never leaves
	// a half-written file where a good one was.
	tmp, err := os.CreateTemp(filepath.Dir(outPath), ".fieldbot-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := writeExport(tmp, db, form, cfg.Roster, cfg.Calendar.Location); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), outPath)
}

// writeExport writes one row per submission (its latest revision).
func writeExport(w io.Writer, db *store.DB, form *fieldbot.Form, roster *fieldbot.Roster, loc *time.Location) error {
	cw := csv.NewWriter(w)
	header := []string{"form", "period", "unit", "phone", "name", "revision", "submitted_at"}
	for _, f := range form.Fields {
		header = append(header, f.ID)
	}
	header = append(header, "submitted_by", "submitted_via") // who saved the revision, and from which account
	if err := cw.Write(header); err != nil {
		return err
	}
	err := db.LatestSubmissions(form.ID, func(s fieldbot.Submission) error {
		name := ""
		if p, ok := roster.Lookup(s.Phone); ok {
			name = p.Name
		}
		row := []string{s.Form, s.Period, s.Unit, s.Phone, name, fmt.Sprint(s.Revision), s.SubmittedAt.In(loc).Format(time.RFC3339)}
		for _, f := range form.Fields {
			row = append(row, s.Answers[f.ID]) // canonical: integers for counts and đồng
		}
		row = append(row, s.SubmittedBy, s.Via)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// openStore opens the bot's database, failing fast with a clear message
// when a running bot holds it.
func openStore(dataDir string, env Env) (*store.DB, error) {
	path := filepath.Join(dataDir, "fieldbot.db")
	db, err := store.Open(path, store.Options{Timeout: 2 * time.Second, Now: env.now})
	if fieldbot.ErrorCode(err) == fieldbot.ELOCKED {
		return nil, fmt.Errorf("%s is in use by a running fieldbot; stop the bot first, or export a nightly copy with -db %s",
			path, filepath.Join(backupDir(dataDir), "fieldbot-YYYY-MM-DD.db"))
	}
	return db, err
}

// openBackup opens a copy of the database named on the command line; it
// must exist (store.Open would create an empty one).
func openBackup(path string, env Env) (*store.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, usageError{fmt.Sprintf("-db: %v", err)}
	}
	return store.Open(path, store.Options{Timeout: 2 * time.Second, Now: env.now})
}
