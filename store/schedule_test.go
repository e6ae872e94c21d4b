package store_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

func TestFilesStoredOnceAndPruned(t *testing.T) {
	db, _ := tempDB(t)
	png := []byte("\x89PNG chart bytes")
	var a, b string
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		if a, err = tx.PutFile(png); err != nil {
			return err
		}
		b, err = tx.PutFile(bytes.Clone(png))
		return err
	})
	if err != nil || a != b || a == "" {
		t.Fatalf("PutFile twice = %q, %q, %v; want one id", a, b, err)
	}
	got, ok, err := db.File(a)
	if err != nil || !ok || !bytes.Equal(got, png) {
		t.Fatalf("File = %q %v %v", got, ok, err)
	}
	if n, err := db.PruneFiles(clock); err != nil || n != 0 {
		t.Fatalf("PruneFiles(now) = %d, %v; want 0", n, err)
	}
	if n, err := db.PruneFiles(clock.Add(time.Second)); err != nil || n != 1 {
		t.Fatalf("PruneFiles(later) = %d, %v; want 1", n, err)
	}
	if _, ok, _ := db.File(a); ok {
		t.Fatal("file still there after prune")
	}
}

func TestClaimOncePerRecipientAcrossReopen(t *testing.T) {
	db, _ := tempDB(t)
	at := time.Date(2026, 11, 27, 17, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	claim := func(db *store.DB, who string) bool {
		var first bool
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			first, err = tx.Claim(store.Sent{Job: "digest", Scheduled: at, Recipient: who, Period: "2026-W48", Unit: "kv1"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return first
	}
	if !claim(db, "0912345678") || !claim(db, "0987654321") {
		t.Fatal("first claims refused")
	}
	db = reopen(t, db)
	if claim(db, "0912345678") {
		t.Fatal("a second claim for the same run and recipient was granted")
	}
	err := db.View(func(tx *store.Tx) error {
		got, err := tx.SentFor("digest", "2026-W48")
		if err != nil || len(got) != 2 || !got[0].Scheduled.Equal(at) || got[0].Unit != "kv1" {
			t.Errorf("SentFor = %+v, %v", got, err)
		}
		other, _ := tx.SentFor("digest", "2026-W47")
		if len(other) != 0 {
			t.Errorf("SentFor(W47) = %+v", other)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLastRun(t *testing.T) {
	db, _ := tempDB(t)
	if _, ok, err := db.LastRun("digest"); ok || err != nil {
		t.Fatalf("LastRun on empty = %v, %v", ok, err)
	}
	at := time.Date(2026, 11, 27, 17, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	if err := db.SetLastRun("digest", at); err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db)
	got, ok, err := db.LastRun("digest")
	if err != nil || !ok || !got.Equal(at) {
		t.Fatalf("LastRun = %v %v %v; want %v", got, ok, err, at)
	}
}

func TestHeldReleasedOrDropped(t *testing.T) {
	db, _ := tempDB(t)
	hold := func(chat string) {
		err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.Hold(store.Outgoing{Channel: "telegram", Chat: chat, Payload: []byte(chat), Bulk: true})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	hold("12")
	hold("12")
	hold("123")
	var released []store.Outgoing
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		released, err = tx.ReleaseHeld("telegram", "12")
		return err
	})
	if err != nil || len(released) != 2 || released[0].ID == 0 || !released[0].Bulk {
		t.Fatalf("ReleaseHeld = %+v, %v; want 2 queued", released, err)
	}
	out, _ := db.Outbox("telegram")
	if len(out) != 2 || out[0].Chat != "12" {
		t.Fatalf("outbox after release = %+v", out)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if again, err := tx.ReleaseHeld("telegram", "12"); err != nil || len(again) != 0 {
			t.Errorf("second release = %+v, %v", again, err)
		}
		return tx.DropHeld("telegram", "123")
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		left, err := tx.ReleaseHeld("telegram", "123")
		if len(left) != 0 {
			t.Errorf("dropped messages released: %+v", left)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := db.OutboxAfter("telegram", out[0].ID)
	if len(after) != 1 || after[0].ID != out[1].ID {
		t.Fatalf("OutboxAfter(first) = %+v", after)
	}
}
