package zalotest

// User is a simulated Zalo user. IDs are opaque strings; the private chat
// with the bot has the user's ID as its id.
type User struct {
	ID   string
	Name string // display_name
}

// Event names of the updates a user's message makes.
const (
	EventTextReceived        = "message.text.received"
	EventImageReceived       = "message.image.received"
	EventStickerReceived     = "message.sticker.received"
	EventUnsupportedReceived = "message.unsupported.received"
)

// update is one update as the platform sends it (getUpdates' result, and
// the webhook body, wrapped or flat). Updates never change once made.
type update struct {
	EventName string      `json:"event_name"`
	Message   wireMessage `json:"message"`
}

type wireMessage struct {
	MessageID string   `json:"message_id"`
	Date      int64    `json:"date"` // epoch milliseconds
	Text      string   `json:"text,omitempty"`
	PhotoURL  string   `json:"photo_url,omitempty"`
	From      wireFrom `json:"from"`
	Chat      wireChat `json:"chat"`
}

type wireFrom struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	IsBot       bool   `json:"is_bot"`
}

type wireChat struct {
	ID       string `json:"id"`
	ChatType string `json:"chat_type"`
}

// AddUser makes the private chat with u known, so the bot may write to it,
// without sending an update, as if u had written long ago.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privateChat(u)
}

// privateChat returns u's chat, making it; the caller holds s.mu.
func (s *Server) privateChat(u User) *chat {
	c := s.chats[u.ID]
	if c == nil {
		c = &chat{id: u.ID}
		s.chats[u.ID] = c
	}
	c.user = u
	return c
}

// SendText simulates u writing text to the bot and returns the message_id.
func (s *Server) SendText(u User, text string) string {
	return s.userMessage(u, EventTextReceived, func(m *wireMessage) { m.Text = text })
}

// SendImage simulates u sending a picture, which the bot sees as
// photo_url, and returns the message_id.
func (s *Server) SendImage(u User, photoURL string) string {
	return s.userMessage(u, EventImageReceived, func(m *wireMessage) { m.PhotoURL = photoURL })
}

// SendSticker simulates u sending a sticker and returns the message_id.
// The sticker's own fields are not documented and are left out.
func (s *Server) SendSticker(u User) string {
	return s.userMessage(u, EventStickerReceived, nil)
}

// SendUnsupported simulates a message whose content Zalo withholds (from a
// legally protected user) and returns the message_id.
func (s *Server) SendUnsupported(u User) string {
	return s.userMessage(u, EventUnsupportedReceived, nil)
}

func (s *Server) userMessage(u User, event string, fill func(*wireMessage)) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChat(u)
	m := wireMessage{
		MessageID: s.nextMessageID(),
		Date:      nowMillis(),
		From:      wireFrom{ID: u.ID, DisplayName: u.Name},
		Chat:      wireChat{ID: c.id, ChatType: "PRIVATE"},
	}
	if fill != nil {
		fill(&m)
	}
	upd := &update{EventName: event, Message: m}
	s.updates[m.MessageID] = upd
	s.queue = append(s.queue, upd)
	s.wakeAll()
	return m.MessageID
}
