package store_test

import (
	"strings"

	"bytes"
	"context"
	"fmt"
	bolt "go.etcd.io/bbolt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

var ctx = context.Background()

func open(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond, Now: func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func tempDB(t testing.TB) (*store.DB, string) {
	path := filepath.Join(t.TempDir(), "data", "fieldbot.db")
	db := open(t, path)
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestLockedFileFailsFast(t *testing.T) {
	db, path := tempDB(t)
	_ = db
	start := time.Now()
	_, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond})
	if fieldbot.ErrorCode(err) != fieldbot.ELOCKED {
		t.Fatalf("second Open = %v; want ELOCKED", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("second Open waited %v", waited)
	}
}

func TestInboxDeduplicates(t *testing.T) {
	db, path := tempDB(t)
	items := []store.InboxItem{{Channel: "telegram", ID: 7, Chat: "1", Raw: []byte(`{"a":1}`)}, {Channel: "telegram", ID: 8, Chat: "2", Raw: []byte(`{}`)}}
	added, err := db.InboxPut(ctx, items)
	if err != nil || len(added) != 2 {
		t.Fatalf("InboxPut = %v, %v", added, err)
	}
	if added, _ := db.InboxPut(ctx, items[:1]); len(added) != 0 {
		t.Fatalf("a re-delivered id was added again: %v", added)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.InboxDone("telegram", 7) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, path)
	defer db.Close()
	pending, err := db.InboxPending("telegram")
	if err != nil || len(pending) != 1 || pending[0].ID != 8 || pending[0].Chat != "2" {
		t.Fatalf("pending after reopen = %+v, %v", pending, err)
	}
	if added, _ := db.InboxPut(ctx, items[:1]); len(added) != 0 {
		t.Fatal("a done id was accepted again after reopen")
	}
	if n, err := db.PruneInbox(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
		t.Fatalf("PruneInbox = %d, %v; want 1", n, err)
	}
}

func TestSubmissionRevisions(t *testing.T) {
	db, _ := tempDB(t)
	base := fieldbot.Submission{Form: "weekly", Period: "2026-W48", Unit: "kv1", Phone: "0912345678", SubmittedBy: "0912345678"}
	for i, v := range []string{"10", "12", "11"} {
		s := base
		s.Answers = fieldbot.Answers{"viec_xong": v}
		var got fieldbot.Submission
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			got, err = tx.PutSubmission(s)
			return err
		})
		if err != nil || got.Revision != i+1 || got.SubmittedAt.IsZero() {
			t.Fatalf("PutSubmission #%d = %+v, %v", i+1, got, err)
		}
	}
	other := base
	other.Period, other.Answers = "2026-W47", fieldbot.Answers{"viec_xong": "5"}
	other2 := base
	other2.Unit, other2.Answers = "kv2", fieldbot.Answers{"viec_xong": "1"}
	db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.PutSubmission(other); err != nil {
			return err
		}
		_, err := tx.PutSubmission(other2)
		return err
	})
	db.View(func(tx *store.Tx) error {
		revs, err := tx.Revisions(base.Key())
		if err != nil || len(revs) != 3 || revs[0].Answers["viec_xong"] != "10" || revs[2].Answers["viec_xong"] != "11" {
			t.Errorf("Revisions = %+v, %v", revs, err)
		}
		latest, ok, err := tx.Latest(base.Key())
		if err != nil || !ok || latest.Revision != 3 {
			t.Errorf("Latest = %+v, %v, %v", latest, ok, err)
		}
		return nil
	})
	var all []string
	db.LatestSubmissions("weekly", func(s fieldbot.Submission) error {
		all = append(all, fmt.Sprintf("%s/%s/r%d", s.Period, s.Unit, s.Revision))
		return nil
	})
	if want := "[2026-W47/kv1/r1 2026-W48/kv1/r3 2026-W48/kv2/r1]"; fmt.Sprint(all) != want {
		t.Errorf("LatestSubmissions = %v; want %s", all, want)
	}
	var inWeek []string
	db.LatestInPeriod("weekly", "2026-W48", func(s fieldbot.Submission) error {
		inWeek = append(inWeek, s.Unit)
		return nil
	})
	if fmt.Sprint(inWeek) != "[kv1 kv2]" {
		t.Errorf("LatestInPeriod = %v", inWeek)
	}
	bad := base
	bad.Unit = ""
	if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.PutSubmission(bad); return err }); fieldbot.ErrorCode(err) != fieldbot.EINVALID {
		t.Errorf("PutSubmission without unit = %v", err)
	}
}

func TestAccountsAndChatState(t *testing.T) {
	db, _ := tempDB(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.BindAccount(store.Account{Channel: "telegram", UserID: "42", Chat: "42", Phone: "0912345678"}); err != nil {
			return err
		}
		return tx.PutChatState("telegram", "42", []byte(`{"step":"field"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	var state []byte
	db.View(func(tx *store.Tx) error {
		state, _ = tx.ChatState("telegram", "42")
		a, ok, err := tx.Account("telegram", "42")
		if err != nil || !ok || a.Phone != "0912345678" {
			t.Errorf("Account = %+v, %v, %v", a, ok, err)
		}
		accts, _ := tx.AccountsOf("0912345678")
		if len(accts) != 1 {
			t.Errorf("AccountsOf = %v", accts)
		}
		return nil
	})
	// Written after the transaction ended: must still be the stored bytes.
	db.Update(ctx, func(tx *store.Tx) error { return tx.PutChatState("telegram", "42", []byte(`{"step":"summary"}`)) })
	if string(state) != `{"step":"field"}` {
		t.Errorf("state read in a finished transaction changed to %q", state)
	}
	db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.BindAccount(store.Account{Channel: "telegram", UserID: "42", Chat: "42", Phone: "0987654321"}); err != nil {
			return err
		}
		return tx.SetUnreachable("telegram", "42", true)
	})
	db.View(func(tx *store.Tx) error {
		if old, _ := tx.AccountsOf("0912345678"); len(old) != 0 {
			t.Errorf("rebinding left the old phone bound: %v", old)
		}
		a, _, _ := tx.Account("telegram", "42")
		if a.Phone != "0987654321" || !a.Unreachable {
			t.Errorf("after rebind = %+v", a)
		}
		return nil
	})
	states, _ := db.ChatStates("telegram")
	if string(states["42"]) != `{"step":"summary"}` {
		t.Errorf("ChatStates = %v", states)
	}
}

func TestOutboxAndConcurrentUpdates(t *testing.T) {
	db, path := tempDB(t)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.Update(ctx, func(tx *store.Tx) error {
				if err := tx.PutChatState("telegram", fmt.Sprint(i), []byte("x")); err != nil {
					return err
				}
				_, err := tx.Enqueue(store.Outgoing{Channel: "telegram", Chat: fmt.Sprint(i), Payload: []byte("hi")})
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	out, err := db.Outbox("telegram")
	if err != nil || len(out) != 50 {
		t.Fatalf("Outbox = %d entries, %v", len(out), err)
	}
	for i := 1; i < len(out); i++ {
		if out[i].ID <= out[i-1].ID {
			t.Fatalf("outbox out of order: %d after %d", out[i].ID, out[i-1].ID)
		}
	}
	if err := db.OutboxDone(out[0].ID, out[1].ID); err != nil {
		t.Fatal(err)
	}
	if out, _ := db.Outbox("telegram"); len(out) != 48 {
		t.Errorf("after OutboxDone: %d entries", len(out))
	}
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(filepath.Dir(path), "backup.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp := open(t, copyPath)
	defer cp.Close()
	if states, _ := cp.ChatStates("telegram"); len(states) != 50 {
		t.Errorf("backup has %d chat states; want 50", len(states))
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	db, path := tempDB(t)
	db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	raw.Close()
	if _, err := store.Open(path, store.Options{}); err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Fatalf("Open of a newer schema = %v", err)
	}
}
