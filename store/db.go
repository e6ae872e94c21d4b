// Package store keeps everything fieldbot knows in one bbolt file: the
// durable inbox of channel updates, people's chat accounts, conversation
// state per chat, submissions with all their revisions, and the outbox of
// messages to send. It is the only package that imports bbolt; its encoding
// is private.
//
// Bucket layout (schema version 3; integers are big-endian):
//
//	meta        "schema" → uint64
//	inbox       channel/ → id uint64 → inboxRecord (JSON)
//	accounts    channel\x00user → Account (JSON)
//	accounts_by phone\x00channel\x00user → empty (index for AccountsOf)
//	chats       channel\x00chat → opaque state
//	revisions   form/ → period\x00unit\x00phone\x00revision uint32 →
//	            revision record (binary, see submission.go)
//	field_ids   form → the form's answer ids (the records' dictionary)
//	outbox      id uint64 (bucket sequence) → Outgoing (JSON)
//	reopened    form\x00period\x00unit → reopenRecord (JSON)
//	files       id (hex sha-256 prefix) → bytes (charts, spreadsheets)
//	runs        job → last scheduled time (RFC 3339)
//	sent        job\x00scheduled\x00recipient → sentRecord (JSON)
//	held        channel\x00chat\x00id uint64 → Outgoing (JSON)
//	invites     hex HMAC-SHA-256 of a code, keyed by invite.key beside
//	            the file (older: plain SHA-256) → Invite (JSON)
//	attempts    channel\x00user → failed code attempts (JSON)
//	prefs       phone → the channel for scheduled messages;
//	            "lang\x00"phone → the language the person chose
//	dict        kind, 0, string → number; kind, 1, number → string: the
//	            strings records refer to by number (dict.go)
//	history     seq uint32 → event (binary; JSON in older files): the
//	            append-only history (history.go); added within version 1,
//	            see optionalBuckets
//
// Schema versions: 1 kept a bucket of revisions per submission
// ("submissions", submission_v1.go), ≈ 560 bytes a revision; 2 keeps them
// flat in "revisions", ≈ 200 bytes a revision for a national office's
// weekly reports, but each revision's history event (JSON, and two index
// buckets history_unit and history_person) cost ≈ 600 more; 3 keeps a
// revision's event as a 9-byte reference to it and Via in the dictionary:
// ≈ 216 bytes a revision with its event for the whole file of ten
// national weeks, ≈ 190 over five years (the dictionary's one entry per
// account and person spread thinner). Rerun the figure with
//
//	go test ./store -run '^$' -bench RevisionBytes -benchtime 1x
//
// Open migrates an older file (migrations below); a file opened read-only
// keeps its version, and the readers read every version.
package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/fieldbot/fieldbot"
)

// SchemaVersion is the layout this code reads and writes. A file with a
// higher version was written by a newer fieldbot and is refused untouched.
const SchemaVersion = 3

var (
	bucketMeta       = []byte("meta")
	bucketInbox      = []byte("inbox")
	bucketAccounts   = []byte("accounts")
	bucketAccountsBy = []byte("accounts_by")
	bucketChats      = []byte("chats")
	bucketOutbox     = []byte("outbox")
	bucketReopened   = []byte("reopened")
	bucketFiles      = []byte("files")
	bucketRuns       = []byte("runs")
	bucketSent       = []byte("sent")
	bucketHeld       = []byte("held")
	bucketInvites    = []byte("invites")
	bucketAttempts   = []byte("attempts")
	bucketPrefs      = []byte("prefs")
	keySchema        = []byte("schema")

	allBuckets = [][]byte{bucketMeta, bucketInbox, bucketAccounts, bucketAccountsBy,
		bucketChats, bucketRevisions, bucketFieldIDs, bucketOutbox, bucketReopened,
		bucketFiles, bucketRuns, bucketSent, bucketHeld, bucketInvites, bucketAttempts, bucketPrefs, bucketDict}
)

// Group commit tuning, measured on a 2-core VM where a commit (two fsyncs)
// takes about 1.2 ms. bbolt closes a batch MaxBatchDelay after its first
// call and then waits for the writer lock, so while one batch commits the
// next one fills up: throughput comes from concurrency, not from the delay.
// 0.5–1 ms gave ~22–26k steps/s with 50 chats and a p99 of 2.5–4 ms with
// 500 chats at 1 step/s; 2–5 ms halved throughput and raised latency, and
// 0.1 ms made batches so small that throughput fell to ~4k steps/s.
const (
	maxBatchDelay = 500 * time.Microsecond
	maxBatchSize  = 500
)

// initialMmapSize is mapped up front (address space, not memory) so that a
// long read transaction — a backup, an export — does not block writers
// while the file is below this size: bbolt remaps under an exclusive lock.
const initialMmapSize = 256 << 20

// Options configures Open.
type Options struct {
	// Timeout is how long to wait for another process to release the file
	// lock; 0 means 2s. Without one, bbolt would wait forever.
	Timeout time.Duration
	// Now is the clock for timestamps the store fills in; nil means time.Now.
	Now func() time.Time
	// ReadOnly opens an existing file without changing a byte of it (an
	// export of a nightly copy): nothing is created, no write transaction
	// can run, and other read-only openers may share the file.
	ReadOnly bool
}

// ErrNotDatabase is wrapped by Open's error when the file exists but is
// not a bbolt database: empty (0 bytes), truncated or something else.
// Open leaves such a file as it is: bbolt would make a 0-byte file a new
// empty database, and the nightly backups would then rotate the good
// copies away.
var ErrNotDatabase = errors.New("not a fieldbot database")

// DB is an open fieldbot database. It is safe for concurrent use.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
	// migratedFrom is where Open kept a file it migrated by copy.
	migratedFrom string
	// inviteKey is the key of invitation hashes, kept beside the file,
	// never in it; read on first use.
	inviteKey inviteKey
}

// Open opens or creates the database at path, creating its directory (0700)
// and file (0600); with opts.ReadOnly the file must exist and is never
// changed. If another process holds the file, it fails after opts.Timeout
// with an ELOCKED error. A file that exists but is not a database (0 bytes,
// or not bbolt) is refused untouched with an error wrapping ErrNotDatabase.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	switch fi, err := os.Stat(path); {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("store: %s is a folder, not a database file: %w", path, ErrNotDatabase)
	case err == nil && fi.Size() == 0:
		// bbolt would initialise it as a new, empty database.
		return nil, fmt.Errorf("store: %s is empty (0 bytes): %w", path, ErrNotDatabase)
	case err == nil:
		if err := checkMagic(path); err != nil {
			return nil, err
		}
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	case err != nil && opts.ReadOnly:
		return nil, fieldbot.Errorf(fieldbot.ENOTFOUND, "%s does not exist", path)
	case err != nil:
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: create data dir: %w", err)
		}
	}
	var kept string
	if !opts.ReadOnly {
		var err error
		if kept, err = migrateLarge(path, opts); err != nil {
			return nil, err
		}
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         opts.Timeout,
		InitialMmapSize: initialMmapSize,
		ReadOnly:        opts.ReadOnly,
	})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fieldbot.Errorf(fieldbot.ELOCKED, "another fieldbot process holds %s (waited %v)", path, opts.Timeout)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, fmt.Errorf("store: %s is damaged or another kind of file (%v): %w", path, err, ErrNotDatabase)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	b.MaxBatchDelay = maxBatchDelay
	b.MaxBatchSize = maxBatchSize
	db := &DB{bolt: b, path: path, now: opts.Now, migratedFrom: kept}
	if opts.ReadOnly {
		err = b.View(func(tx *bolt.Tx) error { return db.checkSchema(tx) })
	} else {
		err = db.init()
	}
	if err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// boltMagic opens each of a bbolt file's two meta pages, after the
// 16-byte page header, in the machine's byte order.
const boltMagic = 0xED0CDAED

// checkMagic refuses a file in which neither meta page starts with
// bbolt's magic number (the second page's offset is the page size, which
// bbolt chose from the OS: 4 KiB, up to 64 KiB on some arm64 systems).
// bbolt itself would report such a file in words of its own.
func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	var buf [4]byte
	for _, off := range []int64{0, 4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10} {
		if _, err := f.ReadAt(buf[:], off+16); err == nil && binary.NativeEndian.Uint32(buf[:]) == boltMagic {
			return nil
		}
	}
	return fmt.Errorf("store: %s is not a bbolt database file: %w", path, ErrNotDatabase)
}

// schemaRecord is the schema version as recorded in tx's file (8 bytes,
// big-endian, when the file is sound); nil when none is.
func schemaRecord(tx *bolt.Tx) []byte {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return nil
	}
	return meta.Get(keySchema)
}

// checkSchema refuses a file written by a newer fieldbot.
func (db *DB) checkSchema(tx *bolt.Tx) error {
	v := schemaRecord(tx)
	if v == nil {
		return nil
	}
	if len(v) != 8 {
		return fmt.Errorf("store: %s: schema version is %d bytes, want 8: %w", db.path, len(v), ErrNotDatabase)
	}
	if got := binary.BigEndian.Uint64(v); got > SchemaVersion {
		return fieldbot.Errorf(fieldbot.EINVALID, "%s has schema version %d but this fieldbot reads up to %d: upgrade fieldbot", db.path, got, SchemaVersion)
	}
	return nil
}

// migrations[v] moves a file from schema version v to v+1. Open runs
// those a file needs in the transaction that opens it, so a file is
// either migrated whole or left as it was. A change to the layout adds
// one here, raises SchemaVersion, and must open the fixture of every
// release before it (testdata/release-*.db, see release_test.go).
var migrations = map[uint64]func(tx *bolt.Tx) error{
	1: migrateRevisions,   // nested submissions → flat revisions
	2: dropHistoryIndexes, // the history read without indexes
}

// init checks the schema version before changing anything, migrates a
// file written by an older fieldbot, then creates missing buckets.
func (db *DB) init() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := db.checkSchema(tx); err != nil {
			return err
		}
		if rec := schemaRecord(tx); len(rec) == 8 {
			for v := binary.BigEndian.Uint64(rec); v < SchemaVersion; v++ {
				migrate, ok := migrations[v]
				if !ok {
					return fmt.Errorf("store: %s has schema version %d and this fieldbot has no way from it to %d", db.path, v, SchemaVersion)
				}
				if err := migrate(tx); err != nil {
					return fmt.Errorf("store: %s: migrating from schema version %d: %w", db.path, v, err)
				}
			}
		}
		for _, name := range slices.Concat(allBuckets, optionalBuckets) {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion))
	})
}

// Close waits for running transactions and releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// MigratedFrom is where Open kept the file it migrated by copy (see
// migrate_copy.go), "" when it did not.
func (db *DB) MigratedFrom() string { return db.migratedFrom }

// Path is the file's location.
func (db *DB) Path() string { return db.path }

// Tx is a transaction with fieldbot's operations. It is valid only inside
// the function it was passed to; byte slices it returns are copies.
type Tx struct {
	tx    *bolt.Tx
	now   time.Time
	db    *DB
	ids   map[string]*fieldIDs // forms' answer ids read so far
	names *dict                // the dictionary, once used
}

// Now is the store's clock at the start of the transaction.
func (tx *Tx) Now() time.Time { return tx.now }

// Update runs fn in a write transaction shared with concurrent callers
// (bbolt Batch, group commit) and returns after that transaction is on disk.
//
// fn may run more than once, so it must have no effects outside tx and must
// reset anything it captures. If fn returns an error, bbolt reruns the rest
// of the batch without it and then reruns fn alone: an error is correct but
// costs two extra passes, so validate input before Update where you can.
//
// ctx cancels only waiting: if it is done before fn runs, fn is skipped and
// ctx's error returned; a transaction in progress is never interrupted, and
// a nil error always means committed.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Batch(func(btx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(&Tx{tx: btx, now: db.now(), db: db})
	})
}

// View runs fn in a read-only transaction on a consistent snapshot. Keep fn
// short: a long read transaction pins old pages and, past the initial map
// size, blocks writers that need to grow the file.
func (db *DB) View(fn func(tx *Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, now: db.now(), db: db}) })
}

// update is a solo write transaction for maintenance (pruning, outbox
// clean-up) where sharing a batch buys nothing.
func (db *DB) update(fn func(tx *Tx) error) error {
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, now: db.now(), db: db}) })
}
