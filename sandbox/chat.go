package sandbox

import (
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot/telegramtest"
)

// entry is something a person sent: a text, their contact or a press of
// an inline button.
type entry struct {
	Seq     int64
	At      time.Time
	Text    string
	Contact string // the phone number shared
	Press   *pressInfo
}

type pressInfo struct {
	Message int    `json:"message"`
	Data    string `json:"data"`
	Label   string `json:"label"` // the button's text
}

// record appends e to a person's log; the caller holds s.mu.
func (s *Server) record(userID int64, e entry) entry {
	s.seq++
	e.Seq = s.seq
	l := append(s.sent[userID], e)
	if len(l) > maxLog {
		l = slices.Clone(l[len(l)-maxLog:])
	}
	s.sent[userID] = l
	return e
}

// item is one bubble of the chat, from the bot or from the person.
type item struct {
	Kind string `json:"kind"` // "bot" or "user"
	Key  string `json:"key"`  // unique in the chat: "b<message id>" or "u<seq>"
	T    int64  `json:"t"`    // when sent, Unix microseconds; the chat's order

	// The bot's messages.
	ID             int            `json:"id,omitempty"`
	HTML           string         `json:"html,omitempty"` // safe HTML of the text or caption
	Inline         [][]inlineBtn  `json:"inline,omitempty"`
	Reply          *replyKeyboard `json:"reply,omitempty"`
	RemoveKeyboard bool           `json:"remove_keyboard,omitempty"`
	Photo          *fileRef       `json:"photo,omitempty"`
	Document       *fileRef       `json:"document,omitempty"`
	Edited         bool           `json:"edited,omitempty"`
	Deleted        bool           `json:"deleted,omitempty"`
	Press          *pressInfo     `json:"press,omitempty"`
	Text           string         `json:"text,omitempty"`    // the person's text
	Contact        string         `json:"contact,omitempty"` // the phone the person shared
	at             time.Time      // exact order within the process
}

type inlineBtn struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

type replyKeyboard struct {
	Rows    [][]replyBtn `json:"rows"`
	OneTime bool         `json:"one_time,omitempty"`
}

type replyBtn struct {
	Text           string `json:"text"`
	RequestContact bool   `json:"request_contact,omitempty"`
}

// fileRef is how the page gets a photo or document.
type fileRef struct {
	URL      string `json:"url"`                // /api/file?... or, for a file sent by URL, that URL
	Name     string `json:"name,omitempty"`     // file name
	External bool   `json:"external,omitempty"` // sent by URL: not served here
}

func (e entry) item() item {
	return item{Kind: "user", Key: "u" + strconv.FormatInt(e.Seq, 10), T: e.At.UnixMicro(), at: e.At,
		Text: e.Text, Contact: e.Contact, Press: e.Press}
}

// botItem renders one of the bot's messages in its current state.
func botItem(userID int64, m telegramtest.Message) item {
	it := item{Kind: "bot", Key: "b" + strconv.Itoa(m.ID), ID: m.ID, T: m.Date.UnixMicro(), at: m.Date,
		RemoveKeyboard: m.RemoveKeyboard, Edited: m.Edits > 0, Deleted: m.Deleted}
	raw := m.Text
	if f := media(m); raw == "" && f != nil {
		raw = f.Caption
	}
	if strings.EqualFold(m.ParseMode, "html") {
		it.HTML = renderHTML(raw)
	} else {
		m.Text = raw
		it.HTML = escapeText(m.PlainText())
	}
	for _, row := range m.Inline {
		out := make([]inlineBtn, 0, len(row))
		for _, b := range row {
			out = append(out, inlineBtn{Text: b.Text, Data: b.CallbackData, URL: safeURL(b.URL)})
		}
		it.Inline = append(it.Inline, out)
	}
	it.Reply = keyboardOf(m.Reply)
	it.Photo = ref(userID, m.ID, "photo", m.Photo)
	it.Document = ref(userID, m.ID, "document", m.Document)
	return it
}

func media(m telegramtest.Message) *telegramtest.File {
	if m.Photo != nil {
		return m.Photo
	}
	return m.Document
}

func keyboardOf(k *telegramtest.ReplyKeyboard) *replyKeyboard {
	if k == nil {
		return nil
	}
	out := &replyKeyboard{OneTime: k.OneTime, Rows: [][]replyBtn{}}
	for _, row := range k.Rows {
		r := make([]replyBtn, 0, len(row))
		for _, b := range row {
			r = append(r, replyBtn(b))
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

func ref(userID int64, msgID int, kind string, f *telegramtest.File) *fileRef {
	if f == nil {
		return nil
	}
	if f.Data == nil {
		return &fileRef{URL: safeURL(f.URL), Name: f.Name, External: true}
	}
	q := url.Values{"user": {strconv.FormatInt(userID, 10)}, "msg": {strconv.Itoa(msgID)}, "kind": {kind}}
	name := f.Name
	if name == "" {
		name = kind
	}
	return &fileRef{URL: "api/file?" + q.Encode(), Name: name}
}

// history is a person's chat: the bot's messages that are not deleted and
// what the person sent, oldest first.
func (s *Server) history(userID int64) []item {
	s.mu.Lock()
	mine := slices.Clone(s.sent[userID])
	msgs := s.tg.Messages(userID)
	s.mu.Unlock()
	out := make([]item, 0, len(msgs)+len(mine))
	for _, m := range msgs {
		if !m.Deleted {
			out = append(out, botItem(userID, m))
		}
	}
	for _, e := range mine {
		out = append(out, e.item())
	}
	// Times carry the monotonic clock, so the order is exact within the
	// process; a person's message goes before a bot message of the same
	// instant, since the bot can only answer after it.
	slices.SortStableFunc(out, func(a, b item) int {
		switch {
		case a.at.Before(b.at):
			return -1
		case b.at.Before(a.at):
			return 1
		case a.Kind != b.Kind && a.Kind == "user":
			return -1
		case a.Kind != b.Kind:
			return 1
		}
		return 0
	})
	return out
}

type chatResponse struct {
	User     Person         `json:"user"`
	Messages []item         `json:"messages"`
	Keyboard *replyKeyboard `json:"keyboard"` // the reply keyboard shown now, null if none
}

func (s *Server) chatHistory(w http.ResponseWriter, r *http.Request) {
	p, err := s.person(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, chatResponse{User: *p, Messages: s.history(p.UserID), Keyboard: keyboardOf(s.tg.CurrentKeyboard(p.UserID))})
}

// file serves the bytes of a photo or document the bot uploaded.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	p, err := s.person(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	msgID, err := strconv.Atoi(q.Get("msg"))
	kind := q.Get("kind")
	if err != nil || (kind != "photo" && kind != "document") {
		writeError(w, http.StatusBadRequest, "cần msg=<số> và kind=photo|document")
		return
	}
	var f *telegramtest.File
	for _, m := range s.tg.Messages(p.UserID) {
		if m.ID == msgID && !m.Deleted {
			f = m.Document
			if kind == "photo" {
				f = m.Photo
			}
		}
	}
	if f == nil || f.Data == nil {
		writeError(w, http.StatusNotFound, "không có tệp này")
		return
	}
	ctype := mime.TypeByExtension(path.Ext(f.Name))
	if ctype == "" {
		ctype = http.DetectContentType(f.Data)
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if kind == "photo" && strings.HasPrefix(ctype, "image/") && ctype != "image/svg+xml" {
		h.Set("Content-Type", ctype)
	} else {
		if kind == "photo" {
			ctype = "application/octet-stream"
		}
		name := f.Name
		if name == "" {
			name = "tep-" + strconv.Itoa(msgID)
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, _ = w.Write(f.Data)
}
