package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// Revisions live flat, one key each, in a bucket per form:
//
//	revisions  form/ → period\x00unit\x00phone\x00revision uint32 → revision record
//	field_ids  form → the form's answer ids, in the order first saved
//
// A form is one ordered scan, a period one prefix scan, a submission's
// revisions a prefix scan and its latest a Seek past the prefix and one
// step back. A revision is never overwritten or deleted because it is an
// official record. Schema version 1 kept a bucket of revisions per
// submission (submission_v1.go): a bucket costs a page of its own once it
// outgrows its parent's leaf, so that layout took ≈ 560 bytes a revision
// where this one takes ≈ 200 (BenchmarkRevisionBytes).
//
// A revision record is binary, not JSON, because 2.9 million of them are
// five national years:
//
//	flags        byte: 1 = SubmittedBy is the reporter (Phone) and not stored;
//	             2 = Via is a number in the dict bucket (dict.go), not a
//	             string (schema 3; a record without it has the string);
//	             any other bit set is an error (a later format)
//	SubmittedAt  varint Unix seconds, uvarint nanoseconds, varint UTC offset
//	             in seconds (read back as JSON did: offset 0 is UTC, the
//	             local zone's offset is time.Local, others a fixed zone)
//	SubmittedBy  string, unless flag 1
//	Via          uvarint dict number if flag 2, else string
//	answers      uvarint count, then each: uvarint index<<1 | integer, and
//	             a varint if integer (a decimal string that FormatInt gives
//	             back byte for byte), else a string
//
// A string is a uvarint length and its bytes; an index points into the
// form's field_ids, which only ever grows.

var (
	bucketRevisions = []byte("revisions")
	bucketFieldIDs  = []byte("field_ids")
)

const (
	flagByReporter = 1
	flagViaNumber  = 2
	knownFlags     = flagByReporter | flagViaNumber
)

func submissionKey(k fieldbot.SubmissionKey) []byte { return join(k.Period, k.Unit, k.Phone) }

// revisionPrefix is the start of k's revision keys.
func revisionPrefix(k fieldbot.SubmissionKey) []byte { return append(submissionKey(k), 0) }

func revisionKey(p []byte, n int) []byte {
	return binary.BigEndian.AppendUint32(slices.Clip(p), uint32(n))
}

// lastRevision positions c at the newest revision whose key starts with
// the revision prefix p.
func lastRevision(c *bolt.Cursor, p []byte) (k, v []byte) {
	past := append(slices.Clip(p), 0xff, 0xff, 0xff, 0xff, 0xff) // after every p+uint32
	if k, _ = c.Seek(past); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || len(k) != len(p)+4 || !bytes.HasPrefix(k, p) {
		return nil, nil
	}
	return k, v
}

// fieldIDs is a form's dictionary of answer ids.
type fieldIDs struct {
	ids   []string
	index map[string]int
	grown bool // ids added in this transaction, to be written back
}

func decodeFieldIDs(v []byte) (*fieldIDs, error) {
	d := &fieldIDs{index: map[string]int{}}
	for len(v) > 0 {
		id, rest, err := readString(v)
		if err != nil {
			return nil, fmt.Errorf("store: answer ids: %w", err)
		}
		d.index[id] = len(d.ids)
		d.ids = append(d.ids, id)
		v = rest
	}
	return d, nil
}

func (d *fieldIDs) encode() []byte {
	var b []byte
	for _, id := range d.ids {
		b = appendString(b, id)
	}
	return b
}

func (d *fieldIDs) add(id string) int {
	i, ok := d.index[id]
	if !ok {
		i = len(d.ids)
		d.index[id] = i
		d.ids = append(d.ids, id)
		d.grown = true
	}
	return i
}

// fieldIDs returns form's dictionary, read once per transaction.
func (tx *Tx) fieldIDs(form string) (*fieldIDs, error) {
	if d, ok := tx.ids[form]; ok {
		return d, nil
	}
	d, err := decodeFieldIDs(tx.tx.Bucket(bucketFieldIDs).Get([]byte(form)))
	if err != nil {
		return nil, err
	}
	if tx.ids == nil {
		tx.ids = map[string]*fieldIDs{}
	}
	tx.ids[form] = d
	return d, nil
}

// putRevision writes revision s (Revision set) into revs, growing ids and
// the dictionary d.
func putRevision(revs, idsBucket *bolt.Bucket, ids *fieldIDs, d *dict, s fieldbot.Submission) error {
	v, err := encodeRecord(s, ids, d)
	if err != nil {
		return err
	}
	if ids.grown {
		if err := idsBucket.Put([]byte(s.Form), ids.encode()); err != nil {
			return err
		}
		ids.grown = false
	}
	return revs.Put(revisionKey(revisionPrefix(s.Key()), s.Revision), v)
}

// PutSubmission stores s as the next revision of its submission: Revision is
// the latest one plus 1 (s.Revision is ignored) and a zero SubmittedAt
// becomes the store's clock. It returns what was stored. The revision's
// history event is appended in the same transaction (history.go), so the
// history has every committed revision and none that rolled back.
func (tx *Tx) PutSubmission(s fieldbot.Submission) (fieldbot.Submission, error) {
	if err := checkParts("submission", s.Form, s.Period, s.Unit, s.Phone); err != nil {
		return s, err
	}
	revs, err := tx.tx.Bucket(bucketRevisions).CreateBucketIfNotExists([]byte(s.Form))
	if err != nil {
		return s, err
	}
	// bbolt's default FillPercent (0.5) is right here although keys come
	// period after period: within the open period they arrive in random
	// order, and splitting fuller pages then leaves most of them far
	// emptier. BenchmarkRevisionBytes (10 weeks, the whole file with the
	// history), bytes a revision used: 0.3 → 246, 0.4 → 224, 0.45 → 218,
	// 0.5 → 216, 0.6 → 219, 0.7 → 232, 0.8 → 266, 0.9 → 353, 1.0 → 502.
	p := revisionPrefix(s.Key())
	s.Revision = 1
	if k, _ := lastRevision(revs.Cursor(), p); k != nil {
		s.Revision = int(binary.BigEndian.Uint32(k[len(p):])) + 1
	}
	if s.SubmittedAt.IsZero() {
		s.SubmittedAt = tx.now
	}
	s.Answers = s.Answers.Clone() // the caller keeps its map; the result is ours
	ids, err := tx.fieldIDs(s.Form)
	if err != nil {
		return s, err
	}
	if err := putRevision(revs, tx.tx.Bucket(bucketFieldIDs), ids, tx.dict(), s); err != nil {
		return s, err
	}
	return s, tx.appendRevisionEvent(s)
}

// dict is the file's dictionary, cached for the transaction.
func (tx *Tx) dict() *dict {
	if tx.names == nil {
		tx.names = newDict(tx.tx.Bucket(bucketDict))
	}
	return tx.names
}

// Latest returns the newest revision of a submission.
func (tx *Tx) Latest(k fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) {
	all := tx.tx.Bucket(bucketRevisions)
	if all == nil { // a schema 1 file opened read-only
		return v1Latest(tx.tx, k)
	}
	revs := all.Bucket([]byte(k.Form))
	if revs == nil {
		return fieldbot.Submission{}, false, nil
	}
	p := revisionPrefix(k)
	rk, v := lastRevision(revs.Cursor(), p)
	if rk == nil {
		return fieldbot.Submission{}, false, nil
	}
	ids, err := tx.fieldIDs(k.Form)
	if err != nil {
		return fieldbot.Submission{}, false, err
	}
	s, err := decodeRecord(k, rk[len(p):], v, ids, tx.dict())
	return s, err == nil, err
}

// Revisions returns every revision of a submission, oldest first: the
// history with who changed it and when.
func (tx *Tx) Revisions(k fieldbot.SubmissionKey) ([]fieldbot.Submission, error) {
	all := tx.tx.Bucket(bucketRevisions)
	if all == nil {
		return v1Revisions(tx.tx, k)
	}
	revs := all.Bucket([]byte(k.Form))
	if revs == nil {
		return nil, nil
	}
	ids, err := tx.fieldIDs(k.Form)
	if err != nil {
		return nil, err
	}
	p := revisionPrefix(k)
	var out []fieldbot.Submission
	c := revs.Cursor()
	for rk, v := c.Seek(p); rk != nil && bytes.HasPrefix(rk, p); rk, v = c.Next() {
		if len(rk) != len(p)+4 {
			continue
		}
		s, err := decodeRecord(k, rk[len(p):], v, ids, tx.dict())
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

// LatestSubmissions calls fn with the latest revision of every submission of
// a form, ordered by period key, unit and phone. It streams inside one read
// transaction: fn must not start another transaction, and should be quick.
// An error from fn stops the scan and is returned.
func (db *DB) LatestSubmissions(form string, fn func(fieldbot.Submission) error) error {
	return db.scan(form, nil, fn)
}

// LatestInPeriod is LatestSubmissions for one period: a range scan over the
// keys that start with it.
func (db *DB) LatestInPeriod(form, period string, fn func(fieldbot.Submission) error) error {
	if period == "" {
		return nil
	}
	return db.scan(form, prefix(period), fn)
}

func (db *DB) scan(form string, p []byte, fn func(fieldbot.Submission) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		all := btx.Bucket(bucketRevisions)
		if all == nil {
			return v1Scan(btx, form, p, fn)
		}
		revs := all.Bucket([]byte(form))
		if revs == nil {
			return nil
		}
		ids, err := decodeFieldIDs(btx.Bucket(bucketFieldIDs).Get([]byte(form)))
		if err != nil {
			return err
		}
		d := newDict(btx.Bucket(bucketDict))
		// The keys of one submission are adjacent; the last of them is
		// its latest revision.
		var lastK, lastV []byte
		flush := func() error {
			if lastK == nil {
				return nil
			}
			sk := lastK[:len(lastK)-5] // without \x00 and the revision
			parts := bytes.SplitN(sk, []byte{0}, 3)
			if len(parts) != 3 {
				return nil
			}
			key := fieldbot.SubmissionKey{Form: form, Period: string(parts[0]), Unit: string(parts[1]), Phone: string(parts[2])}
			s, err := decodeRecord(key, lastK[len(lastK)-4:], lastV, ids, d)
			if err != nil {
				return err
			}
			return fn(s)
		}
		c := revs.Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if len(k) < 6 || k[len(k)-5] != 0 {
				continue
			}
			if lastK != nil && !bytes.Equal(k[:len(k)-4], lastK[:len(lastK)-4]) {
				if err := flush(); err != nil {
					return err
				}
			}
			lastK, lastV = k, v
		}
		return flush()
	})
}

// encodeRecord is s's revision record; ids gains any new answer id, in
// the order of the ids (not the map's), and d any new Via. Without d (a
// test of the format before it) Via is stored as a string.
func encodeRecord(s fieldbot.Submission, ids *fieldIDs, d *dict) ([]byte, error) {
	b := make([]byte, 1, 96)
	if s.SubmittedBy == s.Phone {
		b[0] |= flagByReporter
	}
	var via uint64
	if d != nil {
		n, err := d.add(dictVia, s.Via)
		if err != nil {
			return nil, err
		}
		b[0] |= flagViaNumber
		via = n
	}
	_, off := s.SubmittedAt.Zone()
	b = binary.AppendVarint(b, s.SubmittedAt.Unix())
	b = binary.AppendUvarint(b, uint64(s.SubmittedAt.Nanosecond()))
	b = binary.AppendVarint(b, int64(off))
	if b[0]&flagByReporter == 0 {
		b = appendString(b, s.SubmittedBy)
	}
	if b[0]&flagViaNumber != 0 {
		b = binary.AppendUvarint(b, via)
	} else {
		b = appendString(b, s.Via)
	}
	type answer struct {
		i  int
		id string
		v  string
	}
	answers := make([]answer, 0, len(s.Answers))
	for id, v := range s.Answers {
		answers = append(answers, answer{id: id, v: v})
	}
	// New ids are numbered in id order, so a file's dictionary does not
	// depend on the order a map gave them in.
	slices.SortFunc(answers, func(a, b answer) int { return strings.Compare(a.id, b.id) })
	for i := range answers {
		answers[i].i = ids.add(answers[i].id)
	}
	slices.SortFunc(answers, func(a, b answer) int { return a.i - b.i })
	b = binary.AppendUvarint(b, uint64(len(answers)))
	for _, a := range answers {
		if n, ok := canonicalInt(a.v); ok {
			b = binary.AppendUvarint(b, uint64(a.i)<<1|1)
			b = binary.AppendVarint(b, n)
		} else {
			b = binary.AppendUvarint(b, uint64(a.i)<<1)
			b = appendString(b, a.v)
		}
	}
	return b, nil
}

// canonicalInt is v as an integer if formatting it gives v back exactly.
func canonicalInt(v string) (int64, bool) {
	if len(v) == 0 || len(v) > 19 {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && strconv.FormatInt(n, 10) == v
}

// decodeRecord reads revision rev (4 bytes) of k from its record v; d
// names a Via stored as a number.
func decodeRecord(k fieldbot.SubmissionKey, rev, v []byte, ids *fieldIDs, d *dict) (fieldbot.Submission, error) {
	s := fieldbot.Submission{Form: k.Form, Period: k.Period, Unit: k.Unit, Phone: k.Phone, Revision: int(binary.BigEndian.Uint32(rev))}
	fail := func(what string) (fieldbot.Submission, error) {
		return fieldbot.Submission{}, fmt.Errorf("store: revision %d of %s/%s/%s/%s: %s", s.Revision, k.Form, k.Period, k.Unit, k.Phone, what)
	}
	if len(v) == 0 || v[0]&^knownFlags != 0 {
		return fail("unknown record format")
	}
	flags, r := v[0], reader{b: v[1:]}
	sec, nsec, off := r.varint(), r.uvarint(), r.varint()
	s.SubmittedAt = zoned(time.Unix(sec, int64(nsec)), int(off))
	if flags&flagByReporter != 0 {
		s.SubmittedBy = k.Phone
	} else {
		s.SubmittedBy = r.string()
	}
	if flags&flagViaNumber != 0 {
		via, err := d.name(dictVia, r.uvarint())
		if err != nil {
			return fail(err.Error())
		}
		s.Via = via
	} else {
		s.Via = r.string()
	}
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		return fail("record cut short")
	}
	s.Answers = make(fieldbot.Answers, n)
	for range n {
		x := r.uvarint()
		i := x >> 1
		if r.err || i >= uint64(len(ids.ids)) {
			return fail("answer id not in field_ids")
		}
		if x&1 == 1 {
			s.Answers[ids.ids[i]] = strconv.FormatInt(r.varint(), 10)
		} else {
			s.Answers[ids.ids[i]] = r.string()
		}
	}
	if r.err || len(r.b) != 0 {
		return fail("record cut short or too long")
	}
	return s, nil
}

// zoned is t in the zone JSON would have decoded it in: UTC for offset 0,
// time.Local if that is its offset then, otherwise a fixed zone.
func zoned(t time.Time, off int) time.Time {
	if off == 0 {
		return t.UTC()
	}
	if _, local := t.In(time.Local).Zone(); local == off {
		return t.In(time.Local)
	}
	return t.In(time.FixedZone("", off))
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func readString(b []byte) (string, []byte, error) {
	r := reader{b: b}
	s := r.string()
	if r.err {
		return "", nil, fmt.Errorf("cut short")
	}
	return s, r.b, nil
}

// reader takes varints and strings off b; err sticks once b runs out.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	n, w := binary.Uvarint(r.b)
	if w <= 0 {
		r.err, r.b = true, nil
		return 0
	}
	r.b = r.b[w:]
	return n
}

func (r *reader) varint() int64 {
	n, w := binary.Varint(r.b)
	if w <= 0 {
		r.err, r.b = true, nil
		return 0
	}
	r.b = r.b[w:]
	return n
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
