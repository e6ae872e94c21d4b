package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/fieldbot/fieldbot"
)

// A schema 1 file keeps a bucket per submission, and moving its revisions
// to the flat layout in the transaction that opens it (migrateRevisions)
// holds the whole rewrite in memory: ≈ 150 MiB of heap for 110,000
// revisions, so a national year (≈ 570,000) would need ≈ 800 MiB. A file
// bigger than copyMigrateAbove is migrated by copy instead:
//
//  1. the file is opened for writing, so no other fieldbot can open it,
//     but only read;
//  2. a new file, fieldbot.db.migrating beside it, receives every bucket
//     but the old submissions and the schema 1 history indexes, then the
//     revisions in the new layout, in transactions of a bounded size
//     (copyBatch bytes), then the migrations after schema 1 and the
//     version, and is synced;
//  3. the old file is renamed fieldbot.db.before-schema-2-<time> and the
//     new one takes its name.
//
// The old file is never written: a failure or a crash at any step leaves
// it as it was and under its name until the last rename (a .migrating
// file left behind is started again at the next open). The kept copy is
// the IT officer's to remove once the bot runs well (Open reports it,
// DB.MigratedFrom).
var copyMigrateAbove int64 = 64 << 20

// copyBatch is about how many bytes one transaction of the copy writes.
var copyBatch = 16 << 20

// migrateLarge migrates the file at path by copy if it is a schema 1 file
// bigger than copyMigrateAbove, and returns where the old one is kept ("":
// nothing done; anything else is left to Open).
func migrateLarge(path string, opts Options) (string, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() <= copyMigrateAbove {
		return "", nil
	}
	if v, err := fileSchema(path, opts.Timeout); err != nil || v != 1 {
		return "", nil // Open says what is wrong with it, if anything
	}
	kept, err := migrateByCopy(path, opts.Timeout, opts.Now())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return "", fieldbot.Errorf(fieldbot.ELOCKED, "another fieldbot process holds %s (waited %v)", path, opts.Timeout)
	}
	if err != nil {
		return "", fmt.Errorf("store: %s: %w", path, err)
	}
	return kept, nil
}

// fileSchema is the schema version of an existing file, read without
// changing it; 0 for a file fieldbot never initialised.
func fileSchema(path string, timeout time.Duration) (uint64, error) {
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return 0, err
	}
	defer b.Close()
	var v uint64
	err = b.View(func(tx *bolt.Tx) error {
		if rec := schemaRecord(tx); len(rec) == 8 {
			v = binary.BigEndian.Uint64(rec)
		}
		return nil
	})
	return v, err
}

// migrateByCopy migrates the schema 1 file at path as described above and
// returns where the old file is kept.
func migrateByCopy(path string, timeout time.Duration, now time.Time) (string, error) {
	src, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return "", err
	}
	defer src.Close()
	tmp := path + ".migrating"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	// Unsynced while it is written: until the rename it is nobody's file.
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true})
	if err != nil {
		return "", err
	}
	err = src.View(func(stx *bolt.Tx) error { return copyMigrated(stx, dst) })
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("migrating from schema version 1 by copy: %w", err)
	}
	kept := path + ".before-schema-2-" + now.UTC().Format("20060102-150405")
	if err := os.Rename(path, kept); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Rename(kept, path) // put the old file back under its name
		return "", err
	}
	syncDir(filepath.Dir(path)) // the renames survive a crash; best effort
	return kept, nil
}

// copyMigrated writes into dst what migrating stx's file gives.
func copyMigrated(stx *bolt.Tx, dst *bolt.DB) error {
	w := &batchWriter{db: dst}
	defer w.rollback()
	skip := map[string]bool{string(bucketSubmissions): true, string(bucketHistoryUnit): true, string(bucketHistoryPerson): true}
	err := stx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if skip[string(name)] {
			return nil
		}
		return w.copyBucket([][]byte{name}, b)
	})
	if err != nil {
		return err
	}
	if err := w.copyRevisions(stx.Bucket(bucketSubmissions)); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	return dst.Update(func(tx *bolt.Tx) error {
		for v := uint64(2); v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("from schema version %d: %w", v, err)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
}

// batchWriter writes into a database in transactions of about copyBatch
// bytes.
type batchWriter struct {
	db      *bolt.DB
	tx      *bolt.Tx
	written int
	rev     revisionTarget // for the current transaction
}

// revisionTarget is where one transaction writes a form's revisions.
type revisionTarget struct {
	tx              *bolt.Tx
	form            string
	revs, idsBucket *bolt.Bucket
	ids             *fieldIDs
	dict            *dict
}

// revisions is where form's revisions go in the current transaction.
func (w *batchWriter) revisions(form []byte) (*revisionTarget, error) {
	tx, err := w.begin()
	if err != nil {
		return nil, err
	}
	if w.rev.tx == tx && w.rev.form == string(form) {
		return &w.rev, nil
	}
	all, err := tx.CreateBucketIfNotExists(bucketRevisions)
	if err != nil {
		return nil, err
	}
	r := revisionTarget{tx: tx, form: string(form)}
	if r.revs, err = all.CreateBucketIfNotExists(form); err != nil {
		return nil, err
	}
	r.revs.FillPercent = 1 // appended in key order
	if r.idsBucket, err = tx.CreateBucketIfNotExists(bucketFieldIDs); err != nil {
		return nil, err
	}
	if r.ids, err = decodeFieldIDs(r.idsBucket.Get(form)); err != nil {
		return nil, err
	}
	dictBucket, err := tx.CreateBucketIfNotExists(bucketDict)
	if err != nil {
		return nil, err
	}
	r.dict = newDict(dictBucket)
	w.rev = r
	return &w.rev, nil
}

func (w *batchWriter) begin() (*bolt.Tx, error) {
	if w.tx != nil && w.written >= copyBatch {
		if err := w.flush(); err != nil {
			return nil, err
		}
	}
	if w.tx == nil {
		tx, err := w.db.Begin(true)
		if err != nil {
			return nil, err
		}
		w.tx, w.written = tx, 0
	}
	return w.tx, nil
}

func (w *batchWriter) flush() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx = nil
	return err
}

func (w *batchWriter) rollback() {
	if w.tx != nil {
		w.tx.Rollback()
	}
}

// bucket is the bucket at path in the current transaction, created if
// missing.
func (w *batchWriter) bucket(path [][]byte) (*bolt.Bucket, error) {
	tx, err := w.begin()
	if err != nil {
		return nil, err
	}
	b, err := tx.CreateBucketIfNotExists(path[0])
	for _, name := range path[1:] {
		if err != nil {
			break
		}
		b, err = b.CreateBucketIfNotExists(name)
	}
	return b, err
}

// copyBucket copies b, its nested buckets and its sequence to path.
func (w *batchWriter) copyBucket(path [][]byte, b *bolt.Bucket) error {
	d, err := w.bucket(path)
	if err != nil {
		return err
	}
	if err := d.SetSequence(b.Sequence()); err != nil {
		return err
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil { // a nested bucket
			if err := w.copyBucket(append(path[:len(path):len(path)], k), b.Bucket(k)); err != nil {
				return err
			}
			continue
		}
		if d, err = w.bucket(path); err != nil { // the transaction may have changed
			return err
		}
		d.FillPercent = 1 // keys arrive in order
		if err := d.Put(k, v); err != nil {
			return err
		}
		w.written += len(k) + len(v)
	}
	return nil
}

// copyRevisions writes schema 1's submissions as flat revisions, as
// migrateRevisions does, and fails the same way on a revision that does
// not decode.
func (w *batchWriter) copyRevisions(old *bolt.Bucket) error {
	if old == nil {
		return nil
	}
	return old.ForEachBucket(func(form []byte) error {
		return v1Keys(old.Bucket(form), string(form), nil, func(key fieldbot.SubmissionKey, b *bolt.Bucket) error {
			return b.ForEach(func(rk, v []byte) error {
				s, err := v1Decode(key, rk, v)
				if err != nil {
					return fmt.Errorf("revision %x of %s/%s/%s/%s: %w", rk, key.Form, key.Period, key.Unit, key.Phone, err)
				}
				r, err := w.revisions(form)
				if err != nil {
					return err
				}
				w.written += len(rk) + len(v)
				return putRevision(r.revs, r.idsBucket, r.ids, r.dict, s)
			})
		})
	})
}
