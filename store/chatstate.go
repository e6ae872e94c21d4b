package store

import "bytes"

// ChatState returns a chat's conversation state (nil if none), copied so it
// outlives the transaction. The conversation package owns its encoding.
func (tx *Tx) ChatState(channel, chat string) ([]byte, error) {
	v := tx.tx.Bucket(bucketChats).Get(join(channel, chat))
	if v == nil {
		return nil, nil
	}
	return bytes.Clone(v), nil
}

// PutChatState stores a chat's state; nil or empty deletes it.
func (tx *Tx) PutChatState(channel, chat string, state []byte) error {
	if len(state) == 0 {
		return tx.tx.Bucket(bucketChats).Delete(join(channel, chat))
	}
	return tx.tx.Bucket(bucketChats).Put(join(channel, chat), state)
}

// ChatStates returns every chat's state on a channel, by chat id.
func (db *DB) ChatStates(channel string) (map[string][]byte, error) {
	out := map[string][]byte{}
	prefix := append([]byte(channel), 0)
	err := db.View(func(tx *Tx) error {
		c := tx.tx.Bucket(bucketChats).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out[string(k[len(prefix):])] = bytes.Clone(v)
		}
		return nil
	})
	return out, err
}
