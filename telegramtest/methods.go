package telegramtest

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// handlers serve the methods the fake simulates; every other method in
// api.json goes to genericHandler.
var handlers = map[string]handler{
	"getMe":                  func(*Server, *request) (any, *apiError) { return botUser, nil },
	"getUpdates":             getUpdates,
	"setWebhook":             setWebhook,
	"deleteWebhook":          deleteWebhook,
	"getWebhookInfo":         getWebhookInfo,
	"setMyCommands":          setMyCommands,
	"getMyCommands":          getMyCommands,
	"deleteMyCommands":       deleteMyCommands,
	"sendMessage":            sendMessage,
	"sendPhoto":              sendMedia("photo"),
	"sendDocument":           sendMedia("document"),
	"editMessageText":        editMessageText,
	"editMessageCaption":     editMessageCaption,
	"editMessageReplyMarkup": editMessageReplyMarkup,
	"deleteMessage":          deleteMessage,
	"answerCallbackQuery":    answerCallbackQuery,
	"sendChatAction":         sendChatAction,
	"getChat":                getChat,
	"getFile":                getFile,
}

// target finds the chat a call is addressed to; a user who blocked the bot
// refuses everything sent to them.
func (s *Server) target(rq *request) (*chat, *apiError) {
	c, err := s.lookupChat(rq.p.get("chat_id"))
	if err != nil {
		return nil, err
	}
	if c.blocked {
		return nil, &apiError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	}
	return c, nil
}

// checkSend applies the checks of a new message that depend on the chat:
// the message replied to must exist, and flood control.
func (s *Server) checkSend(c *chat, rq *request) *apiError {
	if id, _ := strconv.Atoi(rq.p.get("reply_to_message_id")); id != 0 {
		allow, _ := parseBool(rq.p.get("allow_sending_without_reply"))
		if (id < 0 || id > c.lastID) && !allow {
			return badRequest("message to be replied not found")
		}
	}
	return s.checkRate(c, rq.m.Name)
}

// applyMarkup copies a parsed reply_markup onto a message.
func applyMarkup(m *Message, mk *markup) {
	if mk == nil {
		m.Inline, m.inlineJSON = nil, nil
		return
	}
	m.Inline, m.inlineJSON = mk.inline, mk.inlineJSON
	m.Reply, m.RemoveKeyboard, m.ForceReply = mk.reply, mk.remove, mk.forceReply
}

func sendMessage(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.target(rq)
	if err != nil {
		return nil, err
	}
	if err := s.checkSend(c, rq); err != nil {
		return nil, err
	}
	m := &Message{
		Method:    rq.m.Name,
		Text:      rq.p.get("text"),
		ParseMode: rq.p.get("parse_mode"),
		plain:     rq.text.plain,
		entities:  rq.text.entities,
	}
	applyMarkup(m, rq.markup)
	s.addMessage(c, m)
	return s.wireOf(c, m), nil
}

// editTarget finds the bot message an edit refers to. The fake knows no
// inline messages, so inline_message_id is always invalid.
func (s *Server) editTarget(rq *request) (*chat, *Message, *apiError) {
	p := rq.p
	switch {
	case p.has("inline_message_id"):
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	case !p.has("chat_id"):
		return nil, nil, badRequest("chat_id is empty")
	case !p.has("message_id"):
		return nil, nil, badRequest("message identifier is not specified")
	}
	c, err := s.target(rq)
	if err != nil {
		return nil, nil, err
	}
	id, _ := strconv.Atoi(p.get("message_id"))
	m := c.find(id)
	if m == nil || m.Deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	return c, m, nil
}

// inlineOf is the inline keyboard an edit leaves on the message: the one
// given, or none. Like Telegram, an edit without reply_markup removes the
// keyboard.
func inlineOf(mk *markup) ([][]InlineButton, []byte) {
	if mk == nil {
		return nil, nil
	}
	return mk.inline, mk.inlineJSON
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func editMessageText(s *Server, rq *request) (any, *apiError) {
	if rq.text == nil {
		return nil, badRequest("message text is empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editTarget(rq)
	if err != nil {
		return nil, err
	}
	if m.media() != nil {
		return nil, badRequest("there is no text in the message to edit")
	}
	inline, inlineJSON := inlineOf(rq.markup)
	if m.plain == rq.text.plain && slices.Equal(m.entities, rq.text.entities) && bytes.Equal(m.inlineJSON, inlineJSON) {
		return nil, badRequest(notModified)
	}
	m.pushRevision()
	m.Text, m.ParseMode = rq.p.get("text"), rq.p.get("parse_mode")
	m.plain, m.entities = rq.text.plain, rq.text.entities
	m.Inline, m.inlineJSON = inline, inlineJSON
	s.changed(EventEdited, m)
	return s.wireOf(c, m), nil
}

func editMessageCaption(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editTarget(rq)
	if err != nil {
		return nil, err
	}
	f := m.media()
	if f == nil {
		return nil, badRequest("there is no caption in the message to edit")
	}
	var caption formatted
	if rq.caption != nil {
		caption = *rq.caption
	}
	inline, inlineJSON := inlineOf(rq.markup)
	if m.captionPlain == caption.plain && slices.Equal(m.capEntities, caption.entities) && bytes.Equal(m.inlineJSON, inlineJSON) {
		return nil, badRequest(notModified)
	}
	m.pushRevision()
	nf := *f // snapshots share the old *File; never mutate it
	nf.Caption = rq.p.get("caption")
	if m.Photo != nil {
		m.Photo = &nf
	} else {
		m.Document = &nf
	}
	m.ParseMode = rq.p.get("parse_mode")
	m.captionPlain, m.capEntities = caption.plain, caption.entities
	m.Inline, m.inlineJSON = inline, inlineJSON
	s.changed(EventEdited, m)
	return s.wireOf(c, m), nil
}

func editMessageReplyMarkup(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editTarget(rq)
	if err != nil {
		return nil, err
	}
	inline, inlineJSON := inlineOf(rq.markup)
	if bytes.Equal(m.inlineJSON, inlineJSON) {
		return nil, badRequest(notModified)
	}
	m.pushRevision()
	m.Inline, m.inlineJSON = inline, inlineJSON
	s.changed(EventEdited, m)
	return s.wireOf(c, m), nil
}

func deleteMessage(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookupChat(rq.p.get("chat_id"))
	if err != nil {
		return nil, err
	}
	id, _ := strconv.Atoi(rq.p.get("message_id"))
	m := c.find(id)
	if m == nil || m.Deleted {
		return nil, badRequest("message to delete not found")
	}
	m.Deleted = true
	s.changed(EventDeleted, m)
	return true, nil
}

func answerCallbackQuery(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := rq.p.get("callback_query_id")
	chatID, ok := s.queries[id]
	if !ok {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	delete(s.queries, id)
	alert, _ := parseBool(rq.p.get("show_alert"))
	a := CallbackAnswer{QueryID: id, Text: rq.p.get("text"), ShowAlert: alert, URL: rq.p.get("url")}
	s.answers = append(s.answers, a)
	if len(s.answers) > maxAnswers {
		s.answers = slices.Clone(s.answers[len(s.answers)-maxAnswers:])
	}
	s.emit(Event{Kind: EventCallbackAnswered, ChatID: chatID, Answer: a})
	return true, nil
}

// chatActions are the values sendChatAction accepts.
var chatActions = []string{
	"typing", "upload_photo", "record_video", "upload_video", "record_voice",
	"upload_voice", "upload_document", "choose_sticker", "find_location",
	"record_video_note", "upload_video_note",
}

func sendChatAction(s *Server, rq *request) (any, *apiError) {
	if !slices.Contains(chatActions, rq.p.get("action")) {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.target(rq); err != nil {
		return nil, err
	}
	return true, nil
}

type wireChatFullInfo struct {
	wireChat
	AccentColorID    int `json:"accent_color_id"`
	MaxReactionCount int `json:"max_reaction_count"`
}

func getChat(s *Server, rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookupChat(rq.p.get("chat_id"))
	if err != nil {
		return nil, err
	}
	return wireChatFullInfo{wireChat: c.wire(), MaxReactionCount: 11}, nil
}

// genericHandler answers the methods the fake does not model in detail:
// after validation, a method returning True answers true (once its chat
// exists), another send method stores an empty message of that kind, and
// anything else is reported as not implemented so that a test notices.
func genericHandler(s *Server, rq *request) (any, *apiError) {
	m := rq.m
	sendsMessage := slices.Contains(m.Returns, "Message") && strings.HasPrefix(m.Name, "send")
	if rq.p.has("chat_id") && (sendsMessage || m.returnsTrue()) {
		s.mu.Lock()
		defer s.mu.Unlock()
		c, err := s.target(rq)
		if err != nil {
			return nil, err
		}
		if !sendsMessage {
			return true, nil
		}
		if err := s.checkSend(c, rq); err != nil {
			return nil, err
		}
		msg := &Message{Method: m.Name}
		applyMarkup(msg, rq.markup)
		s.addMessage(c, msg)
		return s.wireOf(c, msg), nil
	}
	if m.returnsTrue() {
		return true, nil
	}
	return nil, &apiError{Code: http.StatusNotImplemented, Description: "Not Implemented: telegramtest does not simulate " + m.Name}
}
