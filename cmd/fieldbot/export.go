package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
		db, err = openCopy(dbPath, env)
	} else {
		// No config at all: `fieldbot` is the sandbox, and so is its export.
		dataDir, _ := databaseOf(fs, cfg, env)
		db, err = openForExport(dataDir, env)
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

// writeExport writes one row per submission (its latest revision), as a
// file people open in Excel: UTF-8 with a byte order mark, without which
// Excel reads Vietnamese as Windows-1258, and no cell that a spreadsheet
// would run as a formula.
func writeExport(w io.Writer, db *store.DB, form *fieldbot.Form, roster *fieldbot.Roster, loc *time.Location) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
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
		for i := range row {
			row[i] = safeCell(row[i])
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// plainNumber is a number as the bot writes answers down (canonical
// counts, đồng, numbers and percentages: "-5", "83.9"): data, never a
// formula, so it stays as it is and stays a number in the spreadsheet.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// safeCell neutralises a cell a spreadsheet would run as a formula — one
// that begins with = + - @, a tab or a carriage return, such as a note
// typed as =HYPERLINK(...) — by putting an apostrophe before it (OWASP's
// advice on CSV injection); Excel shows the text and hides the apostrophe.
func safeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// openStore opens the bot's database, failing fast with a clear message
// when a running bot holds it.
func openStore(dataDir string, env Env) (*store.DB, error) {
	path := filepath.Join(dataDir, "fieldbot.db")
	db, err := store.Open(path, store.Options{Timeout: 2 * time.Second, Now: env.now})
	switch {
	case fieldbot.ErrorCode(err) == fieldbot.ELOCKED:
		return nil, fmt.Errorf("%s is in use by a running fieldbot; stop the bot first, or export a nightly copy with -db %s",
			path, filepath.Join(backupDir(dataDir), "fieldbot-YYYY-MM-DD.db"))
	case errors.Is(err, store.ErrNotDatabase):
		// Starting would make it a new empty database, and the nightly
		// backups would then rotate the good copies away.
		return nil, fmt.Errorf("%v. fieldbot did not start and left the file as it is. "+
			"Restore the latest good copy: copy the newest %s over %s (or move %s away to start with an empty database), then start again",
			err, filepath.Join(backupDir(dataDir), "fieldbot-YYYY-MM-DD.db"), path, path)
	}
	return db, err
}

// openForExport opens the bot's database read-only for an export. It
// must exist: an export never creates one. A configuration whose only
// database is the sandbox's is told where that one is.
func openForExport(dataDir string, env Env) (*store.DB, error) {
	path := filepath.Join(dataDir, "fieldbot.db")
	db, err := openReadOnly(path, env)
	switch fieldbot.ErrorCode(err) {
	case fieldbot.ENOTFOUND:
		msg := fmt.Sprintf("there is no database at %s: no bot has run with this config (data_dir)", path)
		if sb := filepath.Join(sandboxDir(dataDir), "fieldbot.db"); exists(sb) {
			msg += fmt.Sprintf("; the sandbox keeps its own at %s: export it with -db %s (with the sandbox stopped)", sb, sb)
		}
		return nil, errors.New(msg)
	case fieldbot.ELOCKED:
		return nil, fmt.Errorf("%s is in use by a running fieldbot; stop the bot first, or export a nightly copy with -db %s",
			path, filepath.Join(backupDir(dataDir), "fieldbot-YYYY-MM-DD.db"))
	}
	return db, err
}

// openCopy opens a copy of the database named on the command line (-db),
// read-only: the copy stays byte for byte as it was.
func openCopy(path string, env Env) (*store.DB, error) {
	db, err := openReadOnly(path, env)
	switch fieldbot.ErrorCode(err) {
	case fieldbot.ENOTFOUND:
		return nil, usageError{fmt.Sprintf("-db: %s does not exist", path)}
	case fieldbot.ELOCKED:
		return nil, fmt.Errorf("-db: %s is in use by a running fieldbot; export one of its nightly copies instead", path)
	}
	return db, err
}

func openReadOnly(path string, env Env) (*store.DB, error) {
	return store.Open(path, store.Options{Timeout: 2 * time.Second, Now: env.now, ReadOnly: true})
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
