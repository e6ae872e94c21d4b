package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// The history is append-only: every administrative act and every saved
// revision of a report is one fieldbot.Event, written by the transaction
// that makes the change, so the history never misses a committed act nor
// records one that rolled back. There is no way here to change or remove
// an event: AppendEvent (PutSubmission for a revision) and the readers are
// the whole API.
//
//	history  seq uint32 (the bucket's sequence) → event (binary, below)
//
// A national office's five years are ≈ 2.9 million revisions, each with
// its event, in a file of at most 230 bytes a revision (DESIGN §9), so an
// event must be small:
//
//   - A revision's event is a reference to the revision, which the
//     revisions bucket keeps forever with who saved it, when, through which
//     account and every answer. Its At, By and Via are the revision's and
//     its Changes are derived when it is read, from revisions n and n−1:
//     nothing is stored twice, and the event cannot disagree with the
//     record. PutSubmission appends it.
//   - Any other event (an invitation, a link, an import's change: few)
//     keeps all its fields.
//
// Values (# is a uvarint number in the dict bucket, dict.go; a string is a
// uvarint length and its bytes):
//
//	1 unit# phone# form# period# revision(uvarint)   a revision: 9 bytes
//	2 unit# person# kind at by# via# ref changes      any other event
//	'{' …                                             JSON (eventRecord)
//
// where at is as in a revision record (varint Unix seconds, uvarint
// nanoseconds, varint UTC offset) and changes a uvarint count of field,
// old and new strings. Schema versions 1 and 2 wrote every event as JSON;
// those still read as they did. Any other first byte is an error (a later
// format).
//
// Unit and person come first in both binary forms so that a reader
// filters on them without decoding the rest. There are no index buckets:
// schema 2 kept history_unit and history_person (unit or phone\x00seq →
// empty), ≈ 35 bytes an event each with bbolt's 16-byte element header —
// more than the event. The readers walk the history newest first instead,
// reading two uvarints an event, until they have enough: the whole of a
// national five years (2.86 million events) in ≈ 50 ms on the shared
// 2-core VM (BenchmarkHistoryWalk), and /lichsu usually stops far sooner
// (21 events of ten units: ≈ 35 µs).
//
// Keys are 4 bytes where schema 2 wrote 8 (up to 2³² events; 4 bytes less
// an event). The 8-byte keys an older file holds all start with 4 zero
// bytes, so they sort before every 4-byte key (a sequence is never 0):
// the order of commits holds across the change.

var bucketHistory = []byte("history")

// optionalBuckets were added to the layout without a new schema version,
// because a file without them means only "nothing of that kind yet": Open
// creates them, Check does not require them (a backup made by an earlier
// release must still pass it), readers take a missing one as empty, and an
// earlier release that opens the file again ignores them. Adding a bucket
// this way needs no migration.
var optionalBuckets = [][]byte{bucketHistory}

// Schema version 2's index buckets, deleted by dropHistoryIndexes.
var (
	bucketHistoryUnit   = []byte("history_unit")
	bucketHistoryPerson = []byte("history_person")
)

// dropHistoryIndexes moves a file to schema 3: the readers no longer use
// the history's index buckets, so they go (their pages become free space
// for later writes). The JSON events stay as they are.
func dropHistoryIndexes(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketHistoryUnit, bucketHistoryPerson} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
	}
	_, err := tx.CreateBucketIfNotExists(bucketDict)
	return err
}

// The first byte of an event's value.
const (
	eventRevisionRef = 1
	eventFull        = 2
	eventJSON        = '{'
)

// eventRecord is an Event as schema versions 1 and 2 wrote it (JSON).
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

func (r eventRecord) event() fieldbot.Event {
	e := fieldbot.Event{At: r.At, Kind: fieldbot.EventKind(r.Kind), By: r.By, Via: r.Via, Unit: r.Unit, Person: r.Person, Ref: r.Ref}
	for _, c := range r.Changes {
		e.Changes = append(e.Changes, fieldbot.Change{Field: c.Field, Old: c.Old, New: c.New})
	}
	return e
}

// AppendEvent adds e at the end of the history; a zero At becomes the
// store's clock. Kind is required; Unit and Person may be empty (then the
// event is not found by them) but must not contain NUL. A revision's event
// is PutSubmission's to write, so EventRevision is refused: two writers
// could record a revision twice, or one that is not there.
func (tx *Tx) AppendEvent(e fieldbot.Event) error {
	if err := checkParts("event", string(e.Kind)); err != nil {
		return err
	}
	if e.Kind == fieldbot.EventRevision {
		return fieldbot.Errorf(fieldbot.EINVALID, "event: a revision's event is written by PutSubmission")
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
	d := tx.dict()
	var nums [4]uint64
	for i, s := range []struct {
		k dictKind
		s string
	}{{dictUnit, e.Unit}, {dictPhone, e.Person}, {dictPhone, e.By}, {dictVia, e.Via}} {
		n, err := d.add(s.k, s.s)
		if err != nil {
			return err
		}
		nums[i] = n
	}
	v := []byte{eventFull}
	v = binary.AppendUvarint(v, nums[0])
	v = binary.AppendUvarint(v, nums[1])
	v = appendString(v, string(e.Kind))
	v = appendTime(v, e.At)
	v = binary.AppendUvarint(v, nums[2])
	v = binary.AppendUvarint(v, nums[3])
	v = appendString(v, e.Ref)
	v = binary.AppendUvarint(v, uint64(len(e.Changes)))
	for _, c := range e.Changes {
		v = appendString(appendString(appendString(v, c.Field), c.Old), c.New)
	}
	return tx.putEvent(v)
}

// appendRevisionEvent appends the event of revision s, just stored.
func (tx *Tx) appendRevisionEvent(s fieldbot.Submission) error {
	d := tx.dict()
	v := []byte{eventRevisionRef}
	for _, p := range []struct {
		k dictKind
		s string
	}{{dictUnit, s.Unit}, {dictPhone, s.Phone}, {dictForm, s.Form}, {dictPeriod, s.Period}} {
		n, err := d.add(p.k, p.s)
		if err != nil {
			return err
		}
		v = binary.AppendUvarint(v, n)
	}
	return tx.putEvent(binary.AppendUvarint(v, uint64(s.Revision)))
}

func (tx *Tx) putEvent(v []byte) error {
	b := tx.tx.Bucket(bucketHistory)
	b.FillPercent = 1.0 // keys only ever grow: full pages, none split half empty
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	if seq > math.MaxUint32 {
		return fmt.Errorf("store: the history is full (2³² events)")
	}
	return b.Put(binary.BigEndian.AppendUint32(nil, uint32(seq)), v)
}

// firstKey is the smallest 4-byte key: every key of schema 2 (8 bytes,
// starting with 4 zeros) is before it.
var firstKey = []byte{0, 0, 0, 1}

func appendTime(b []byte, t time.Time) []byte {
	_, off := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(off))
}

func (r *reader) time() time.Time {
	sec, nsec, off := r.varint(), r.uvarint(), r.varint()
	return zoned(time.Unix(sec, int64(nsec)), int(off))
}

// EventsOf returns at most limit events, newest first: those about any of
// units (none given: about any unit, or none) and, if person is not "",
// about that person. It walks the history from the newest event and stops
// at the limit; limit ≤ 0 returns nothing.
func (tx *Tx) EventsOf(units []string, person string, limit int) ([]fieldbot.Event, error) {
	hist := tx.tx.Bucket(bucketHistory)
	if hist == nil || limit <= 0 { // a read-only file from before the history
		return nil, nil
	}
	f := newEventFilter(tx.dict(), units, person)
	var out []fieldbot.Event
	c := hist.Cursor()
	k, v := c.Last()
	if f.none {
		// No event written since schema 3 can match: only the JSON ones
		// of an older file, under the 8-byte keys before firstKey.
		if k, v = c.Seek(firstKey); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	}
	for ; k != nil; k, v = c.Prev() {
		var e fieldbot.Event
		if len(v) > 0 && v[0] == eventJSON {
			var r eventRecord
			if err := decode(v, &r); err != nil {
				return out, fmt.Errorf("store: history event %x: %w", k, err)
			}
			if !f.wantNames(r.Unit, r.Person) {
				continue
			}
			e = r.event()
		} else {
			unit, person, ok := eventAbout(v)
			if !ok {
				return out, fmt.Errorf("store: history event %x: unknown format", k)
			}
			if !f.wantNumbers(unit, person) {
				continue
			}
			var err error
			if e, err = tx.decodeEvent(v); err != nil {
				return out, fmt.Errorf("store: history event %x: %w", k, err)
			}
		}
		out = append(out, e)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// EventsOf is Tx.EventsOf in a read transaction of its own.
func (db *DB) EventsOf(units []string, person string, limit int) ([]fieldbot.Event, error) {
	var out []fieldbot.Event
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = tx.EventsOf(units, person, limit)
		return err
	})
	return out, err
}

// eventFilter is EventsOf's choice of events, by name for JSON events and
// by dictionary number for the others.
type eventFilter struct {
	units      []string // "" left out: an event about no unit is about none of them
	unitNums   []bool   // by number, the units wanted
	person     string
	personNum  uint64
	personKnow bool // person has a number (else no binary event is theirs)
	none       bool // no binary event can match
}

func newEventFilter(d *dict, units []string, person string) *eventFilter {
	f := &eventFilter{person: person}
	for _, u := range units {
		if u != "" {
			f.units = append(f.units, u)
		}
	}
	if len(units) > 0 {
		var nums []uint64
		for _, u := range f.units {
			if n, ok := d.find(dictUnit, u); ok {
				nums = append(nums, n)
			}
		}
		f.unitNums = make([]bool, slices.Max(append(nums, 0))+1)
		for _, n := range nums {
			f.unitNums[n] = true
		}
		f.none = len(nums) == 0
		if f.units == nil {
			f.units = []string{} // units were asked for, none can match
		}
	}
	if person != "" {
		f.personNum, f.personKnow = d.find(dictPhone, person)
		f.none = f.none || !f.personKnow
	}
	return f
}

func (f *eventFilter) wantNumbers(unit, person uint64) bool {
	if f.person != "" && (!f.personKnow || person != f.personNum) {
		return false
	}
	return f.unitNums == nil || unit < uint64(len(f.unitNums)) && f.unitNums[unit]
}

func (f *eventFilter) wantNames(unit, person string) bool {
	if f.person != "" && person != f.person {
		return false
	}
	return f.units == nil || unit != "" && slices.Contains(f.units, unit)
}

// eventAbout reads the unit and person numbers at the start of a binary
// event without decoding the rest.
func eventAbout(v []byte) (unit, person uint64, ok bool) {
	if len(v) == 0 || v[0] != eventRevisionRef && v[0] != eventFull {
		return 0, 0, false
	}
	unit, n := binary.Uvarint(v[1:])
	if n <= 0 {
		return 0, 0, false
	}
	person, m := binary.Uvarint(v[1+n:])
	return unit, person, m > 0
}

// decodeEvent reads a binary event.
func (tx *Tx) decodeEvent(v []byte) (fieldbot.Event, error) {
	d := tx.dict()
	r := reader{b: v[1:]}
	var e fieldbot.Event
	var err error
	name := func(k dictKind, n uint64) string {
		s, nerr := d.name(k, n)
		if err == nil {
			err = nerr
		}
		return s
	}
	e.Unit = name(dictUnit, r.uvarint())
	e.Person = name(dictPhone, r.uvarint())
	if v[0] == eventRevisionRef {
		form, period, n := name(dictForm, r.uvarint()), name(dictPeriod, r.uvarint()), r.uvarint()
		if r.err || len(r.b) != 0 || n == 0 || n > math.MaxUint32 {
			return e, fmt.Errorf("cut short or too long")
		}
		if err != nil {
			return e, err
		}
		return tx.revisionEvent(fieldbot.SubmissionKey{Form: form, Period: period, Unit: e.Unit, Phone: e.Person}, int(n))
	}
	e.Kind = fieldbot.EventKind(r.string())
	e.At = r.time()
	e.By = name(dictPhone, r.uvarint())
	e.Via = name(dictVia, r.uvarint())
	e.Ref = r.string()
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		return e, fmt.Errorf("cut short")
	}
	for range n {
		e.Changes = append(e.Changes, fieldbot.Change{Field: r.string(), Old: r.string(), New: r.string()})
	}
	if r.err || len(r.b) != 0 {
		return e, fmt.Errorf("cut short or too long")
	}
	return e, err
}

// RevisionRef is a revision event's Ref: "weekly/2026-W49#2".
func RevisionRef(form, period string, n int) string {
	return form + "/" + period + "#" + strconv.Itoa(n)
}

// revisionEvent is the event of revision n of k: who saved it, when and
// through which account, and every answer that differs from revision
// n−1 (Old "" in the first), by answer id — the store does not know the
// form's order; conversation shows them in it.
func (tx *Tx) revisionEvent(k fieldbot.SubmissionKey, n int) (fieldbot.Event, error) {
	e := fieldbot.Event{Kind: fieldbot.EventRevision, Unit: k.Unit, Person: k.Phone, Ref: RevisionRef(k.Form, k.Period, n)}
	var revs *bolt.Bucket
	if all := tx.tx.Bucket(bucketRevisions); all != nil {
		revs = all.Bucket([]byte(k.Form))
	}
	if revs == nil {
		return e, fmt.Errorf("revision %s is not in the file", e.Ref)
	}
	ids, err := tx.fieldIDs(k.Form)
	if err != nil {
		return e, err
	}
	p := revisionPrefix(k)
	get := func(n int) (fieldbot.Submission, error) {
		key := revisionKey(p, n)
		v := revs.Get(key)
		if v == nil {
			return fieldbot.Submission{}, fmt.Errorf("revision %s is not in the file", RevisionRef(k.Form, k.Period, n))
		}
		return decodeRecord(k, key[len(p):], v, ids, tx.dict())
	}
	cur, err := get(n)
	if err != nil {
		return e, err
	}
	var prev fieldbot.Submission
	if n > 1 {
		if prev, err = get(n - 1); err != nil {
			return e, err
		}
	}
	e.At, e.By, e.Via = cur.SubmittedAt, cur.SubmittedBy, cur.Via
	var changed []string
	for _, a := range []fieldbot.Answers{prev.Answers, cur.Answers} {
		for id := range a {
			if prev.Answers[id] != cur.Answers[id] && !slices.Contains(changed, id) {
				changed = append(changed, id)
			}
		}
	}
	slices.Sort(changed)
	for _, id := range changed {
		e.Changes = append(e.Changes, fieldbot.Change{Field: id, Old: prev.Answers[id], New: cur.Answers[id]})
	}
	return e, nil
}
