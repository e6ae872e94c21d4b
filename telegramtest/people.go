package telegramtest

import (
	"bytes"
	"math/rand/v2"
	"mime"
	"path"
	"strconv"
	"time"
)

// User is a simulated Telegram user.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Contact is a shared phone contact. UserID == the sender's ID means the
// sender shared their own contact (a request_contact button does that).
type Contact struct {
	PhoneNumber string
	FirstName   string
	UserID      int64
}

// AddUser makes the private chat with u known without sending an update,
// as if u had started the bot long ago.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privateChat(u)
}

// AddGroup makes a group chat known; ids below -1000000000000 are
// supergroups.
func (s *Server) AddGroup(chatID int64, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupChat(chatID, title)
}

// SetBlocked makes sends to the user's private chat fail with 403, as when
// the user blocked the bot, or lifts that.
func (s *Server) SetBlocked(userID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privateChat(User{ID: userID}).blocked = blocked
}

// SendText simulates u typing text in the private chat with the bot. A
// leading "/command" gets a bot_command entity, as Telegram adds.
func (s *Server) SendText(u User, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChat(u)
	return s.userMessage(c, u, func(w *wireMessage) {
		w.Text, w.Entities = text, commandEntity(text)
	})
}

// SendGroupText simulates u writing text in a group chat (negative id).
func (s *Server) SendGroupText(chatID int64, u User, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupChat(chatID, "")
	return s.userMessage(c, u, func(w *wireMessage) {
		w.Text, w.Entities = text, commandEntity(text)
	})
}

// SendContact simulates u sharing a contact in the private chat.
func (s *Server) SendContact(u User, ct Contact) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChat(u)
	return s.userMessage(c, u, func(w *wireMessage) {
		w.Contact = &wireContact{PhoneNumber: ct.PhoneNumber, FirstName: ct.FirstName, UserID: ct.UserID}
	})
}

// userMessage queues a message update from u in c. The message takes the
// next message id of the chat, shared with the bot's messages as in
// Telegram, and hides a one-time reply keyboard.
func (s *Server) userMessage(c *chat, u User, fill func(*wireMessage)) int {
	c.lastID++
	w := &wireMessage{MessageID: c.lastID, Chat: c.wire(), Date: time.Now().Unix()}
	from := u.wire()
	w.From = &from
	fill(w)
	if c.keyboard != nil && c.keyboard.OneTime {
		c.keyboard = nil
	}
	return s.enqueue("message", &wireUpdate{Message: w})
}

// commandEntity marks a leading "/command" or "/command@bot" the way
// Telegram does: letters, digits and underscores, at most 32 of them.
func commandEntity(text string) []entity {
	if len(text) < 2 || text[0] != '/' {
		return nil
	}
	n := 1
	for n < len(text) && n <= 32 && isCommandByte(text[n]) {
		n++
	}
	if n == 1 {
		return nil
	}
	if n < len(text) && text[n] == '@' {
		m := n + 1
		for m < len(text) && isCommandByte(text[m]) {
			m++
		}
		if m > n+1 {
			n = m
		}
	}
	return []entity{{Type: "bot_command", Offset: 0, Length: n}}
}

func isCommandByte(c byte) bool { return isAlnum(c) || c == '_' }

// PressButton simulates u pressing an inline button with the given
// callback data under message messageID of the private chat. The data is
// not checked against the message: tests forge data on purpose. It returns
// the update id and the callback query id to answer.
func (s *Server) PressButton(u User, messageID int, data string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.press(s.privateChat(u), u, messageID, data)
}

// PressGroupButton is PressButton in a group chat.
func (s *Server) PressGroupButton(chatID int64, u User, messageID int, data string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.press(s.groupChat(chatID, ""), u, messageID, data)
}

func (s *Server) press(c *chat, u User, messageID int, data string) (int, string) {
	msg := &wireMessage{MessageID: messageID, Chat: c.wire()} // date 0: inaccessible message
	if m := c.find(messageID); m != nil && !m.Deleted {
		msg = s.wireOf(c, m)
	}
	qid := strconv.FormatUint(rand.Uint64()>>1, 10)
	for _, dup := s.queries[qid]; dup; _, dup = s.queries[qid] {
		qid = strconv.FormatUint(rand.Uint64()>>1, 10)
	}
	s.queries[qid] = c.id
	id := s.enqueue("callback_query", &wireUpdate{CallbackQuery: &wireCallbackQuery{
		ID:           qid,
		From:         u.wire(),
		Message:      msg,
		ChatInstance: strconv.FormatUint(uint64(c.id)*0x9E3779B97F4A7C15>>1, 10),
		Data:         data,
	}})
	return id, qid
}

// Document is a file a simulated user sends to the bot.
type Document struct {
	Name    string
	Data    []byte
	Caption string // optional; a file alone is a whole message
	// HideSize leaves file_size out of the update and of getFile's answer,
	// as the Bot API allows (the field is optional in both): the bot must
	// bound the download anyway.
	HideSize bool
}

// SendDocument simulates u sending a file (a spreadsheet) in the private
// chat. The file gets a file_id that getFile resolves to a file_path,
// downloadable under /file/bot<token>/<file_path> as from Telegram.
func (s *Server) SendDocument(u User, name string, data []byte, caption string) int {
	return s.SendDocumentAs(u, Document{Name: name, Data: data, Caption: caption})
}

// SendDocumentAs is SendDocument with every detail chosen.
func (s *Server) SendDocumentAs(u User, d Document) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf := &storedFile{name: d.Name, data: bytes.Clone(d.Data), mime: mime.TypeByExtension(path.Ext(d.Name)), hideSize: d.HideSize}
	if sf.mime == "" {
		sf.mime = "application/octet-stream"
	}
	s.registerFile("document", sf)
	c := s.privateChat(u)
	return s.userMessage(c, u, func(w *wireMessage) {
		w.Document, w.Caption = sf.document(), d.Caption
	})
}

// ForgetFile makes a file_id unknown to getFile and its path unknown to
// downloads, as when Telegram no longer has it.
func (s *Server) ForgetFile(fileID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, fileID)
}
