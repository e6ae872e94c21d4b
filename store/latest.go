package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// LatestRow is the latest revision of one submission as the progress
// ledger reads it, without building a fieldbot.Submission: its key parts
// and its numeric answers. Period, Unit and Phone (and Values) are only
// valid during the callback.
type LatestRow struct {
	Period, Unit, Phone []byte
	Revision            int
	At                  int64     // SubmittedAt, Unix nanoseconds
	Values              []float64 // one per field asked for, in that order; 0 where the answer is absent or not a number
}

// LatestRows calls fn with the latest revision of every submission of form
// whose period key is ≥ from (lexicographic, "" for all), ordered by
// period key, unit and phone, in one read transaction. fn must not start
// another transaction; an error from it stops the scan and is returned.
//
// A value is what fieldbot.Answers.Float gives (its first result, so a
// decimal string goes through strconv.ParseFloat as it does, and a
// non-number is 0), but an integer stored as a varint is converted
// directly. Nothing else of a record is decoded: not Via, not the
// answers not asked for.
func (db *DB) LatestRows(form, from string, fields []string, fn func(*LatestRow) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		all := btx.Bucket(bucketRevisions)
		if all == nil { // a schema 1 file opened read-only: the slow way
			return v1Rows(btx, form, from, fields, fn)
		}
		revs := all.Bucket([]byte(form))
		if revs == nil {
			return nil
		}
		ids, err := decodeFieldIDs(btx.Bucket(bucketFieldIDs).Get([]byte(form)))
		if err != nil {
			return err
		}
		// want[i] is where answer id i goes in Values (-1: not asked for);
		// a field asked for twice is copied after decoding.
		want := make([]int, len(ids.ids))
		for i := range want {
			want[i] = -1
		}
		var dups [][2]int // Values[to] = Values[from]
		for i, f := range fields {
			j, ok := ids.index[f]
			switch {
			case !ok:
			case want[j] < 0:
				want[j] = i
			default:
				dups = append(dups, [2]int{i, want[j]})
			}
		}
		row := &LatestRow{Values: make([]float64, len(fields))}
		rows := 0
		c := revs.Cursor()
		k, v := c.Seek([]byte(from))
		for k != nil {
			nk, nv := c.Next()
			// The revisions of a submission are adjacent, its latest last.
			if nk != nil && len(nk) == len(k) && len(k) > 4 && bytes.Equal(nk[:len(k)-4], k[:len(k)-4]) {
				k, v = nk, nv
				continue
			}
			if ok, err := row.read(k, v, want); err != nil {
				return err
			} else if ok {
				for _, d := range dups {
					row.Values[d[0]] = row.Values[d[1]]
				}
				if err := fn(row); err != nil {
					return err
				}
				// Two national years are ≈ 200 MB of the file: read
				// once at start, they need not all stay resident.
				if rows++; rows%(1<<15) == 0 {
					dropMapped(db.bolt, btx)
				}
			}
			k, v = nk, nv
		}
		return nil
	})
}

// read fills row from revision key k and record v; false for a key that
// is not a revision's.
func (row *LatestRow) read(k, v []byte, want []int) (bool, error) {
	if len(k) < 6 || k[len(k)-5] != 0 {
		return false, nil
	}
	sk := k[:len(k)-5]
	i := bytes.IndexByte(sk, 0)
	if i < 0 {
		return false, nil
	}
	j := bytes.IndexByte(sk[i+1:], 0)
	if j < 0 {
		return false, nil
	}
	row.Period, row.Unit, row.Phone = sk[:i], sk[i+1:i+1+j], sk[i+2+j:]
	row.Revision = int(binary.BigEndian.Uint32(k[len(k)-4:]))
	clear(row.Values)
	fail := func(what string) error {
		return fmt.Errorf("store: revision %d of %s/%s/%s: %s", row.Revision, row.Period, row.Unit, row.Phone, what)
	}
	if len(v) == 0 || v[0]&^knownFlags != 0 {
		return false, fail("unknown record format")
	}
	flags, b := v[0], v[1:]
	sec, n := binary.Varint(b)
	if n <= 0 {
		return false, fail("record cut short")
	}
	b = b[n:]
	nsec, n := binary.Uvarint(b)
	if n <= 0 {
		return false, fail("record cut short")
	}
	b = b[n:]
	row.At = sec*1e9 + int64(nsec)
	if _, n = binary.Varint(b); n <= 0 { // the zone's offset
		return false, fail("record cut short")
	}
	b = b[n:]
	if flags&flagByReporter == 0 {
		if b = skipString(b); b == nil {
			return false, fail("record cut short")
		}
	}
	if flags&flagViaNumber != 0 {
		if _, n = binary.Uvarint(b); n <= 0 {
			return false, fail("record cut short")
		}
		b = b[n:]
	} else if b = skipString(b); b == nil {
		return false, fail("record cut short")
	}
	count, n := binary.Uvarint(b)
	if n <= 0 {
		return false, fail("record cut short")
	}
	b = b[n:]
	for range count {
		x, n := binary.Uvarint(b)
		if n <= 0 {
			return false, fail("record cut short")
		}
		b = b[n:]
		id := x >> 1
		if id >= uint64(len(want)) {
			return false, fail("answer id not in field_ids")
		}
		if x&1 == 1 {
			num, n := binary.Varint(b)
			if n <= 0 {
				return false, fail("record cut short")
			}
			b = b[n:]
			if at := want[id]; at >= 0 {
				row.Values[at] = float64(num)
			}
			continue
		}
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return false, fail("record cut short")
		}
		s := b[n : n+int(l)]
		b = b[n+int(l):]
		if at := want[id]; at >= 0 {
			// As Answers.Float: the float ParseFloat gives, error or
			// not (0 for a non-number).
			row.Values[at], _ = strconv.ParseFloat(string(s), 64)
		}
	}
	return true, nil
}

// skipString is b after the string at its start, nil if cut short.
func skipString(b []byte) []byte {
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return nil
	}
	return b[n+int(l):]
}

// v1Rows is LatestRows over a schema 1 file, through whole submissions.
func v1Rows(btx *bolt.Tx, form, from string, fields []string, fn func(*LatestRow) error) error {
	row := &LatestRow{Values: make([]float64, len(fields))}
	return v1Scan(btx, form, nil, func(s fieldbot.Submission) error {
		if s.Period < from {
			return nil
		}
		row.Period, row.Unit, row.Phone = []byte(s.Period), []byte(s.Unit), []byte(s.Phone)
		row.Revision, row.At = s.Revision, s.SubmittedAt.UnixNano()
		for i, f := range fields {
			row.Values[i], _ = s.Answers.Float(f)
		}
		return fn(row)
	})
}
