package relay

import (
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/store"
)

// Busy reports whether a chat is in the middle of a conversation (a form
// being filled in), where a scheduled message must not cut in.
func Busy(tx *store.Tx, channel, chat string) (bool, error) {
	raw, err := tx.ChatState(channel, chat)
	if err != nil || raw == nil {
		return false, err
	}
	st, err := conversation.DecodeState(raw)
	if err != nil {
		return false, err
	}
	return !st.Idle(), nil
}
