package telegramtest

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Retention limits keep a long sandbox or benchmark run from growing
// without bound; tests never come near them.
const (
	maxMessagesPerChat = 1000 // older messages are forgotten (edits then fail as "not found")
	maxHistory         = 20   // revisions kept per message; Edits still counts all
)

// File is a photo or document the bot sent.
type File struct {
	Name    string // upload filename; empty for file_id or URL sends
	Data    []byte // uploaded bytes; nil when sent by URL
	Caption string // as sent, with markup
	FileID  string // the id Telegram would assign, reusable in later sends
	URL     string // set when the bot sent an HTTP URL
}

// Revision is an earlier state of an edited message.
type Revision struct {
	Text      string
	ParseMode string
	Caption   string
	Inline    [][]InlineButton
	At        time.Time
}

// Message is a message the bot sent, in its current state.
type Message struct {
	ID             int
	ChatID         int64
	Text           string // as sent, with markup; see PlainText
	ParseMode      string
	Inline         [][]InlineButton
	Reply          *ReplyKeyboard
	RemoveKeyboard bool
	ForceReply     bool
	Photo          *File
	Document       *File
	Method         string // the method that sent it, e.g. "sendMessage"
	Edits          int
	History        []Revision // oldest first, at most the last 20
	Deleted        bool
	Date           time.Time
	EditDate       time.Time

	// What Telegram would return: text after entity parsing, and the
	// formatting; kept to answer with real Message objects.
	plain, captionPlain   string
	entities, capEntities []entity
	inlineJSON            json.RawMessage
}

// PlainText is what the user sees: the text (or the caption of a photo or
// document) without markup.
func (m Message) PlainText() string {
	raw := m.Text
	if raw == "" {
		switch {
		case m.Photo != nil:
			raw = m.Photo.Caption
		case m.Document != nil:
			raw = m.Document.Caption
		}
	}
	switch strings.ToLower(m.ParseMode) {
	case "html":
		return StripHTML(raw)
	case "markdownv2":
		if plain, err := parseMarkdownV2(raw); err == nil {
			return plain
		}
	}
	return raw
}

// Buttons lists the callback data of all inline buttons, row by row.
func (m Message) Buttons() []string {
	var out []string
	for _, row := range m.Inline {
		for _, b := range row {
			if b.CallbackData != "" {
				out = append(out, b.CallbackData)
			}
		}
	}
	return out
}

// snapshot returns a copy that shares no mutable state with the server.
func (m *Message) snapshot() Message {
	c := *m
	c.History = slices.Clip(c.History)
	return c
}

// chat is one conversation the server knows about.
type chat struct {
	id       int64
	typ      string // private, group or supergroup
	title    string
	user     User // the other party of a private chat
	lastID   int  // last message id used, by the bot or by people
	msgs     []*Message
	keyboard *ReplyKeyboard // the reply keyboard currently shown
	blocked  bool
	bucket   bucket
}

func chatType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= -1000000000000:
		return "supergroup"
	}
	return "group"
}

// find returns the bot message with the given id, nil if unknown.
func (c *chat) find(id int) *Message {
	i := sort.Search(len(c.msgs), func(i int) bool { return c.msgs[i].ID >= id })
	if i < len(c.msgs) && c.msgs[i].ID == id {
		return c.msgs[i]
	}
	return nil
}

// privateChat returns the chat with u, creating it; the chat is known from
// then on.
func (s *Server) privateChat(u User) *chat {
	c := s.chats[u.ID]
	if c == nil {
		c = &chat{id: u.ID, typ: "private"}
		s.chats[u.ID] = c
	}
	if u.FirstName != "" || c.user.ID == 0 {
		c.user = u
	}
	return c
}

// groupChat returns the group chat with the given (negative) id.
func (s *Server) groupChat(id int64, title string) *chat {
	c := s.chats[id]
	if c == nil {
		c = &chat{id: id, typ: chatType(id), title: "Group " + strconv.FormatInt(-id, 10)}
		s.chats[id] = c
	}
	if title != "" {
		c.title = title
	}
	return c
}

// lookupChat resolves a chat_id parameter. A chat is known once somebody
// in it sent an update or it was registered; anything else is "chat not
// found", as for a user who never started the bot.
func (s *Server) lookupChat(chatID string) (*chat, *apiError) {
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	c := s.chats[id]
	if c == nil {
		return nil, badRequest("chat not found")
	}
	return c, nil
}

// addMessage stores a new bot message in c and tells observers.
func (s *Server) addMessage(c *chat, m *Message) {
	c.lastID++
	m.ID, m.ChatID, m.Date = c.lastID, c.id, time.Now()
	c.msgs = append(c.msgs, m)
	if len(c.msgs) > maxMessagesPerChat {
		c.msgs = slices.Delete(c.msgs, 0, len(c.msgs)-maxMessagesPerChat)
	}
	switch {
	case m.Reply != nil:
		c.keyboard = m.Reply
	case m.RemoveKeyboard:
		c.keyboard = nil
	}
	s.changed(EventSent, m)
}

// pushRevision records the current state of m as a revision before it changes.
func (m *Message) pushRevision() {
	rev := Revision{Text: m.Text, ParseMode: m.ParseMode, Inline: m.Inline, At: m.Date}
	if !m.EditDate.IsZero() {
		rev.At = m.EditDate
	}
	if f := m.media(); f != nil {
		rev.Caption = f.Caption
	}
	m.History = append(m.History, rev)
	if len(m.History) > maxHistory {
		// Copy rather than shift in place: snapshots share the old array.
		m.History = slices.Clone(m.History[len(m.History)-maxHistory:])
	}
	m.Edits++
	m.EditDate = time.Now()
}

// media returns the photo or document of m, nil for a text message.
func (m *Message) media() *File {
	if m.Photo != nil {
		return m.Photo
	}
	return m.Document
}

// changed wakes WaitFor callers of the chat and publishes the event.
func (s *Server) changed(kind EventKind, m *Message) {
	if ch, ok := s.wakers[m.ChatID]; ok {
		close(ch)
		delete(s.wakers, m.ChatID)
	}
	s.emit(Event{Kind: kind, ChatID: m.ChatID, Message: m.snapshot()})
}
