package backups_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/backups"
	"github.com/fieldbot/fieldbot/store"
)

var ctx = context.Background()

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// put records a chat state, the simplest thing to read back.
func put(t *testing.T, db *store.DB, chat, state string) {
	t.Helper()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", chat, []byte(state)) }); err != nil {
		t.Fatal(err)
	}
}

// stateIn reads a chat state from the database file at path.
func stateIn(t *testing.T, path, chat string) string {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s []byte
	db.View(func(tx *store.Tx) error { s, err = tx.ChatState("telegram", chat); return err })
	return string(s)
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A bot holding the database answers a request: the copy arrives checked
// at the place asked for, and nothing is left in the request folder.
func TestRequestAnsweredByTheRunningBot(t *testing.T) {
	data := t.TempDir()
	db := open(t, filepath.Join(data, "fieldbot.db"))
	defer db.Close()
	for i := range 50 {
		put(t, db, fmt.Sprint(i), "đang điền báo cáo")
	}
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	dir := backups.Dir(data)
	go backups.Serve(bctx, db, dir, 20*time.Millisecond, slog.New(slog.DiscardHandler))

	out := filepath.Join(t.TempDir(), "copy.db")
	info, err := backups.Request(ctx, dir, out, 5*time.Second)
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() != info.Bytes || info.Schema != store.SchemaVersion {
		t.Fatalf("Request = %+v; the file: %v, %v", info, fi, err)
	}
	if got := stateIn(t, out, "49"); got != "đang điền báo cáo" {
		t.Errorf("the copy's chat 49 = %q", got)
	}
	if left := files(t, dir); len(left) != 0 {
		t.Errorf("left in the request folder: %v", left)
	}
	if left := files(t, filepath.Dir(out)); len(left) != 1 {
		t.Errorf("beside the copy: %v; want only copy.db", left)
	}
}

// A request folder others may enter is not served: the copies written
// there would be theirs to read.
func TestRequestFolderOthersMayEnterIsNotServed(t *testing.T) {
	data := t.TempDir()
	db := open(t, filepath.Join(data, "fieldbot.db"))
	defer db.Close()
	dir := backups.Dir(data)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	go backups.Serve(bctx, db, dir, 20*time.Millisecond, slog.New(slog.DiscardHandler))
	out := filepath.Join(t.TempDir(), "copy.db")
	if _, err := backups.Request(ctx, dir, out, 500*time.Millisecond); !errors.Is(err, backups.ErrNoAnswer) {
		t.Fatalf("Request through a folder others may enter = %v; want ErrNoAnswer", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a copy was written")
	}
}

// With no bot answering, the command says so after the pick-up time and
// leaves nothing behind.
func TestRequestWithoutABot(t *testing.T) {
	dir := backups.Dir(t.TempDir())
	os.MkdirAll(dir, 0o700)
	out := filepath.Join(t.TempDir(), "copy.db")
	_, err := backups.Request(ctx, dir, out, 300*time.Millisecond)
	if !errors.Is(err, backups.ErrNoAnswer) {
		t.Fatalf("Request with no bot = %v; want ErrNoAnswer", err)
	}
	if left := files(t, dir); len(left) != 0 {
		t.Errorf("left in the request folder: %v", left)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a copy was written")
	}
	// A bot too old to know the folder never made it.
	if _, err := backups.Request(ctx, filepath.Join(t.TempDir(), "none"), out, time.Second); !errors.Is(err, backups.ErrNoAnswer) {
		t.Errorf("Request with no request folder = %v; want ErrNoAnswer", err)
	}
}

// Back up, change the database, restore: the database says what it said
// at the backup, and the one it replaced is kept aside, named by the time.
func TestBackupRestoreRoundTrip(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, "fieldbot.db")
	db := open(t, path)
	put(t, db, "7", "before")
	copyPath := filepath.Join(t.TempDir(), "fieldbot-2026-11-27.db")
	if _, err := db.BackupFile(copyPath); err != nil {
		t.Fatal(err)
	}
	put(t, db, "7", "after")

	// While the bot holds the database, restore changes nothing.
	now := time.Date(2026, 11, 28, 10, 30, 5, 0, time.UTC)
	if _, err := backups.Restore(copyPath, path, now); !errors.Is(err, backups.ErrRunning) || !strings.Contains(err.Error(), "stop it first") {
		t.Fatalf("Restore while the bot runs = %v; want ErrRunning", err)
	}
	db.Close()
	if got := stateIn(t, path, "7"); got != "after" {
		t.Fatalf("refused restore changed the database: %q", got)
	}
	if left := files(t, data); len(left) != 1 {
		t.Fatalf("refused restore left %v", left)
	}

	r, err := backups.Restore(copyPath, path, now)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	wantAside := path + ".before-restore-20261128-103005"
	if r.Aside != wantAside || r.Copy.Schema != store.SchemaVersion || r.Copy.Bytes == 0 {
		t.Errorf("Restore = %+v; want aside %s", r, wantAside)
	}
	if got := stateIn(t, path, "7"); got != "before" {
		t.Errorf("restored database: chat 7 = %q; want before", got)
	}
	if got := stateIn(t, wantAside, "7"); got != "after" {
		t.Errorf("the database kept aside: chat 7 = %q; want after", got)
	}
	if _, err := store.CheckFile(path); err != nil {
		t.Errorf("the restored database: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("restored file mode %v; want 0600", fi.Mode())
	}
	if got := stateIn(t, copyPath, "7"); got != "before" {
		t.Errorf("the copy changed: %q", got)
	}
	if left := files(t, data); len(left) != 2 {
		t.Errorf("data folder after restore: %v; want the database and the one kept aside", left)
	}
}

// A copy that is not a sound fieldbot database is refused before anything
// is touched; a current database that is damaged is replaced (and kept).
func TestRestoreChecksTheCopy(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, "fieldbot.db")
	db := open(t, path)
	put(t, db, "7", "current")
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := db.BackupFile(good); err != nil {
		t.Fatal(err)
	}
	db.Close()
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, []byte(strings.Repeat("x", 40000)), 0o600)
	now := time.Date(2026, 11, 28, 10, 30, 5, 0, time.UTC)
	for _, src := range []string{bad, filepath.Join(t.TempDir(), "missing.db"), path} {
		if _, err := backups.Restore(src, path, now); err == nil {
			t.Errorf("Restore(%s): no error", src)
		}
	}
	if left := files(t, data); len(left) != 1 || stateIn(t, path, "7") != "current" {
		t.Fatalf("refused restores changed the data folder: %v", left)
	}

	os.WriteFile(path, nil, 0o600) // a full disk left it empty
	r, err := backups.Restore(good, path, now)
	if err != nil {
		t.Fatalf("Restore over an empty database: %v", err)
	}
	if fi, err := os.Stat(r.Aside); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was not kept aside: %v, %v", fi, err)
	}
	if stateIn(t, path, "7") != "current" {
		t.Error("restored database does not read back")
	}
}
