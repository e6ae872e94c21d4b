package zalo

import (
	"encoding/json"
	"errors"
	"hash/fnv"
	"strings"
)

// update is one event as Zalo sends it, by webhook or getUpdates.
type update struct {
	EventName string  `json:"event_name"`
	Message   message `json:"message"`
}

type message struct {
	MessageID string `json:"message_id"`
	Date      int64  `json:"date"` // epoch milliseconds
	Text      string `json:"text,omitempty"`
	PhotoURL  string `json:"photo_url,omitempty"`
	Photo     string `json:"photo,omitempty"`
	// File is set only on items the upload page makes (eventUpload).
	File *uploaded `json:"fieldbot_file,omitempty"`
	From struct {
		ID          string `json:"id"`
		DisplayName string `json:"display_name,omitempty"`
		IsBot       bool   `json:"is_bot,omitempty"`
	} `json:"from"`
	Chat struct {
		ID       string `json:"id"`
		ChatType string `json:"chat_type,omitempty"`
	} `json:"chat"`
}

var errNoMessage = errors.New("zalo: update without a message id")

// parseUpdate reads a webhook body or a getUpdates result, wrapped
// ({"ok":true,"result":{...}}) or flat ({"event_name":...}), and
// normalises it: photo or photo_url becomes photo_url, a missing chat is
// the sender's private chat.
func parseUpdate(body []byte) (update, error) {
	var wrapped struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(body, &wrapped); err != nil {
		return update{}, err
	}
	if len(wrapped.Result) > 0 && wrapped.Result[0] == '{' {
		body = wrapped.Result
	}
	var u update
	if err := json.Unmarshal(body, &u); err != nil {
		return update{}, err
	}
	m := &u.Message
	if m.MessageID == "" || m.From.ID == "" || u.EventName == eventUpload {
		return update{}, errNoMessage // only the upload page makes uploads
	}
	m.File = nil
	if m.PhotoURL == "" {
		m.PhotoURL = m.Photo
	}
	m.Photo = ""
	if m.Chat.ID == "" {
		m.Chat.ID, m.Chat.ChatType = m.From.ID, "PRIVATE"
	}
	return u, nil
}

func (u update) private() bool {
	return u.Message.Chat.ChatType == "" || strings.EqualFold(u.Message.Chat.ChatType, "PRIVATE")
}

// inboxID turns Zalo's string message_id into the inbox's numeric key
// (64-bit FNV-1a, top bit cleared): a collision between two real messages
// is about as likely as 2^-63 per pair.
func inboxID(messageID string) int64 {
	h := fnv.New64a()
	h.Write([]byte(messageID))
	return int64(h.Sum64() >> 1)
}
