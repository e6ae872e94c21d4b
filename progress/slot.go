package progress

import (
	"encoding/binary"
	"math"
	"slices"
	"sync/atomic"
)

// A slot holds one reporter's submissions for one unit as a byte stream of
// records, oldest first. Most records are deltas from the record before:
//
//	header (period end, revision, SubmittedAt: see appendHeader)
//	value × fields
//
// where each value is the field's change since the previous record (see
// putValue). A key record is written without reference to the one before
// it: the first record of each statistical year and then one every
// keyEvery records; it carries the period end day in full, the year-to-date
// totals of the sum fields before it, then each value in full. A query
// decodes from the nearest key record at most keyEvery records, and the
// newest two records (the week of `at` and the one before, what most
// queries ask) are kept decoded.
//
// Why this shape (BenchmarkLedgerMemory: two national years, 1.04 M
// weekly submissions of 6 numeric fields, money in arbitrary đồng):
// parallel float64 slices per slot took 102–130 B per submission in
// HeapInuse; fixed-width columns (uint16 period, uint32 seconds, int32
// values with an escape) would take at least 30 B before any index; this
// stream takes 12.6 B a record (13.5 with its keys), and the whole
// ledger, slots and reporters included, about 21 B a submission. Key records every 16 rather than 8 save 1.5 B
// a record; what that costs a query, decoding up to 16 records instead of
// 8, the seen cache takes back: /tiendo for the whole tree went from about
// 6 ms to 2 ms (5 ms the first time in a week).
type slot struct {
	rep      *reporter
	unit     int32
	sinceKey int32 // records written since the last key record
	buf      []byte
	keys     []key
	// tail[0] is the newest record, tail[1] the one before it; v is nil
	// where there is none (an empty slot, a single record, or after Keep).
	tail [2]rec
	// seen is the record a query last decoded from the stream, valid for
	// the days it answers: every /tiendo of a week asks for the same date
	// a year ago. Queries share it under the read lock; writes clear it.
	seen atomic.Pointer[seen]
}

// seen is a decoded record and the days it is the latest for: [r.day, next).
type seen struct {
	r    rec
	next int32
}

// keyEvery bounds how many records a query decodes from a key record.
const keyEvery = 16

// key is where a key record starts.
type key struct {
	off  uint32 // offset in buf
	day  int32  // its period end
	year int32  // the statistical year of it and of every record up to the next key
}

// rec is one decoded submission.
type rec struct {
	day  int32 // period end, days since 1970-01-01 in the calendar's location
	year int32 // statistical year of the period
	rev  int
	at   int64     // SubmittedAt, Unix seconds
	v    []float64 // the numeric answers, then the year-to-date totals of the sum fields
}

// layout is the shape of every record's values.
type layout struct {
	nf   int   // numeric fields
	sums []int // indexes of sum fields
}

func (lay *layout) newRec() rec { return rec{v: make([]float64, lay.nf+len(lay.sums))} }

func (s *slot) empty() bool { return s.tail[0].v == nil }

// latest returns the slot's latest record with a period ending on or
// before day, decoded into scratch unless it is one of the tail; nil if
// there is none.
func (s *slot) latest(day int32, lay *layout, scratch *rec) *rec {
	if s.empty() {
		return nil
	}
	if t := &s.tail[0]; t.day <= day {
		return t
	}
	if t := &s.tail[1]; t.v != nil && t.day <= day {
		return t
	}
	if h := s.seen.Load(); h != nil && h.r.day <= day && day < h.next {
		return &h.r
	}
	k := s.keyBefore(day)
	if k < 0 {
		return nil
	}
	next := s.decode(k, day, lay, scratch)
	s.seen.Store(&seen{r: scratch.clone(), next: next})
	return scratch
}

// keyBefore returns the index of the last key record ending on or before
// day, or -1.
func (s *slot) keyBefore(day int32) int {
	lo, hi := 0, len(s.keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.keys[m].day <= day {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// decode decodes into r the records from key k on, up to the last one
// ending on or before day, and returns the period end of the record after
// it (math.MaxInt32 if none).
func (s *slot) decode(k int, day int32, lay *layout, r *rec) (next int32) {
	end, next := len(s.buf), int32(math.MaxInt32)
	if k+1 < len(s.keys) {
		end, next = int(s.keys[k+1].off), s.keys[k+1].day
	}
	r.year = s.keys[k].year
	off := decodeKey(s.buf, int(s.keys[k].off), s.yearStart(k), lay, r)
	for off < end {
		if d := r.day + peekDays(s.buf, off); d > day {
			return d
		}
		off = decodeNext(s.buf, off, lay, r)
	}
	return next
}

// has reports whether the slot holds a submission for the period ending on
// day.
func (s *slot) has(day int32, lay *layout) bool {
	if s.empty() || day > s.tail[0].day {
		return false
	}
	if s.tail[0].day == day || s.tail[1].v != nil && s.tail[1].day == day {
		return true
	}
	k := s.keyBefore(day)
	if k < 0 {
		return false
	}
	end := len(s.buf)
	if k+1 < len(s.keys) {
		end = int(s.keys[k+1].off)
	}
	// Walk the headers, skipping the values.
	off, cur := int(s.keys[k].off), int32(0)
	for first := true; off < end; first = false {
		h, n := binary.Uvarint(s.buf[off:])
		off += n
		cur += int32(h >> 3)
		if cur >= day {
			return cur == day
		}
		if h&7 == 7 {
			_, n = binary.Varint(s.buf[off:]) // revision
			off += n
		}
		_, n = binary.Varint(s.buf[off:]) // submitted at
		off += n
		vals := lay.nf
		if first && !s.yearStart(k) {
			vals += len(lay.sums)
		}
		for range vals {
			u, n := binary.Uvarint(s.buf[off:])
			off += n
			if u&3 == tagFloat {
				off += 8
			}
		}
	}
	return false
}

// appends reports whether r is for a later period than any held, so that
// push can take it; a late or revised one needs a rebuild.
func (s *slot) appends(r *rec) bool { return s.empty() || r.day > s.tail[0].day }

// push appends a record for a period after every one held.
func (s *slot) push(day, year int32, rev int, at int64, vals []float64, lay *layout) {
	s.seen.Store(nil)
	prev := &s.tail[0]
	hasPrev := !s.empty()
	sameYear := hasPrev && prev.year == year
	r := s.tail[1] // its values' storage is reused: it drops out of the tail
	if r.v == nil {
		r = lay.newRec()
	}
	r.day, r.year, r.rev, r.at = day, year, rev, at
	copy(r.v, vals)
	for k, f := range lay.sums {
		r.v[lay.nf+k] = vals[f]
		if sameYear {
			r.v[lay.nf+k] += prev.v[lay.nf+k] // in the order the running totals were always summed
		}
	}

	if !sameYear || s.sinceKey >= keyEvery {
		s.keys = append(s.keys, key{off: uint32(len(s.buf)), day: day, year: year})
		s.sinceKey = 1
		s.buf = appendHeader(s.buf, day, &r, nil)
		for k := range lay.sums {
			if sameYear {
				s.buf = putValue(s.buf, prev.v[lay.nf+k], 0)
			}
		}
		for f := range lay.nf {
			s.buf = putValue(s.buf, r.v[f], 0)
		}
	} else {
		s.sinceKey++
		s.buf = appendHeader(s.buf, day-prev.day, &r, prev)
		for f := range lay.nf {
			s.buf = putValue(s.buf, r.v[f], prev.v[f])
		}
	}
	if hasPrev {
		s.tail[1] = *prev
	} else {
		s.tail[1] = rec{}
	}
	s.tail[0] = r
}

// rebuild merges late or revised records into the slot and writes it
// anew. A record for a period already held replaces it unless it is an
// older revision (a lower one, or the same one committed earlier).
func (s *slot) rebuild(in []rec, lay *layout) {
	all := s.records(lay)
	for _, r := range in {
		i, found := slices.BinarySearchFunc(all, r.day, func(x rec, d int32) int { return int(x.day - d) })
		if !found {
			all = slices.Insert(all, i, r)
			continue
		}
		if o := all[i]; r.rev < o.rev || r.rev == o.rev && r.at < o.at {
			continue
		}
		all[i] = r
	}
	s.buf, s.keys, s.sinceKey, s.tail = nil, nil, 0, [2]rec{}
	s.seen.Store(nil)
	for _, r := range all {
		s.push(r.day, r.year, r.rev, r.at, r.v[:lay.nf], lay)
	}
	s.compact()
}

// compact gives back the room appends left at the end of the slot.
func (s *slot) compact() {
	if cap(s.buf) > len(s.buf) {
		s.buf = slices.Clone(s.buf)
	}
	if cap(s.keys) > len(s.keys) {
		s.keys = slices.Clone(s.keys)
	}
}

// records decodes every record of the slot.
func (s *slot) records(lay *layout) []rec {
	var out []rec
	cur := lay.newRec()
	for k := range s.keys {
		end := len(s.buf)
		if k+1 < len(s.keys) {
			end = int(s.keys[k+1].off)
		}
		cur.year = s.keys[k].year
		off := decodeKey(s.buf, int(s.keys[k].off), s.yearStart(k), lay, &cur)
		out = append(out, cur.clone())
		for off < end {
			off = decodeNext(s.buf, off, lay, &cur)
			out = append(out, cur.clone())
		}
	}
	return out
}

func (r rec) clone() rec {
	r.v = slices.Clone(r.v)
	return r
}

// keep forgets the statistical years before from. Key records start every
// year, so the held years are a suffix of the stream that needs no
// re-encoding.
func (s *slot) keep(from int32) {
	k := 0
	for k < len(s.keys) && s.keys[k].year < from {
		k++
	}
	if k == 0 {
		return
	}
	s.seen.Store(nil)
	if k == len(s.keys) {
		s.buf, s.keys, s.sinceKey, s.tail = nil, nil, 0, [2]rec{}
		return
	}
	base := s.keys[k].off
	s.buf = s.buf[base:]
	s.keys = s.keys[k:]
	for i := range s.keys {
		s.keys[i].off -= base
	}
	if s.tail[1].v != nil && s.tail[1].year < from {
		s.tail[1] = rec{}
	}
}

// A record starts with a header: uvarint(days << 3 | revision), where days
// is the period end of a key record and the days since the previous
// period end of any other, and a revision of 7 or more is 7 followed by
// varint(revision) (one byte for the usual week and first revision); then
// when it was submitted: its offset from the period end (SubmittedAt
// seconds − the period end day × 86400), as the change from the previous
// record's offset (prev nil for a key record). Reporters who report at
// the same time of the week take one byte where the offset takes three.
func appendHeader(b []byte, days int32, r, prev *rec) []byte {
	small := uint64(7)
	if r.rev >= 0 && r.rev < 7 {
		small = uint64(r.rev)
	}
	b = binary.AppendUvarint(b, uint64(days)<<3|small)
	if small == 7 {
		b = binary.AppendVarint(b, int64(r.rev))
	}
	return binary.AppendVarint(b, offset(r)-offset(prev))
}

// offset is when r was submitted relative to its period end; 0 for nil.
func offset(r *rec) int64 {
	if r == nil {
		return 0
	}
	return r.at - int64(r.day)*86400
}

// peekDays returns the days field of the header at off.
func peekDays(b []byte, off int) int32 {
	h, _ := uvarint(b, off)
	return int32(h >> 3)
}

// uvarint is binary.Uvarint with the one-byte case inlined: most values
// are small changes. It returns the offset after the value.
func uvarint(b []byte, off int) (uint64, int) {
	if c := b[off]; c < 0x80 {
		return uint64(c), off + 1
	}
	v, n := binary.Uvarint(b[off:])
	return v, off + n
}

// decodeHeader decodes the header at off on top of the previous record in
// r (for a key record, r.day and r.at are 0) and returns the offset after
// it.
func decodeHeader(b []byte, off int, r *rec) int {
	prev := offset(r)
	h, off := uvarint(b, off)
	r.day += int32(h >> 3)
	r.rev = int(h & 7)
	if h&7 == 7 {
		rev, n := binary.Varint(b[off:])
		off += n
		r.rev = int(rev)
	}
	at, n := binary.Varint(b[off:])
	r.at = prev + at + int64(r.day)*86400
	return off + n
}

// decodeKey decodes the key record at off into r (r.year already set) and
// returns the offset after it. Only a key within a year carries the
// totals before it: a year's first record's totals are its own values.
func decodeKey(b []byte, off int, yearStart bool, lay *layout, r *rec) int {
	r.day, r.at = 0, 0
	off = decodeHeader(b, off, r)
	if !yearStart {
		for k := range lay.sums {
			off = getValue(b, off, 0, &r.v[lay.nf+k])
		}
	}
	for f := range lay.nf {
		off = getValue(b, off, 0, &r.v[f])
	}
	for k, f := range lay.sums {
		if yearStart {
			r.v[lay.nf+k] = r.v[f]
		} else {
			r.v[lay.nf+k] = r.v[f] + r.v[lay.nf+k]
		}
	}
	return off
}

// yearStart reports whether key k is the first record of its year.
func (s *slot) yearStart(k int) bool { return k == 0 || s.keys[k-1].year != s.keys[k].year }

// decodeNext decodes the delta record at off on top of the previous
// record in r.
func decodeNext(b []byte, off int, lay *layout, r *rec) int {
	off = decodeHeader(b, off, r)
	for f := range lay.nf {
		off = getValue(b, off, r.v[f], &r.v[f])
	}
	for k, f := range lay.sums {
		r.v[lay.nf+k] = r.v[f] + r.v[lay.nf+k]
	}
	return off
}

// A value is a uvarint whose two low bits tell what follows: a whole
// change from the previous value (tagOne), a change in thousands or
// millions (money is mostly round: 400,000,000 đồng takes 2 bytes, not
// 5), or the value's own 8 bytes (tagFloat) for decimals and anything a
// float64 does not hold as an exact integer, so every value comes back
// bit for bit.
const (
	tagOne = iota
	tagThousand
	tagMillion
	tagFloat
)

// whole returns v as an integer when it is one that float64 holds exactly
// (and not −0, whose sign the figures keep).
func whole(v float64) (int64, bool) {
	if !(v > -maxExact && v < maxExact) { // and not NaN
		return 0, false
	}
	i := int64(v)
	if float64(i) != v || i == 0 && math.Signbit(v) {
		return 0, false
	}
	return i, true
}

// base is what a value's change is counted from: the previous value when
// it is whole, else 0.
func base(prev float64) int64 {
	b, _ := whole(prev)
	return b
}

func putValue(b []byte, v, prev float64) []byte {
	i, ok := whole(v)
	if !ok {
		b = append(b, tagFloat)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	d, tag := i-base(prev), uint64(tagOne)
	switch {
	case d != 0 && d%1_000_000 == 0:
		d, tag = d/1_000_000, tagMillion
	case d != 0 && d%1000 == 0:
		d, tag = d/1000, tagThousand
	}
	zz := uint64(d<<1) ^ uint64(d>>63)
	return binary.AppendUvarint(b, zz<<2|tag)
}

var scale = [3]int64{1, 1000, 1_000_000}

func getValue(b []byte, off int, prev float64, out *float64) int {
	u, off := uvarint(b, off)
	if u&3 == tagFloat {
		*out = math.Float64frombits(binary.LittleEndian.Uint64(b[off:]))
		return off + 8
	}
	zz := u >> 2
	d := int64(zz>>1) ^ -int64(zz&1)
	*out = float64(base(prev) + d*scale[u&3])
	return off
}
