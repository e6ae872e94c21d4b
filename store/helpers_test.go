package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/store"
)

var (
	ctx   = context.Background()
	clock = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
)

func open(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Timeout: 200 * time.Millisecond, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// tempDB opens a fresh database in a directory Open must create.
func tempDB(t testing.TB) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "fieldbot.db")
	db := open(t, path)
	t.Cleanup(func() { db.Close() })
	return db, path
}

// reopen closes db and opens its file again.
func reopen(t testing.TB, db *store.DB) *store.DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open(t, db.Path())
	t.Cleanup(func() { db.Close() })
	return db
}

func update(t testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.Update(ctx, fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.View(fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}
