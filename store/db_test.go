package store_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	_, path := tempDB(t)
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("permissions of %s = %v; want %v", p, got, want)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	db, _ := tempDB(t)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.BindAccount(store.Account{Channel: "telegram", UserID: "42", Chat: "42", Phone: "0912345678"}); err != nil {
			return err
		}
		if err := tx.PutChatState("telegram", "42", []byte("state")); err != nil {
			return err
		}
		if _, err := tx.Enqueue(store.Outgoing{Channel: "telegram", Chat: "42", Payload: []byte("hi")}); err != nil {
			return err
		}
		_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678", Answers: fieldbot.Answers{"a": "1"}})
		return err
	})
	db = reopen(t, db)
	view(t, db, func(tx *store.Tx) error {
		if a, ok, err := tx.Account("telegram", "42"); err != nil || !ok || a.Phone != "0912345678" || !a.Bound.Equal(clock) {
			t.Errorf("Account = %+v, %v, %v", a, ok, err)
		}
		if s, err := tx.ChatState("telegram", "42"); err != nil || string(s) != "state" {
			t.Errorf("ChatState = %q, %v", s, err)
		}
		s, ok, err := tx.Latest(fieldbot.SubmissionKey{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678"})
		if err != nil || !ok || s.Answers["a"] != "1" || s.Revision != 1 {
			t.Errorf("Latest = %+v, %v, %v", s, ok, err)
		}
		return nil
	})
	if out, err := db.Outbox("telegram"); err != nil || len(out) != 1 || string(out[0].Payload) != "hi" {
		t.Errorf("Outbox = %+v, %v", out, err)
	}
}

func schemaOf(t *testing.T, path string) (uint64, []string) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v uint64
	var buckets []string
	raw.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket([]byte("meta")); m != nil {
			v = binary.BigEndian.Uint64(m.Get([]byte("schema")))
		}
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			buckets = append(buckets, string(name))
			return nil
		})
	})
	return v, buckets
}

func TestSchemaVersion(t *testing.T) {
	db, path := tempDB(t)
	db.Close()
	if v, _ := schemaOf(t, path); v != store.SchemaVersion {
		t.Errorf("schema written = %d; want %d", v, store.SchemaVersion)
	}

	// A file from a newer fieldbot: refused, and left as it was.
	newer := filepath.Join(t.TempDir(), "newer.db")
	raw, err := bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error {
		m, _ := tx.CreateBucket([]byte("meta"))
		return m.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 99))
	})
	raw.Close()
	_, err = store.Open(newer, store.Options{})
	if err == nil || !strings.Contains(err.Error(), "schema version 99") || !strings.Contains(err.Error(), newer) {
		t.Fatalf("Open of a newer schema = %v; want an error naming the file and version 99", err)
	}
	if v, buckets := schemaOf(t, newer); v != 99 || len(buckets) != 1 {
		t.Errorf("refused file changed: schema %d, buckets %v", v, buckets)
	}
}

// bbolt locks with flock, which conflicts between two descriptors even in
// one process, so a second Open here behaves like a second fieldbot.
func TestLockedFileFailsAfterTimeout(t *testing.T) {
	db, path := tempDB(t)
	start := time.Now()
	_, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond})
	waited := time.Since(start)
	if fieldbot.ErrorCode(err) != fieldbot.ELOCKED {
		t.Fatalf("second Open = %v; want ELOCKED", err)
	}
	if !strings.Contains(err.Error(), "another fieldbot process holds "+path) {
		t.Errorf("error %q does not say who holds %s", err, path)
	}
	if waited < 150*time.Millisecond || waited > 2*time.Second {
		t.Errorf("second Open returned after %v; want about 200ms", waited)
	}
	db.Close()
	db2 := open(t, path)
	db2.Close()
}

func TestConcurrentUpdatesAllCommitted(t *testing.T) {
	db, _ := tempDB(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.PutChatState("telegram", fmt.Sprint(i), []byte(fmt.Sprint("state ", i)))
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	db = reopen(t, db)
	states, err := db.ChatStates("telegram")
	if err != nil || len(states) != 50 {
		t.Fatalf("ChatStates after reopen = %d states, %v; want 50", len(states), err)
	}
	for i := range 50 {
		if got, want := string(states[fmt.Sprint(i)]), fmt.Sprint("state ", i); got != want {
			t.Errorf("state of chat %d = %q; want %q", i, got, want)
		}
	}
}

// A failing fn must not take the rest of its batch down, and must leave
// nothing behind.
func TestUpdateFailureIsolated(t *testing.T) {
	db, _ := tempDB(t)
	errBad := errors.New("bad input")
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			errs[i] = db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.PutChatState("telegram", fmt.Sprint(i), []byte("x")); err != nil {
					return err
				}
				if i%5 == 0 {
					return errBad
				}
				return nil
			})
		})
	}
	wg.Wait()
	states, _ := db.ChatStates("telegram")
	for i, err := range errs {
		_, stored := states[fmt.Sprint(i)]
		if fail := i%5 == 0; fail != errors.Is(err, errBad) || fail == stored {
			t.Errorf("update %d: err %v, stored %v", i, err, stored)
		}
	}
}

func TestUpdateCanceled(t *testing.T) {
	db, _ := tempDB(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err := db.Update(cctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", "1", []byte("x")) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Update with a canceled context = %v", err)
	}
	if states, _ := db.ChatStates("telegram"); len(states) != 0 {
		t.Errorf("a canceled Update committed %v", states)
	}
}

func TestInvalidKeys(t *testing.T) {
	db, _ := tempDB(t)
	for name, fn := range map[string]func(tx *store.Tx) error{
		"empty chat":     func(tx *store.Tx) error { return tx.PutChatState("telegram", "", []byte("x")) },
		"NUL in channel": func(tx *store.Tx) error { return tx.PutChatState("tele\x00gram", "1", []byte("x")) },
		"no phone":       func(tx *store.Tx) error { return tx.BindAccount(store.Account{Channel: "telegram", UserID: "1"}) },
		"no unit": func(tx *store.Tx) error {
			_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2026-W48", Phone: "0912345678"})
			return err
		},
		"no chat": func(tx *store.Tx) error { _, err := tx.Enqueue(store.Outgoing{Channel: "telegram"}); return err },
	} {
		if err := db.Update(ctx, fn); fieldbot.ErrorCode(err) != fieldbot.EINVALID {
			t.Errorf("%s: Update = %v; want EINVALID", name, err)
		}
	}
	if _, err := db.InboxPut(ctx, []store.InboxItem{{ID: 1}}); fieldbot.ErrorCode(err) != fieldbot.EINVALID {
		t.Errorf("InboxPut without channel = %v; want EINVALID", err)
	}
}

// A fieldbot.db that is empty or not bbolt is refused and left as it is:
// bbolt alone would make a 0-byte file a new empty database, and the
// nightly backups would then rotate the good copies away.
func TestNotADatabaseIsRefusedUntouched(t *testing.T) {
	garbage := make([]byte, 3*4096)
	for i := range garbage {
		garbage[i] = byte(i*7 + 3)
	}
	for name, content := range map[string][]byte{
		"empty":       nil,
		"short text":  []byte("phone,name,unit,role\n"),
		"garbage":     garbage,
		"a page of 0": make([]byte, 4096),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fieldbot.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{false, true} {
				db, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond, ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatalf("Open(ReadOnly: %v) of %s accepted it", ro, name)
				}
				if !errors.Is(err, store.ErrNotDatabase) || !strings.Contains(err.Error(), path) {
					t.Errorf("Open(ReadOnly: %v) = %v; want ErrNotDatabase naming %s", ro, err, path)
				}
			}
			if got, err := os.ReadFile(path); err != nil || string(got) != string(content) {
				t.Errorf("the refused file changed: %d bytes, want %d (%v)", len(got), len(content), err)
			}
		})
	}
}

// ReadOnly reads a copy without changing a byte of it, and never creates one.
func TestReadOnlyChangesNothing(t *testing.T) {
	db, path := tempDB(t)
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.PutSubmission(fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678", Answers: fieldbot.Answers{"a": "1"}})
		return err
	})
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	view(t, ro, func(tx *store.Tx) error {
		s, ok, err := tx.Latest(fieldbot.SubmissionKey{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678"})
		if err != nil || !ok || s.Answers["a"] != "1" {
			t.Errorf("Latest = %+v, %v, %v", s, ok, err)
		}
		return nil
	})
	// A second reader may share the copy.
	ro2, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("a second read-only Open = %v", err)
	}
	ro2.Close()
	if err := ro.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", "1", []byte("x")) }); err == nil {
		t.Error("a write through a read-only store succeeded")
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	fi2, _ := os.Stat(path)
	if string(before) != string(after) || !fi.ModTime().Equal(fi2.ModTime()) {
		t.Error("opening read-only changed the file")
	}

	missing := filepath.Join(t.TempDir(), "none", "fieldbot.db")
	if _, err := store.Open(missing, store.Options{ReadOnly: true}); fieldbot.ErrorCode(err) != fieldbot.ENOTFOUND {
		t.Errorf("read-only Open of a missing file = %v; want ENOTFOUND", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Error("read-only Open of a missing file created its folder")
	}
}
