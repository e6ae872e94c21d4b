package store

import (
	"encoding/binary"
	"encoding/json"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/fieldbot/fieldbot"
)

// Values are JSON of private record types with explicit field names, so the
// domain types can change without silently changing what is on disk; unknown
// fields are ignored and missing ones are zero, which is how a layout grows
// without a schema bump.

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// join builds a composite key "a\x00b\x00c". Parts are checked with
// checkParts first, so NUL separates them unambiguously and a prefix of
// whole parts followed by NUL selects a range.
func join(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

// prefix is join(parts...) followed by the separator: the start of a range.
func prefix(parts ...string) []byte { return append(join(parts...), 0) }

// checkParts rejects key parts that are empty or contain NUL, which would
// make composite keys ambiguous.
func checkParts(what string, parts ...string) error {
	for _, p := range parts {
		if p == "" || strings.IndexByte(p, 0) >= 0 {
			return fieldbot.Errorf(fieldbot.EINVALID, "%s: key part %q is empty or contains NUL", what, p)
		}
	}
	return nil
}

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// get decodes the value at key. json.Unmarshal copies what it keeps, so the
// result outlives the transaction.
func get(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, decode(data, v)
}

func decode(data []byte, v any) error { return json.Unmarshal(data, v) }
