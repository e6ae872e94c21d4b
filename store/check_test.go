package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot/store"
)

// fill gives the chats bucket pages of its own (not inline in its parent).
func fill(t *testing.T, db *store.DB) {
	t.Helper()
	for i := range 200 {
		update(t, db, func(tx *store.Tx) error {
			return tx.PutChatState("telegram", fmt.Sprint(i), []byte(strings.Repeat("trạng thái ", 20)))
		})
	}
}

// damage closes db and breaks the page holding the root of its chats
// bucket, as a bad disk sector would: bbolt still opens the file, and
// only its consistency check (or reading those chats) notices.
func damage(t *testing.T, db *store.DB) {
	t.Helper()
	path := db.Path()
	db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	raw.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket([]byte("chats")).RootPage())
		return nil
	})
	size := int64(raw.Info().PageSize)
	raw.Close()
	if root == 0 {
		t.Fatal("the chats bucket is inline; fill it more")
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The page header: id (8 bytes), flags (2): neither branch nor leaf.
	if _, err := f.WriteAt([]byte{0x77, 0x00}, int64(root)*size+8); err != nil {
		t.Fatal(err)
	}
}

func TestSchemaOfOpenDatabase(t *testing.T) {
	db, _ := tempDB(t)
	if v, err := db.Schema(); err != nil || v != store.SchemaVersion {
		t.Errorf("Schema() = %d, %v; want %d", v, err, store.SchemaVersion)
	}
}

func TestCheckFile(t *testing.T) {
	db, _ := tempDB(t)
	fill(t, db)
	if err := db.Check(); err != nil {
		t.Errorf("Check of a sound database: %v", err)
	}
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := db.BackupFile(good); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(good)
	info, err := store.CheckFile(good)
	if err != nil || info.Schema != store.SchemaVersion || info.Bytes != int64(len(before)) {
		t.Errorf("CheckFile(a backup) = %+v, %v; want schema %d, %d bytes", info, err, store.SchemaVersion, len(before))
	}
	if after, _ := os.ReadFile(good); string(after) != string(before) {
		t.Error("CheckFile changed the file")
	}

	dir := t.TempDir()
	other := filepath.Join(dir, "other.db") // a bbolt file, but not fieldbot's
	raw, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	raw.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("không phải cơ sở dữ liệu\n", 2000)), 0o600)

	damaged := filepath.Join(dir, "damaged.db")
	if _, err := db.BackupFile(damaged); err != nil {
		t.Fatal(err)
	}
	damage(t, open(t, damaged))

	for _, tc := range []struct {
		name, path string
		want       error
	}{
		{"another program's bbolt file", other, store.ErrDamaged},
		{"a text file", text, store.ErrNotDatabase},
		{"a damaged page", damaged, store.ErrDamaged},
	} {
		if _, err := store.CheckFile(tc.path); !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("CheckFile(%s) = %v; want an error naming the file and wrapping %v", tc.name, err, tc.want)
		}
	}
	if _, err := store.CheckFile(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("CheckFile of a missing file: no error")
	} else if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("CheckFile created the missing file")
	}
}

// A nightly copy of a database with a damaged page fails the check and is
// not kept: the previous copy at that path stays.
func TestBackupFileKeepsOnlyCheckedCopies(t *testing.T) {
	db, path := tempDB(t)
	fill(t, db)
	file := filepath.Join(t.TempDir(), "fieldbot-2026-11-27.db")
	if _, err := db.BackupFile(file); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(file)
	damage(t, db)
	db = open(t, path)
	defer db.Close()
	if err := db.Check(); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Check of the damaged database = %v; want ErrDamaged", err)
	}
	if _, err := db.BackupFile(file); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("BackupFile of a damaged database = %v; want ErrDamaged", err)
	}
	if now, _ := os.ReadFile(file); string(now) != string(good) {
		t.Error("the damaged copy replaced the good one")
	}
	if tmp, _ := filepath.Glob(file + ".*"); len(tmp) != 0 {
		t.Errorf("temporary files left behind: %v", tmp)
	}
}
