package store

import (
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// InboxItem is one update received from a channel.
type InboxItem struct {
	Channel  string
	ID       int64 // the channel's update id
	Chat     string
	Raw      []byte
	Received time.Time
}

type inboxRecord struct {
	Chat     string    `json:"chat"`
	Raw      []byte    `json:"raw,omitempty"` // dropped once done
	Received time.Time `json:"received"`
	Done     bool      `json:"done,omitempty"`
}

func inboxKey(id int64) []byte { return u64(uint64(id)) }

// InboxPut stores a batch of updates in one transaction and returns those
// never seen before: an id already stored for the channel, pending or done,
// is a re-delivery and is skipped.
func (db *DB) InboxPut(ctx context.Context, items []InboxItem) ([]InboxItem, error) {
	var added []InboxItem
	err := db.Update(ctx, func(tx *Tx) error {
		added = added[:0]
		for _, it := range items {
			b, err := tx.tx.Bucket(bucketInbox).CreateBucketIfNotExists([]byte(it.Channel))
			if err != nil {
				return err
			}
			k := inboxKey(it.ID)
			if b.Get(k) != nil {
				continue
			}
			it.Received = tx.now
			if err := put(b, k, inboxRecord{Chat: it.Chat, Raw: it.Raw, Received: it.Received}); err != nil {
				return err
			}
			added = append(added, it)
		}
		return nil
	})
	return added, err
}

// InboxPending returns the channel's updates not yet done, oldest first.
func (db *DB) InboxPending(channel string) ([]InboxItem, error) {
	var out []InboxItem
	err := db.View(func(tx *Tx) error {
		b := tx.tx.Bucket(bucketInbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var r inboxRecord
			if err := jsonUnmarshal(v, &r); err != nil || r.Done {
				return err
			}
			out = append(out, InboxItem{Channel: channel, ID: int64(binary.BigEndian.Uint64(k)), Chat: r.Chat, Raw: r.Raw, Received: r.Received})
			return nil
		})
	})
	return out, err
}

// InboxDone marks an update handled. Its id is remembered (without the
// body) so a re-delivery is still recognised.
func (tx *Tx) InboxDone(channel string, id int64) error {
	b := tx.tx.Bucket(bucketInbox).Bucket([]byte(channel))
	if b == nil {
		return nil
	}
	var r inboxRecord
	ok, err := get(b, inboxKey(id), &r)
	if err != nil || !ok || r.Done {
		return err
	}
	r.Done, r.Raw = true, nil
	return put(b, inboxKey(id), r)
}

// PruneInbox forgets done updates received before the given time. Telegram
// re-delivers only recent updates, so old ids need not be remembered.
func (db *DB) PruneInbox(olderThan time.Time) (int, error) {
	n := 0
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		n = 0
		return btx.Bucket(bucketInbox).ForEachBucket(func(name []byte) error {
			b := btx.Bucket(bucketInbox).Bucket(name)
			var stale [][]byte
			err := b.ForEach(func(k, v []byte) error {
				var r inboxRecord
				if err := jsonUnmarshal(v, &r); err != nil {
					return err
				}
				if r.Done && r.Received.Before(olderThan) {
					stale = append(stale, append([]byte(nil), k...))
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, k := range stale {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n += len(stale)
			return nil
		})
	})
	return n, err
}
