package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Outgoing is a message the bot must send. It is committed in the same
// transaction as the change that caused it and deleted once sent, so a
// crash in between sends it again rather than never (at least once).
type Outgoing struct {
	ID      uint64    `json:"-"` // assigned by Enqueue
	Channel string    `json:"channel"`
	Chat    string    `json:"chat"`
	Payload []byte    `json:"payload"` // the channel adapter's encoding
	Created time.Time `json:"created"` // filled in by Enqueue if zero
}

// Enqueue adds a message to the outbox and returns its id, which grows with
// every call (the bucket's sequence), so ids give the order of queueing.
func (tx *Tx) Enqueue(o Outgoing) (uint64, error) {
	if err := checkParts("outbox", o.Channel, o.Chat); err != nil {
		return 0, err
	}
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

// Outbox returns a channel's unsent messages ordered by id.
func (db *DB) Outbox(channel string) ([]Outgoing, error) {
	var out []Outgoing
	err := db.View(func(tx *Tx) error {
		return tx.tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var o Outgoing
			if err := decode(v, &o); err != nil {
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

// OutboxDone removes sent messages; unknown ids are ignored. Calls from
// concurrent senders share a commit.
func (db *DB) OutboxDone(ids ...uint64) error {
	if len(ids) == 0 {
		return nil
	}
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
