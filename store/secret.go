package store

import (
	"bytes"
	"crypto/rand"
)

// Secret returns a random 32-byte key kept in the file under name,
// creating it on first use: links signed with it stay valid across
// restarts and are worthless with another database.
func (db *DB) Secret(name string) ([]byte, error) {
	if err := checkParts("secret", name); err != nil {
		return nil, err
	}
	key := []byte("secret:" + name)
	var out []byte
	err := db.View(func(tx *Tx) error {
		out = bytes.Clone(tx.tx.Bucket(bucketMeta).Get(key))
		return nil
	})
	if err != nil || len(out) > 0 {
		return out, err
	}
	err = db.update(func(tx *Tx) error {
		meta := tx.tx.Bucket(bucketMeta)
		if v := meta.Get(key); len(v) > 0 {
			out = bytes.Clone(v)
			return nil
		}
		out = make([]byte, 32)
		if _, err := rand.Read(out); err != nil {
			return err
		}
		return meta.Put(key, out)
	})
	return out, err
}
