package zalotest

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the platform.
const (
	MaxTextRunes    = 2000 // sendMessage text, counted in characters (runes)
	MaxCaptionRunes = 2000 // sendPhoto caption
	MinSecretLen    = 8    // setWebhook secret_token, characters
	MaxSecretLen    = 256
	// MaxPhotoBytes bounds a photo the fake downloads. Zalo's limit is not
	// published; this one only protects the test process.
	MaxPhotoBytes = 10 << 20
)

func init() {
	methods = map[string]methodSpec{
		"getMe":          {getMe, nil},
		"getUpdates":     {getUpdates, []string{"timeout"}},
		"setWebhook":     {setWebhook, []string{"url", "secret_token"}},
		"deleteWebhook":  {deleteWebhook, nil},
		"getWebhookInfo": {getWebhookInfo, nil},
		"sendMessage":    {sendMessage, []string{"chat_id", "text", "parse_mode"}},
		"sendPhoto":      {sendPhoto, []string{"chat_id", "photo", "caption"}},
		"sendSticker":    {sendSticker, []string{"chat_id", "sticker"}},
		"sendChatAction": {sendChatAction, []string{"chat_id", "action"}},
	}
}

type wireMe struct {
	ID            string `json:"id"`
	AccountName   string `json:"account_name"`
	AccountType   string `json:"account_type"`
	CanJoinGroups bool   `json:"can_join_groups"`
}

// getMe's id is the "<digits>" part of the token.
func getMe(s *Server, _ *http.Request, _ *params) (any, *apiError) {
	id, _, ok := strings.Cut(s.Token, ":")
	if !ok || id == "" || strings.Trim(id, "0123456789") != "" {
		id = defaultBotID
	}
	return wireMe{ID: id, AccountName: BotAccountName, AccountType: BotAccountType}, nil
}

type wireWebhookInfo struct {
	URL       string `json:"url"`
	UpdatedAt int64  `json:"updated_at"`
}

// isWebhookURL accepts https:// URLs and, for tests only, http:// URLs on
// 127.0.0.1, [::1] or localhost (the real platform wants a public HTTPS
// URL).
func isWebhookURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		return h == "127.0.0.1" || h == "::1" || h == "localhost"
	}
	return false
}

func setWebhook(s *Server, _ *http.Request, p *params) (any, *apiError) {
	u, err := p.required("url")
	if err != nil {
		return nil, err
	}
	if !isWebhookURL(u) {
		return nil, errorf(http.StatusBadRequest, "Bad Request: url must be a public HTTPS URL")
	}
	secret, err := p.str("secret_token")
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(secret); n < MinSecretLen || n > MaxSecretLen {
		return nil, errorf(http.StatusBadRequest, "Bad Request: secret_token must be %d to %d characters", MinSecretLen, MaxSecretLen)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = webhook{url: u, secret: secret, updatedAt: nowMillis()}
	s.wakeAll()
	return wireWebhookInfo{URL: u, UpdatedAt: s.webhook.updatedAt}, nil
}

func deleteWebhook(s *Server, _ *http.Request, _ *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = webhook{updatedAt: nowMillis()}
	s.wakeAll()
	return wireWebhookInfo{UpdatedAt: s.webhook.updatedAt}, nil
}

func getWebhookInfo(s *Server, _ *http.Request, _ *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return wireWebhookInfo{URL: s.webhook.url, UpdatedAt: s.webhook.updatedAt}, nil
}

type wireSent struct {
	MessageID string `json:"message_id"`
	Date      int64  `json:"date"`
}

// knownChat checks that the chat wrote to the bot first; the caller holds
// s.mu.
func (s *Server) knownChat(id string) (*chat, *apiError) {
	c := s.chats[id]
	if c == nil {
		return nil, errorf(http.StatusForbidden, "Forbidden: the user has not sent a message to the bot")
	}
	return c, nil
}

func chatID(p *params) (string, *apiError) {
	return p.required("chat_id")
}

func sendMessage(s *Server, _ *http.Request, p *params) (any, *apiError) {
	id, err := chatID(p)
	if err != nil {
		return nil, err
	}
	text, err := p.str("text")
	if err != nil {
		return nil, err
	}
	switch n := utf8.RuneCountInString(text); {
	case !utf8.ValidString(text):
		return nil, errorf(http.StatusBadRequest, "Bad Request: text is not valid UTF-8")
	case n == 0:
		return nil, errorf(http.StatusBadRequest, "Bad Request: text is required")
	case n > MaxTextRunes:
		return nil, errorf(http.StatusBadRequest, "Bad Request: text is too long (%d characters, at most %d)", n, MaxTextRunes)
	}
	mode, err := p.str("parse_mode")
	if err != nil {
		return nil, err
	}
	if p.has("parse_mode") && mode != "markdown" && mode != "html" {
		return nil, errorf(http.StatusBadRequest, "Bad Request: parse_mode must be \"markdown\" or \"html\"")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChat(id)
	if err != nil {
		return nil, err
	}
	return s.record(c, Message{Kind: KindText, Text: text, ParseMode: mode}), nil
}

func sendPhoto(s *Server, r *http.Request, p *params) (any, *apiError) {
	id, err := chatID(p)
	if err != nil {
		return nil, err
	}
	photo, err := p.required("photo")
	if err != nil {
		return nil, err
	}
	caption, err := p.str("caption")
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(caption); n > MaxCaptionRunes {
		return nil, errorf(http.StatusBadRequest, "Bad Request: caption is too long (%d characters, at most %d)", n, MaxCaptionRunes)
	}
	s.mu.Lock()
	_, err = s.knownChat(id)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	data, err := s.fetchImage(r.Context(), photo)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChat(id)
	if err != nil {
		return nil, err
	}
	return s.record(c, Message{Kind: KindPhoto, Photo: data, PhotoURL: photo, Caption: caption}), nil
}

// fetchImage downloads a photo the way Zalo does: an HTTP GET of a URL
// that must answer 200 with an image.
func (s *Server) fetchImage(ctx context.Context, raw string) ([]byte, *apiError) {
	u, perr := url.Parse(raw)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errorf(http.StatusBadRequest, "Bad Request: photo must be an http(s) URL")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, rerr := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if rerr != nil {
		return nil, errorf(http.StatusBadRequest, "Bad Request: photo must be an http(s) URL")
	}
	resp, gerr := s.client.Do(req)
	if gerr != nil {
		return nil, errorf(http.StatusBadRequest, "Bad Request: cannot download photo")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errorf(http.StatusBadRequest, "Bad Request: cannot download photo (HTTP %d)", resp.StatusCode)
	}
	data, berr := io.ReadAll(io.LimitReader(resp.Body, MaxPhotoBytes+1))
	if berr != nil {
		return nil, errorf(http.StatusBadRequest, "Bad Request: cannot download photo")
	}
	if len(data) > MaxPhotoBytes {
		return nil, errorf(http.StatusBadRequest, "Bad Request: photo is too large")
	}
	if !strings.HasPrefix(http.DetectContentType(data), "image/") {
		return nil, errorf(http.StatusBadRequest, "Bad Request: photo is not an image")
	}
	return data, nil
}

func sendSticker(s *Server, _ *http.Request, p *params) (any, *apiError) {
	id, err := chatID(p)
	if err != nil {
		return nil, err
	}
	sticker, err := p.required("sticker")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChat(id)
	if err != nil {
		return nil, err
	}
	return s.record(c, Message{Kind: KindSticker, Sticker: sticker}), nil
}

// sendChatAction accepts only "typing". Its result shape is not
// documented; the fake answers true.
func sendChatAction(s *Server, _ *http.Request, p *params) (any, *apiError) {
	id, err := chatID(p)
	if err != nil {
		return nil, err
	}
	action, err := p.required("action")
	if err != nil {
		return nil, err
	}
	if action != "typing" {
		return nil, errorf(http.StatusBadRequest, "Bad Request: action must be \"typing\"")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChat(id)
	if err != nil {
		return nil, err
	}
	c.actions++
	s.emit(Event{Kind: EventChatAction, ChatID: c.id, Action: action})
	return true, nil
}

// record stores a message the bot sent and returns its wire answer; the
// caller holds s.mu.
func (s *Server) record(c *chat, m Message) wireSent {
	m.ID = s.nextMessageID()
	m.ChatID = c.id
	m.Date = time.Now() // the wire says milliseconds; watchers get the exact order
	c.msgs = append(c.msgs, m)
	if w, ok := s.wakers[c.id]; ok {
		close(w)
		delete(s.wakers, c.id)
	}
	s.emit(Event{Kind: EventSent, ChatID: c.id, Message: m.clone()})
	return wireSent{MessageID: m.ID, Date: m.Date.UnixMilli()}
}
