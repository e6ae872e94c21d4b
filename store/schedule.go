package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// PutFile stores an attachment once, keyed by its content, and returns the
// key. Storing the same bytes again keeps one copy and renews its date.
// The value is the storing time (8 bytes, Unix seconds) then the bytes.
func (tx *Tx) PutFile(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:12])
	b := tx.tx.Bucket(bucketFiles)
	if old := b.Get([]byte(id)); len(old) >= 8 && int64(binary.BigEndian.Uint64(old)) > tx.now.Add(-time.Hour).Unix() {
		return id, nil // stored within the hour: a digest going to many people
	}
	v := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(v, uint64(tx.now.Unix()))
	// Storing rewrites the leaf the new key joins, and a leaf of
	// attachments is hundreds of kB read through the memory map: a
	// national digest run (390 charts and spreadsheets) left ≈ 60 MiB of
	// the file resident that way. Once committed, give those pages back.
	db := tx.tx.DB()
	tx.tx.OnCommit(func() { unmapped(db) })
	return id, b.Put([]byte(id), append(v, data...))
}

// File returns a stored attachment's bytes.
func (db *DB) File(id string) ([]byte, bool, error) {
	var out []byte
	err := db.View(func(tx *Tx) error {
		if v := tx.tx.Bucket(bucketFiles).Get([]byte(id)); len(v) >= 8 {
			out = bytes.Clone(v[8:])
			dropPages(v)
		}
		return nil
	})
	return out, out != nil, err
}

// PruneFiles forgets attachments stored before the given time; by then
// every message that referred to one has long been sent.
func (db *DB) PruneFiles(before time.Time) (int, error) {
	return db.deleteWhere(bucketFiles, func(v []byte) bool {
		return len(v) < 8 || int64(binary.BigEndian.Uint64(v)) < before.Unix()
	})
}

// LastRun is the scheduled time a job last ran for.
func (db *DB) LastRun(job string) (time.Time, bool, error) {
	var t time.Time
	var ok bool
	err := db.View(func(tx *Tx) error {
		v := tx.tx.Bucket(bucketRuns).Get([]byte(job))
		if v == nil {
			return nil
		}
		ok = true
		return t.UnmarshalText(v)
	})
	return t, ok, err
}

// SetLastRun records that a job ran for a scheduled time.
func (db *DB) SetLastRun(job string, scheduled time.Time) error {
	if err := checkParts("run", job); err != nil {
		return err
	}
	v, err := scheduled.UTC().MarshalText()
	if err != nil {
		return err
	}
	return db.update(func(tx *Tx) error { return tx.tx.Bucket(bucketRuns).Put([]byte(job), v) })
}

// Sent is the record that one recipient got one run of a job.
type Sent struct {
	Job       string    `json:"job"`
	Scheduled time.Time `json:"scheduled"`
	Recipient string    `json:"recipient"`          // a phone, or "chat:<channel>:<id>" for a group
	Period    string    `json:"period,omitempty"`   // the period a digest was about
	Unit      string    `json:"unit,omitempty"`     // the subtree it covered
	At        time.Time `json:"at"`                 // when it was queued
	Channels  []string  `json:"channels,omitempty"` // "telegram:123" where it went
}

func sentKey(job string, scheduled time.Time, recipient string) []byte {
	return join(job, scheduled.UTC().Format(time.RFC3339), recipient)
}

// Claim records that s.Recipient gets run s.Scheduled of s.Job, and reports
// false if that was recorded before. Claim and queueing the message in the
// same transaction make a scheduled message go out once, across restarts.
func (tx *Tx) Claim(s Sent) (bool, error) {
	if err := checkParts("sent", s.Job, s.Recipient); err != nil {
		return false, err
	}
	b := tx.tx.Bucket(bucketSent)
	k := sentKey(s.Job, s.Scheduled, s.Recipient)
	if b.Get(k) != nil {
		return false, nil
	}
	if s.At.IsZero() {
		s.At = tx.now
	}
	return true, put(b, k, s)
}

// SentFor lists what a job sent for one period, e.g. who got the digest
// of week 48 (and must hear of a correction to it).
func (tx *Tx) SentFor(job, period string) ([]Sent, error) {
	var out []Sent
	p := prefix(job)
	c := tx.tx.Bucket(bucketSent).Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var s Sent
		if err := decode(v, &s); err != nil {
			return nil, err
		}
		if s.Period == period {
			out = append(out, s)
		}
	}
	return out, nil
}

// PruneSent forgets send records older than before.
func (db *DB) PruneSent(before time.Time) (int, error) {
	return db.deleteWhere(bucketSent, func(v []byte) bool {
		var s Sent
		return decode(v, &s) != nil || s.At.Before(before)
	})
}

// deleteWhere deletes a bucket's entries whose value matches, collecting
// keys first: deleting under a cursor can skip items.
func (db *DB) deleteWhere(bucket []byte, match func(v []byte) bool) (int, error) {
	var stale [][]byte
	err := db.update(func(tx *Tx) error {
		stale = stale[:0]
		b := tx.tx.Bucket(bucket)
		if err := b.ForEach(func(k, v []byte) error {
			if match(v) {
				stale = append(stale, bytes.Clone(k))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return len(stale), err
}

// Hold keeps a message for a chat until ReleaseHeld or DropHeld: a
// reminder must not cut into a form the person is filling in.
func (tx *Tx) Hold(o Outgoing) error {
	if err := checkParts("held", o.Channel, o.Chat); err != nil {
		return err
	}
	b := tx.tx.Bucket(bucketHeld)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	if o.Created.IsZero() {
		o.Created = tx.now
	}
	k := append(prefix(o.Channel, o.Chat), u64(id)...)
	return put(b, k, o)
}

// ReleaseHeld moves a chat's held messages into the outbox and returns
// them as queued.
func (tx *Tx) ReleaseHeld(channel, chat string) ([]Outgoing, error) {
	held, err := tx.takeHeld(channel, chat)
	if err != nil {
		return nil, err
	}
	for i := range held {
		if held[i].ID, err = tx.Enqueue(held[i]); err != nil {
			return nil, err
		}
	}
	return held, nil
}

// DropHeld forgets a chat's held messages (the reminder is moot: they
// just reported).
func (tx *Tx) DropHeld(channel, chat string) error {
	_, err := tx.takeHeld(channel, chat)
	return err
}

func (tx *Tx) takeHeld(channel, chat string) ([]Outgoing, error) {
	if channel == "" || chat == "" {
		return nil, nil
	}
	var out []Outgoing
	var keys [][]byte
	p := prefix(channel, chat)
	b := tx.tx.Bucket(bucketHeld)
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var o Outgoing
		if err := decode(v, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return nil, err
		}
	}
	return out, nil
}
