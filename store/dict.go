package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Strings that recur in hundreds of thousands of records — the channel
// account of a revision; a history event's form, period, unit and person
// — are stored once, in the dict bucket (schema version 3), and records
// refer to them by a number:
//
//	dict  kind, 0, string → uvarint number
//	      kind, 1, number uint32 → string
//
// Each kind of string is numbered on its own from 1, so that numbers stay
// short (a uvarint is 1 byte up to 127, 2 up to 16,383: the units, the
// officers; 3 for the ≈ 20,000 accounts of a national office); 0 is ""
// and never stored. An entry is only ever added, never changed or removed,
// so a number names its string forever. Two small keys per string, not one
// growing list: a new account (a few a day nationally) writes ≈ 80 bytes,
// not the whole dictionary again.

var bucketDict = []byte("dict")

// dictKind is one kind of string in the dictionary.
type dictKind byte

const (
	dictVia    dictKind = 'v' // channel accounts ("zalo:8412…", "server")
	dictForm   dictKind = 'f'
	dictPeriod dictKind = 'p'
	dictUnit   dictKind = 'u'
	dictPhone  dictKind = 'h' // people: a history event's person and who acted
)

func dictNameKey(k dictKind, s string) []byte {
	return append([]byte{byte(k), 0}, s...)
}

func dictNumberKey(k dictKind, n uint64) []byte {
	return binary.BigEndian.AppendUint32([]byte{byte(k), 1}, uint32(n))
}

type dictRef struct {
	kind dictKind
	n    uint64
}

type dictName struct {
	kind dictKind
	s    string
}

// dict reads the dictionary and, in a write transaction, adds to it. It
// caches what it has looked up, for one transaction or one scan.
type dict struct {
	b      *bolt.Bucket // nil in a file from before the dictionary: only 0 ("") is known
	names  map[dictRef]string
	number map[dictName]uint64
	next   map[dictKind]uint64 // the next number of a kind, once known
}

func newDict(b *bolt.Bucket) *dict {
	return &dict{b: b, names: map[dictRef]string{}, number: map[dictName]uint64{}}
}

// name is the string numbered n.
func (d *dict) name(k dictKind, n uint64) (string, error) {
	if n == 0 {
		return "", nil
	}
	if d == nil {
		return "", fmt.Errorf("store: dict: no dictionary for %c number %d", k, n)
	}
	if s, ok := d.names[dictRef{k, n}]; ok {
		return s, nil
	}
	var v []byte
	if d.b != nil && n <= 1<<32-1 {
		v = d.b.Get(dictNumberKey(k, n))
	}
	if v == nil {
		return "", fmt.Errorf("store: dict: no %c number %d", k, n)
	}
	s := string(v)
	d.names[dictRef{k, n}] = s
	return s, nil
}

// find is the number of s, false if it has none (then nothing written
// with this file refers to s).
func (d *dict) find(k dictKind, s string) (uint64, bool) {
	if s == "" {
		return 0, true
	}
	if n, ok := d.number[dictName{k, s}]; ok {
		return n, true
	}
	if d.b == nil {
		return 0, false
	}
	v := d.b.Get(dictNameKey(k, s))
	if v == nil {
		return 0, false
	}
	n, w := binary.Uvarint(v)
	if w <= 0 {
		return 0, false
	}
	d.number[dictName{k, s}] = n
	return n, true
}

// add is the number of s, giving it the next one if it has none. Only in
// a write transaction.
func (d *dict) add(k dictKind, s string) (uint64, error) {
	if n, ok := d.find(k, s); ok {
		return n, nil
	}
	if d.b == nil {
		return 0, fmt.Errorf("store: no dict bucket")
	}
	if d.next == nil {
		d.next = map[dictKind]uint64{}
	}
	n, ok := d.next[k]
	if !ok {
		// One past the kind's highest number: the last key before kind, 2.
		n = 1
		c := d.b.Cursor()
		key, _ := c.Seek([]byte{byte(k), 2})
		if key == nil {
			key, _ = c.Last()
		} else {
			key, _ = c.Prev()
		}
		if len(key) == 6 && key[0] == byte(k) && key[1] == 1 {
			n = uint64(binary.BigEndian.Uint32(key[2:])) + 1
		}
	}
	if n > 1<<32-1 {
		return 0, fmt.Errorf("store: dict: more than 2³² %c strings", k)
	}
	if err := d.b.Put(dictNameKey(k, s), binary.AppendUvarint(nil, n)); err != nil {
		return 0, err
	}
	if err := d.b.Put(dictNumberKey(k, n), []byte(s)); err != nil {
		return 0, err
	}
	d.next[k] = n + 1
	d.number[dictName{k, s}] = n
	d.names[dictRef{k, n}] = s
	return n, nil
}
