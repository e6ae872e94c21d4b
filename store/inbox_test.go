package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

func ids(items []store.InboxItem) string {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return fmt.Sprint(out)
}

func TestInboxDeduplicates(t *testing.T) {
	db, _ := tempDB(t)
	items := []store.InboxItem{
		{Channel: "telegram", ID: 8, Chat: "2", Raw: []byte(`{"b":2}`)},
		{Channel: "telegram", ID: 7, Chat: "1", Raw: []byte(`{"a":1}`)},
		{Channel: "telegram", ID: 7, Chat: "1", Raw: []byte(`{"a":1}`)}, // twice in one batch
		{Channel: "zalo", ID: 7, Chat: "z"},                             // same id, other channel
	}
	added, err := db.InboxPut(ctx, items)
	if err != nil || ids(added) != "[8 7 7]" || added[0].Received.IsZero() {
		t.Fatalf("InboxPut = %s, %v; want [8 7 7] (telegram 8, 7, zalo 7)", ids(added), err)
	}
	if added, err := db.InboxPut(ctx, items[1:2]); err != nil || len(added) != 0 {
		t.Fatalf("re-delivered pending id: added %s, %v", ids(added), err)
	}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.InboxDone("telegram", 7); err != nil {
			return err
		}
		if err := tx.InboxDone("telegram", 7); err != nil { // idempotent
			return err
		}
		return tx.InboxDone("telegram", 999) // never stored
	})

	db = reopen(t, db)
	pending, err := db.InboxPending("telegram")
	if err != nil || ids(pending) != "[8]" || pending[0].Chat != "2" || string(pending[0].Raw) != `{"b":2}` {
		t.Fatalf("InboxPending after reopen = %+v, %v; want only 8", pending, err)
	}
	if added, _ := db.InboxPut(ctx, items[:2]); len(added) != 0 {
		t.Errorf("ids seen before the reopen (one done) were added again: %s", ids(added))
	}
	if added, _ := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 9}}); ids(added) != "[9]" {
		t.Errorf("a new id was not added: %s", ids(added))
	}
}

func TestInboxPendingOrderedByID(t *testing.T) {
	db, _ := tempDB(t)
	for _, id := range []int64{300, 5, 1 << 40, 42} {
		if _, err := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: id}}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := db.InboxPending("telegram"); ids(got) != fmt.Sprint([]int64{5, 42, 300, 1 << 40}) {
		t.Errorf("InboxPending = %s; want ascending ids", ids(got))
	}
	if got, err := db.InboxPending("zalo"); err != nil || len(got) != 0 {
		t.Errorf("InboxPending of an unused channel = %v, %v", got, err)
	}
}

func TestPruneInbox(t *testing.T) {
	db, _ := tempDB(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	db.InboxPut(ctx, []store.InboxItem{
		{Channel: "telegram", ID: 1, Received: day(1)}, // done, old: pruned
		{Channel: "telegram", ID: 2, Received: day(1)}, // pending, old: kept
		{Channel: "telegram", ID: 3, Received: day(9)}, // done, recent: kept
	})
	update(t, db, func(tx *store.Tx) error {
		if err := tx.InboxDone("telegram", 1); err != nil {
			return err
		}
		return tx.InboxDone("telegram", 3)
	})
	if n, err := db.PruneInbox(day(5)); err != nil || n != 1 {
		t.Fatalf("PruneInbox = %d, %v; want 1", n, err)
	}
	if pending, _ := db.InboxPending("telegram"); ids(pending) != "[2]" {
		t.Errorf("pending after prune = %s; want [2]", ids(pending))
	}
	added, _ := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 1}, {Channel: "telegram", ID: 3}})
	if ids(added) != "[1]" {
		t.Errorf("after prune, re-put added %s; want [1] (forgotten) but not 3 (recent)", ids(added))
	}
}

// A fresh update is claimed in the transaction of its effects: once, never
// pending, and a re-delivery of it (or of a stored one) is recognised.
func TestInboxClaim(t *testing.T) {
	db, _ := tempDB(t)
	claim := func(id int64) bool {
		t.Helper()
		var fresh bool
		update(t, db, func(tx *store.Tx) (err error) {
			fresh, err = tx.InboxClaim("telegram", id, "1")
			return err
		})
		return fresh
	}
	if !claim(5) {
		t.Fatal("a new id was not claimed")
	}
	if claim(5) {
		t.Fatal("an id claimed before was claimed again")
	}
	if _, err := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 6, Chat: "1", Raw: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	if claim(6) {
		t.Fatal("an id stored pending was claimed")
	}
	db = reopen(t, db)
	if added, _ := db.InboxPut(ctx, []store.InboxItem{{Channel: "telegram", ID: 5, Chat: "1"}}); len(added) != 0 {
		t.Fatal("a claimed id was stored again after a reopen")
	}
	if pending, _ := db.InboxPending("telegram"); ids(pending) != "[6]" {
		t.Fatalf("pending %s; a claimed update is never pending", ids(pending))
	}
}

func TestInboxAdd(t *testing.T) {
	db, _ := tempDB(t)
	add := func(id int64) bool {
		t.Helper()
		var first bool
		update(t, db, func(tx *store.Tx) (err error) {
			first, err = tx.InboxAdd(store.InboxItem{Channel: "zalo", ID: id, Chat: "c1", Raw: []byte(`{"n":1}`)})
			return err
		})
		return first
	}
	if seen, err := db.InboxSeen("zalo", 9); err != nil || seen {
		t.Fatalf("InboxSeen(9) before = %v, %v; want false", seen, err)
	}
	if !add(9) {
		t.Fatal("a new id was not added")
	}
	if add(9) {
		t.Fatal("an id added before was added again")
	}
	if seen, err := db.InboxSeen("zalo", 9); err != nil || !seen {
		t.Fatalf("InboxSeen(9) = %v, %v; want true", seen, err)
	}
	if seen, _ := db.InboxSeen("telegram", 9); seen {
		t.Fatal("seen on another channel")
	}
	pending, _ := db.InboxPending("zalo")
	if ids(pending) != "[9]" || string(pending[0].Raw) != `{"n":1}` || pending[0].Chat != "c1" {
		t.Fatalf("pending %+v", pending)
	}
	update(t, db, func(tx *store.Tx) error { return tx.InboxDone("zalo", 9) })
	if add(9) {
		t.Fatal("an id done was added again")
	}
}
