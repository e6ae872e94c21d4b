// Package store keeps everything fieldbot knows in one bbolt file: the
// durable inbox of channel updates, people's chat accounts, conversation
// state per chat, submissions with all their revisions, and the outbox of
// messages to send. It is the only package that imports bbolt; its encoding
// is private.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/fieldbot/fieldbot"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 1

var (
	bucketMeta        = []byte("meta")
	bucketInbox       = []byte("inbox")       // channel → id → inboxRecord
	bucketAccounts    = []byte("accounts")    // channel\x00user → Account
	bucketAccountsBy  = []byte("accounts_by") // phone\x00channel\x00user → nothing
	bucketChats       = []byte("chats")       // channel\x00chat → opaque state
	bucketSubmissions = []byte("submissions") // form → period\x00unit\x00phone → revision → Submission
	bucketOutbox      = []byte("outbox")      // id → Outgoing
	keySchema         = []byte("schema")
)

// Options configures Open.
type Options struct {
	// Timeout is how long to wait for another process to release the file.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DB is an open fieldbot database.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
}

// Open opens or creates the database at path. If another process holds the
// file, it fails after opts.Timeout with an ELOCKED error instead of waiting
// forever (bbolt's default).
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fieldbot.Errorf(fieldbot.ELOCKED, "another fieldbot process holds %s", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Group commit: concurrent Updates share one transaction (two fsyncs).
	// A short delay keeps single-chat latency low; a busy bot fills batches.
	b.MaxBatchDelay = 2 * time.Millisecond
	b.MaxBatchSize = 256
	db := &DB{bolt: b, path: path, now: opts.Now}
	if err := db.init(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) init() error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketInbox, bucketAccounts, bucketAccountsBy, bucketChats, bucketSubmissions, bucketOutbox} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keySchema); v != nil {
			if got := int(binary.BigEndian.Uint64(v)); got > SchemaVersion {
				return fieldbot.Errorf(fieldbot.EINVALID, "%s has schema version %d; this fieldbot understands up to %d: upgrade fieldbot", db.path, got, SchemaVersion)
			}
			return nil
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
}

// Close closes the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the file's location.
func (db *DB) Path() string { return db.path }

// Tx is a transaction with fieldbot's operations.
type Tx struct {
	tx  *bolt.Tx
	now time.Time
}

// Update runs fn in a write transaction shared with concurrent callers
// (group commit). fn may run more than once, so it must have no effects
// outside tx. Update returns after the commit reached the disk. If fn fails
// the batch is retried without it, so validate before calling where you can.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Batch(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx, now: db.now()})
	})
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(tx *Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, now: db.now()}) })
}

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// join builds a composite key; parts never contain NUL.
func join(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// get decodes a value; json.Unmarshal copies, so the result outlives the tx.
func get(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, json.Unmarshal(data, v)
}
