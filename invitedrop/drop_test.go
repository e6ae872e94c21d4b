package invitedrop_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/invitedrop"
	"github.com/fieldbot/fieldbot/store"
)

var clock = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type rig struct {
	db   *store.DB
	data string // the data folder
	im   *invitedrop.Importer
	logs *bytes.Buffer
}

func newRig(t *testing.T) *rig {
	t.Helper()
	data := t.TempDir()
	db, err := store.Open(filepath.Join(data, "fieldbot.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &bytes.Buffer{}
	im := &invitedrop.Importer{DB: db, Dir: invitedrop.Dir(data), Log: slog.New(slog.NewTextHandler(logs, nil))}
	return &rig{db: db, data: data, im: im, logs: logs}
}

// drop writes code's invitation as `fieldbot invite` does and returns the
// file's name.
func (r *rig) drop(t *testing.T, code string, inv store.Invite) {
	t.Helper()
	hash, err := store.InviteHashIn(r.data, code)
	if err != nil {
		t.Fatal(err)
	}
	if err := invitedrop.Write(invitedrop.Dir(r.data), hash, inv, clock); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) redeem(t *testing.T, code string) bool {
	t.Helper()
	var ok bool
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		_, ok, err = tx.RedeemInvite(code, "zalo:u1", clock.Add(time.Minute))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func (r *rig) files(t *testing.T, sub string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(invitedrop.Dir(r.data), sub))
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func invite(d time.Duration) store.Invite {
	return store.Invite{Phone: "0912345678", IssuedBy: "command line", Issued: clock, Expires: clock.Add(d)}
}

// An unparsable file, a file valid for a year and a file that would
// store a used code again are each moved to rejected/ with one log line;
// the good files around them are imported, and rounds after that are
// quiet. Before, the first bad file stopped the import of every file
// after it and was logged every 2 s; a file dropped again revived a used
// code; any expiry was accepted.
func TestBadFilesAreMovedAsideAndBlockNothing(t *testing.T) {
	r := newRig(t)
	dir := invitedrop.Dir(r.data)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// "0…" sorts before every hash-named file.
	if err := os.WriteFile(filepath.Join(dir, "0000-garbage.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.drop(t, "GOOD2222", invite(72*time.Hour))
	r.drop(t, "LONG3333", invite(365*24*time.Hour))
	n, err := r.im.Once(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("Once = %d, %v; want the good file imported", n, err)
	}
	if !r.redeem(t, "GOOD2222") {
		t.Error("the good code, dropped after a bad file, does not work")
	}
	if r.redeem(t, "LONG3333") {
		t.Error("a code valid for a year was stored")
	}
	if got := r.files(t, ""); len(got) != 0 {
		t.Errorf("files left in the drop folder: %v", got)
	}
	if got := r.files(t, invitedrop.Rejected); len(got) != 2 {
		t.Errorf("rejected/ holds %v; want the garbage and the year-long invitation", got)
	}

	// The used code's file dropped again (a backup of the folder restored,
	// a copy made by hand) does not make it new.
	r.drop(t, "GOOD2222", invite(72*time.Hour))
	if n, err := r.im.Once(context.Background()); err != nil || n != 0 {
		t.Errorf("Once = %d, %v; want the re-dropped code refused", n, err)
	}
	if r.redeem(t, "GOOD2222") {
		t.Error("a used code was revived by dropping its file again")
	}

	// Later rounds have nothing to say.
	before := r.logs.Len()
	for range 3 {
		if _, err := r.im.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if r.logs.Len() != before {
		t.Errorf("later rounds logged: %s", r.logs.String()[before:])
	}
	if got := strings.Count(r.logs.String(), "moved aside"); got != 3 {
		t.Errorf("%d 'moved aside' lines; want one per refused file (3):\n%s", got, r.logs)
	}
}

// An imported invitation is written to the history in the same
// transaction, as from the server, with the person's unit and never the
// code; a refused file writes nothing.
func TestImportedInvitationIsInTheHistory(t *testing.T) {
	r := newRig(t)
	r.im.UnitOf = func(phone string) string {
		if phone == "0912345678" {
			return "kv1"
		}
		return ""
	}
	r.drop(t, "GOOD2222", invite(72*time.Hour))
	r.drop(t, "LONG3333", invite(365*24*time.Hour))
	if n, err := r.im.Once(context.Background()); err != nil || n != 1 {
		t.Fatalf("Once = %d, %v", n, err)
	}
	events, err := r.db.EventsOf(nil, "", 10)
	if err != nil || len(events) != 1 {
		t.Fatalf("history = %+v, %v; want one invitation", events, err)
	}
	e := events[0]
	if e.Kind != fieldbot.EventInvite || e.By != "" || e.Via != "server" || e.Unit != "kv1" || e.Person != "0912345678" || !e.At.Equal(clock) || e.Ref != "" || len(e.Changes) != 0 {
		t.Errorf("history = %+v; want the invitation of 0912345678 in kv1 from the server at %v", e, clock)
	}
	// Dropped again: refused, and not recorded twice.
	r.drop(t, "GOOD2222", invite(72*time.Hour))
	r.im.Once(context.Background())
	if events, _ := r.db.EventsOf(nil, "", 10); len(events) != 1 {
		t.Errorf("a refused file was recorded: %+v", events)
	}
}

// A file too large to be an invitation is moved aside without being read
// whole; the good file beside it is imported.
func TestHugeFileIsMovedAside(t *testing.T) {
	r := newRig(t)
	dir := invitedrop.Dir(r.data)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	big := append([]byte(`{"hash":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	if err := os.WriteFile(filepath.Join(dir, "0000-huge.json"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	r.drop(t, "GOOD4444", invite(72*time.Hour))
	if n, err := r.im.Once(context.Background()); err != nil || n != 1 {
		t.Fatalf("Once = %d, %v; want the good file imported", n, err)
	}
	if got := r.files(t, invitedrop.Rejected); len(got) != 1 {
		t.Errorf("rejected/ holds %v; want the huge file", got)
	}
}
