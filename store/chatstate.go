package store

import "bytes"

// ChatState returns a chat's conversation state, nil if none. The bytes are
// a copy, valid after the transaction; the conversation package owns their
// encoding.
func (tx *Tx) ChatState(channel, chat string) ([]byte, error) {
	v := tx.tx.Bucket(bucketChats).Get(join(channel, chat))
	if v == nil {
		return nil, nil
	}
	return bytes.Clone(v), nil
}

// PutChatState stores a chat's state; nil or empty deletes it. The bytes
// are copied, since bbolt keeps the slice until commit and callers may reuse
// their buffer.
func (tx *Tx) PutChatState(channel, chat string, state []byte) error {
	if err := checkParts("chat state", channel, chat); err != nil {
		return err
	}
	if len(state) == 0 {
		return tx.tx.Bucket(bucketChats).Delete(join(channel, chat))
	}
	return tx.tx.Bucket(bucketChats).Put(join(channel, chat), bytes.Clone(state))
}

// ChatStates returns every chat's state on a channel by chat id, for expiry
// sweeps.
func (db *DB) ChatStates(channel string) (map[string][]byte, error) {
	out := map[string][]byte{}
	p := prefix(channel)
	err := db.View(func(tx *Tx) error {
		c := tx.tx.Bucket(bucketChats).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			out[string(k[len(p):])] = bytes.Clone(v)
		}
		return nil
	})
	return out, err
}
