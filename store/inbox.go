package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"time"

	"github.com/fieldbot/fieldbot"
)

// InboxItem is one update received from a channel. Storing it before asking
// for the next offset means an update the channel considers delivered is
// always on disk.
type InboxItem struct {
	Channel  string
	ID       int64 // the channel's update id, the de-duplication key; ≥ 0
	Chat     string
	Raw      []byte
	Received time.Time // filled in by InboxPut if zero
	// Fresh means the item is not stored yet: whoever handles it claims
	// it with Tx.InboxClaim in the transaction of its effects, so a step
	// costs one commit instead of two. Never stored itself.
	Fresh bool `json:"-"`
}

// inboxRecord is an item on disk. Done items keep their id and time but drop
// the body, so a re-delivery is still recognised.
type inboxRecord struct {
	Chat     string    `json:"chat"`
	Raw      []byte    `json:"raw,omitempty"`
	Received time.Time `json:"received"`
	Done     bool      `json:"done,omitempty"`
}

func inboxKey(id int64) []byte { return u64(uint64(id)) }

// InboxPut stores a batch of updates in one transaction and returns those
// never seen before: an id already stored for its channel, pending or done,
// is a re-delivery and is left out of added.
func (db *DB) InboxPut(ctx context.Context, items []InboxItem) (added []InboxItem, err error) {
	if len(items) == 0 {
		return nil, nil
	}
	for _, it := range items {
		if err := checkInboxItem(it); err != nil {
			return nil, err
		}
	}
	err = db.Update(ctx, func(tx *Tx) error {
		added = added[:0] // fn may run again
		for _, it := range items {
			it, ok, err := tx.inboxAdd(it)
			if err != nil {
				return err
			}
			if ok {
				added = append(added, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// InboxAdd stores one update pending in tx, with whatever else tx does
// (a file it refers to), and reports false if its id was seen before,
// pending or done: then nothing is stored.
func (tx *Tx) InboxAdd(it InboxItem) (bool, error) {
	if err := checkInboxItem(it); err != nil {
		return false, err
	}
	_, ok, err := tx.inboxAdd(it)
	return ok, err
}

func checkInboxItem(it InboxItem) error {
	if err := checkParts("inbox", it.Channel); err != nil {
		return err
	}
	if it.ID < 0 {
		return fieldbot.Errorf(fieldbot.EINVALID, "inbox: negative update id %d", it.ID)
	}
	return nil
}

// inboxAdd stores the checked update it unless its id was seen before
// (then it reports false and stores nothing); it returns it as stored,
// Received filled in.
func (tx *Tx) inboxAdd(it InboxItem) (InboxItem, bool, error) {
	b, err := tx.tx.Bucket(bucketInbox).CreateBucketIfNotExists([]byte(it.Channel))
	if err != nil {
		return it, false, err
	}
	k := inboxKey(it.ID)
	if b.Get(k) != nil {
		return it, false, nil
	}
	if it.Received.IsZero() {
		it.Received = tx.now
	}
	return it, true, put(b, k, inboxRecord{Chat: it.Chat, Raw: it.Raw, Received: it.Received})
}

// InboxSeen reports whether an update id was ever stored for the channel,
// pending or done (and not yet pruned).
func (db *DB) InboxSeen(channel string, id int64) (bool, error) {
	var seen bool
	err := db.View(func(tx *Tx) error {
		if b := tx.tx.Bucket(bucketInbox).Bucket([]byte(channel)); b != nil {
			seen = b.Get(inboxKey(id)) != nil
		}
		return nil
	})
	return seen, err
}

// InboxPending returns the channel's updates not yet done, ordered by id:
// what a restart must still handle.
func (db *DB) InboxPending(channel string) ([]InboxItem, error) {
	var out []InboxItem
	err := db.View(func(tx *Tx) error {
		b := tx.tx.Bucket(bucketInbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var r inboxRecord
			if err := decode(v, &r); err != nil || r.Done {
				return err
			}
			out = append(out, InboxItem{Channel: channel, ID: int64(binary.BigEndian.Uint64(k)), Chat: r.Chat, Raw: r.Raw, Received: r.Received})
			return nil
		})
	})
	return out, err
}

// InboxDone marks an update handled, in the same transaction as its effects.
// It is idempotent, and a no-op for an id never stored.
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

// InboxClaim records, as handled, an update that was never stored pending
// (InboxItem.Fresh), in the same transaction as its effects. It reports
// false if the id was seen before: that update is, or was, handled
// elsewhere and must not be handled again.
func (tx *Tx) InboxClaim(channel string, id int64, chat string) (bool, error) {
	if err := checkParts("inbox", channel); err != nil {
		return false, err
	}
	b, err := tx.tx.Bucket(bucketInbox).CreateBucketIfNotExists([]byte(channel))
	if err != nil {
		return false, err
	}
	k := inboxKey(id)
	if b.Get(k) != nil {
		return false, nil
	}
	return true, put(b, k, inboxRecord{Chat: chat, Received: tx.now, Done: true})
}

// PruneInbox forgets done updates received before olderThan and returns how
// many. Channels re-deliver only recent updates, so ids received since then
// stay remembered for de-duplication; pending items are never pruned.
func (db *DB) PruneInbox(olderThan time.Time) (int, error) {
	n := 0
	err := db.update(func(tx *Tx) error {
		inbox := tx.tx.Bucket(bucketInbox)
		return inbox.ForEachBucket(func(name []byte) error {
			b := inbox.Bucket(name)
			// Collect first: deleting under a cursor can skip items.
			var stale [][]byte
			err := b.ForEach(func(k, v []byte) error {
				var r inboxRecord
				if err := decode(v, &r); err != nil {
					return err
				}
				if r.Done && r.Received.Before(olderThan) {
					stale = append(stale, bytes.Clone(k))
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
