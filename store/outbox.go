package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
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
	// Bulk marks scheduled messages (digests, reminders): replies to someone
	// who is waiting in a conversation go before them.
	Bulk bool `json:"bulk,omitempty"`
	// For is the roster phone a scheduled message is for ("" for a group
	// chat, a reply, or an entry queued before it was recorded): a digest
	// waiting while a channel was down is not sent to someone who has
	// since left the roster or whose account here was taken back.
	For string `json:"for,omitempty"`
	// Message is what Payload encodes, when the entry is handed to the
	// sender in memory right after its commit (the relay's replies), so
	// that the sender need not decode it again. It is never stored: an
	// entry read back from the outbox has only Payload.
	Message *fieldbot.Message `json:"-"`
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
func (db *DB) Outbox(channel string) ([]Outgoing, error) { return db.OutboxAfter(channel, 0) }

// OutboxAfter returns a channel's unsent messages with ids above after,
// ordered by id. Ids grow with every commit, so a reader that remembers the
// highest id it has seen finds exactly what was queued since.
func (db *DB) OutboxAfter(channel string, after uint64) ([]Outgoing, error) {
	var out []Outgoing
	err := db.View(func(tx *Tx) error {
		c := tx.tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.Seek(u64(after + 1)); k != nil; k, v = c.Next() {
			var o Outgoing
			if err := decode(v, &o); err != nil {
				return err
			}
			if o.Channel == channel {
				o.ID = binary.BigEndian.Uint64(k)
				out = append(out, o)
			}
		}
		return nil
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
