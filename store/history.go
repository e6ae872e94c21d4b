package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// The history is append-only: every administrative act and every saved
// revision of a report is one fieldbot.Event, written by the transaction
// that makes the change, so the history never misses a committed act nor
// records one that rolled back. There is no way here to change or remove
// an event: AppendEvent and the readers are the whole API.
//
//	history         seq uint64 (the bucket's sequence) → eventRecord (JSON)
//	history_unit    unit\x00seq → empty   (the events about a unit)
//	history_person  phone\x00seq → empty  (the events about a person)
//
// The sequence is the order of commits, so newest first is a reverse scan
// of a key range, and the history of a unit or a person is read without
// touching anyone else's. The three buckets were added within schema
// version 1: Open creates them in a file written by an earlier release
// (nothing to migrate: that release kept no history), and Check does not
// require them (see optionalBuckets), so a backup made by that release can
// still be checked and restored.

var (
	bucketHistory       = []byte("history")
	bucketHistoryUnit   = []byte("history_unit")
	bucketHistoryPerson = []byte("history_person")
)

// optionalBuckets were added to the layout without a new schema version,
// because a file without them means only "nothing of that kind yet": Open
// creates them, Check does not require them (a backup made by an earlier
// release must still pass it), readers take a missing one as empty, and an
// earlier release that opens the file again ignores them. Adding a bucket
// this way needs no migration.
var optionalBuckets = [][]byte{bucketHistory, bucketHistoryUnit, bucketHistoryPerson}

// eventRecord is an Event on disk.
type eventRecord struct {
	At      time.Time      `json:"at"`
	Kind    string         `json:"kind"`
	By      string         `json:"by,omitempty"`
	Via     string         `json:"via,omitempty"`
	Unit    string         `json:"unit,omitempty"`
	Person  string         `json:"person,omitempty"`
	Ref     string         `json:"ref,omitempty"`
	Changes []changeRecord `json:"changes,omitempty"`
}

type changeRecord struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// AppendEvent adds e at the end of the history; a zero At becomes the
// store's clock. Kind is required; Unit and Person may be empty (then the
// event is not found by them) but must not contain NUL.
func (tx *Tx) AppendEvent(e fieldbot.Event) error {
	if err := checkParts("event", string(e.Kind)); err != nil {
		return err
	}
	for _, p := range []string{e.Unit, e.Person} {
		if p != "" {
			if err := checkParts("event", p); err != nil {
				return err
			}
		}
	}
	if e.At.IsZero() {
		e.At = tx.now
	}
	b := tx.tx.Bucket(bucketHistory)
	b.FillPercent = 1.0 // keys only ever grow: full pages, none split half empty
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	key := u64(seq)
	r := eventRecord{At: e.At, Kind: string(e.Kind), By: e.By, Via: e.Via, Unit: e.Unit, Person: e.Person, Ref: e.Ref}
	for _, c := range e.Changes {
		r.Changes = append(r.Changes, changeRecord{Field: c.Field, Old: c.Old, New: c.New})
	}
	if err := put(b, key, r); err != nil {
		return err
	}
	if e.Unit != "" {
		if err := tx.tx.Bucket(bucketHistoryUnit).Put(append(prefix(e.Unit), key...), nil); err != nil {
			return err
		}
	}
	if e.Person != "" {
		if err := tx.tx.Bucket(bucketHistoryPerson).Put(append(prefix(e.Person), key...), nil); err != nil {
			return err
		}
	}
	return nil
}

// EventsOf returns at most limit events, newest first: those about any of
// units (none given: about any unit, or none) and, if person is not "",
// about that person. It reads the index of each unit or of the person,
// never the whole history unless asked for all of it. limit ≤ 0 returns
// nothing.
func (tx *Tx) EventsOf(units []string, person string, limit int) ([]fieldbot.Event, error) {
	return eventsOf(tx.tx, units, person, limit)
}

// EventsOf is Tx.EventsOf in a read transaction of its own.
func (db *DB) EventsOf(units []string, person string, limit int) ([]fieldbot.Event, error) {
	var out []fieldbot.Event
	err := db.bolt.View(func(btx *bolt.Tx) error {
		var err error
		out, err = eventsOf(btx, units, person, limit)
		return err
	})
	return out, err
}

func eventsOf(btx *bolt.Tx, units []string, person string, limit int) ([]fieldbot.Event, error) {
	hist := btx.Bucket(bucketHistory)
	if hist == nil || limit <= 0 { // a read-only file from before the history
		return nil, nil
	}
	var out []fieldbot.Event
	add := func(seq []byte, want func(eventRecord) bool) (bool, error) {
		v := hist.Get(seq)
		if v == nil {
			return true, nil
		}
		var r eventRecord
		if err := decode(v, &r); err != nil {
			return false, err
		}
		if want == nil || want(r) {
			out = append(out, r.event())
		}
		return len(out) < limit, nil
	}
	switch {
	case person != "":
		var want func(eventRecord) bool
		if len(units) > 0 {
			want = func(r eventRecord) bool { return slices.Contains(units, r.Unit) }
		}
		c := newIndexCursor(btx.Bucket(bucketHistoryPerson), person)
		for seq := c.seq; seq != nil; seq = c.next() {
			if more, err := add(seq, want); err != nil || !more {
				return out, err
			}
		}
	case len(units) > 0:
		// Merge the units' indexes, each newest first, by sequence.
		var cs []*indexCursor
		for _, u := range units {
			if u == "" || slices.ContainsFunc(cs, func(c *indexCursor) bool { return c.id == u }) {
				continue
			}
			if c := newIndexCursor(btx.Bucket(bucketHistoryUnit), u); c.seq != nil {
				cs = append(cs, c)
			}
		}
		for len(cs) > 0 {
			top := 0
			for i, c := range cs {
				if bytes.Compare(c.seq, cs[top].seq) > 0 {
					top = i
				}
			}
			if more, err := add(cs[top].seq, nil); err != nil || !more {
				return out, err
			}
			if cs[top].next() == nil {
				cs = slices.Delete(cs, top, top+1)
			}
		}
	default:
		c := hist.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			if more, err := add(k, nil); err != nil || !more {
				return out, err
			}
		}
	}
	return out, nil
}

func (r eventRecord) event() fieldbot.Event {
	e := fieldbot.Event{At: r.At, Kind: fieldbot.EventKind(r.Kind), By: r.By, Via: r.Via, Unit: r.Unit, Person: r.Person, Ref: r.Ref}
	for _, c := range r.Changes {
		e.Changes = append(e.Changes, fieldbot.Change{Field: c.Field, Old: c.Old, New: c.New})
	}
	return e
}

// indexCursor walks one id's range of an index bucket (id\x00seq) from
// the newest sequence back; seq is the current one, nil at the end.
type indexCursor struct {
	id  string
	p   []byte
	c   *bolt.Cursor
	seq []byte
}

func newIndexCursor(b *bolt.Bucket, id string) *indexCursor {
	ic := &indexCursor{id: id, p: prefix(id)}
	if b == nil {
		return ic
	}
	ic.c = b.Cursor()
	// The first key after the range ("id\x01"), then one back.
	end := append(join(id), 1)
	k, _ := ic.c.Seek(end)
	if k == nil {
		k, _ = ic.c.Last()
	} else {
		k, _ = ic.c.Prev()
	}
	ic.set(k)
	return ic
}

func (ic *indexCursor) next() []byte {
	k, _ := ic.c.Prev()
	ic.set(k)
	return ic.seq
}

func (ic *indexCursor) set(k []byte) {
	ic.seq = nil
	if k != nil && bytes.HasPrefix(k, ic.p) && len(k) == len(ic.p)+8 {
		ic.seq = k[len(ic.p):]
	}
}
