package store

import (
	"encoding/binary"
	bolt "go.etcd.io/bbolt"
	"time"
)

// Outgoing is a message the bot must send. It is committed in the same
// transaction as the change that caused it and deleted once sent, so a
// crash in between sends it again rather than never.
type Outgoing struct {
	ID      uint64    `json:"-"`
	Channel string    `json:"channel"`
	Chat    string    `json:"chat"`
	Payload []byte    `json:"payload"`
	Created time.Time `json:"created"`
}

// Enqueue adds a message to the outbox and returns its id.
func (tx *Tx) Enqueue(o Outgoing) (uint64, error) {
	b := tx.tx.Bucket(bucketOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	if o.Created.IsZero() {
		o.Created = tx.now
	}
	return id, put(b, u64(id), o)
}

// Outbox returns a channel's unsent messages in the order they were queued.
func (db *DB) Outbox(channel string) ([]Outgoing, error) {
	var out []Outgoing
	err := db.View(func(tx *Tx) error {
		return tx.tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var o Outgoing
			if err := jsonUnmarshal(v, &o); err != nil {
				return err
			}
			if o.Channel == channel {
				o.ID = binary.BigEndian.Uint64(k)
				out = append(out, o)
			}
			return nil
		})
	})
	return out, err
}

// OutboxDone removes sent messages.
func (db *DB) OutboxDone(ids ...uint64) error {
	return db.bolt.Batch(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketOutbox)
		for _, id := range ids {
			if err := b.Delete(u64(id)); err != nil {
				return err
			}
		}
		return nil
	})
}
