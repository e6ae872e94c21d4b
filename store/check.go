package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged is wrapped by Check's and CheckFile's error when bbolt's
// consistency check finds a problem (a page used twice or lost, keys out
// of order) or the file lacks fieldbot's own layout. A backup that fails
// it is never kept, and restore refuses it.
var ErrDamaged = errors.New("the database failed its consistency check")

// maxReported is how many of bbolt's findings an error names; one damaged
// page can yield thousands.
const maxReported = 5

// Check runs bbolt's consistency check over the whole database in one read
// transaction (writers go on meanwhile) and checks fieldbot's layout: the
// schema version is recorded and every bucket of that version exists.
// Every version up to SchemaVersion passes: a backup made before an
// upgrade can still be checked and restored (Open migrates it then).
func (db *DB) Check() error {
	return db.bolt.View(func(tx *bolt.Tx) error { return check(tx, db.path) })
}

func check(tx *bolt.Tx, path string) error {
	var found []error
	n := 0
	for err := range tx.Check() { // read to the end: the checker goroutine sends them all
		if n++; len(found) < maxReported {
			found = append(found, err)
		}
	}
	if n > 0 {
		return fmt.Errorf("store: %s: %d problem(s), such as: %w: %w", path, n, errors.Join(found...), ErrDamaged)
	}
	v, err := schemaOf(tx)
	if err != nil {
		return fmt.Errorf("store: %s: %v: %w", path, err, ErrDamaged)
	}
	for _, name := range requiredBuckets(v) {
		if tx.Bucket(name) == nil {
			return fmt.Errorf("store: %s has no %q bucket, so it is not a fieldbot database: %w", path, name, ErrDamaged)
		}
	}
	return nil
}

// requiredBuckets are the buckets a file of schema version v has: a
// version 1 file (an older backup, checked before a restore) kept
// submissions nested where later versions keep revisions and field_ids;
// the dictionary came with version 3.
func requiredBuckets(v int) [][]byte {
	var out [][]byte
	for _, name := range allBuckets {
		switch {
		case v < 3 && string(name) == string(bucketDict):
		case v < 2 && string(name) == string(bucketRevisions):
			out = append(out, bucketSubmissions)
		case v < 2 && string(name) == string(bucketFieldIDs):
		default:
			out = append(out, name)
		}
	}
	return out
}

// schemaOf is the layout version recorded in tx's file.
func schemaOf(tx *bolt.Tx) (int, error) {
	v := schemaRecord(tx)
	if len(v) != 8 {
		return 0, errors.New("no schema version recorded (not a fieldbot database)")
	}
	return int(binary.BigEndian.Uint64(v)), nil
}

// Schema is the layout version of the open file: SchemaVersion once Open
// has migrated it (a read-only file keeps the version it was written with).
func (db *DB) Schema() (int, error) {
	var v int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		v, err = schemaOf(tx)
		return err
	})
	return v, err
}

// FileInfo describes a database file that passed CheckFile.
type FileInfo struct {
	Schema int   // layout version it was written with
	Bytes  int64 // size of the file
}

// CheckFile opens the file at path read-only (changing nothing, creating
// nothing), runs Check on it and reports its schema version: a file that
// does not exist, is not a fieldbot database (ErrNotDatabase), was written
// by a newer fieldbot, or fails the check (ErrDamaged) is an error.
func CheckFile(path string) (FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return FileInfo{}, fmt.Errorf("store: %w", err)
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return FileInfo{}, err
	}
	defer db.Close()
	info := FileInfo{Bytes: fi.Size()}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		if err := check(tx, path); err != nil {
			return err
		}
		info.Schema, err = schemaOf(tx)
		return err
	})
	return info, err
}
