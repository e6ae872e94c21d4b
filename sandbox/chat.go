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

// record appends e to a chat's log; the caller holds s.mu.
func (s *Server) record(key chatKey, e entry) entry {
	s.seq++
	e.Seq = s.seq
	l := append(s.sent[key], e)
	if len(l) > maxLog {
		l = slices.Clone(l[len(l)-maxLog:])
	}
	s.sent[key] = l
	return e
}

// item is one bubble of the chat, from the bot or from the person.
type item struct {
	Kind string `json:"kind"` // "bot" or "user"
	Key  string `json:"key"`  // unique in the chat: "b<message id>", "z<Zalo message id>" or "u<seq>"
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
	Sticker        string         `json:"sticker,omitempty"` // a Zalo sticker's id, shown as such
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
	name := f.Name
	if name == "" {
		name = kind
	}
	return &fileRef{URL: fileURL(chatKey{Telegram, userID}, strconv.Itoa(msgID), kind), Name: name}
}

// fileURL is where the page gets the bytes of a file in a chat.
func fileURL(key chatKey, msgID, kind string) string {
	q := url.Values{"user": {strconv.FormatInt(key.user, 10)}, "msg": {msgID}, "kind": {kind}}
	if key.channel != Telegram {
		q.Set("channel", key.channel)
	}
	return "api/file?" + q.Encode()
}

// history is a person's chat on a channel: the bot's messages that are
// not deleted and what the person sent, oldest first.
func (s *Server) history(p *Person, key chatKey) []item {
	s.mu.Lock()
	mine := slices.Clone(s.sent[key])
	out := []item{} // never null to the page
	if key.channel == Zalo {
		for _, m := range s.zl.Messages(p.ZaloID) {
			out = append(out, zaloItem(key, m))
		}
	} else {
		for _, m := range s.tg.Messages(key.user) {
			if !m.Deleted {
				out = append(out, botItem(key.user, m))
			}
		}
	}
	s.mu.Unlock()
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
	p, key, prob := s.target(r)
	if prob != nil {
		prob.write(w, s.printer(r, ""))
		return
	}
	writeJSON(w, http.StatusOK, chatResponse{User: *p, Messages: s.history(p, key), Keyboard: s.keyboard(key)})
}

// keyboard is the reply keyboard a chat shows now; Zalo has none.
func (s *Server) keyboard(key chatKey) *replyKeyboard {
	if key.channel != Telegram {
		return nil
	}
	return keyboardOf(s.tg.CurrentKeyboard(key.user))
}

// file serves the bytes of a photo or document the bot sent.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	pr := s.printer(r, "")
	p, key, prob := s.target(r)
	if prob != nil {
		prob.write(w, pr)
		return
	}
	q := r.URL.Query()
	msgID, kind := q.Get("msg"), q.Get("kind")
	if msgID == "" || (kind != "photo" && kind != "document") {
		badRequest("sandbox.err_file_query").write(w, pr)
		return
	}
	var name string
	var data []byte
	if key.channel == Zalo {
		data = zaloPhoto(s.zl.Messages(p.ZaloID), msgID, kind)
	} else if f := telegramFile(s.tg.Messages(key.user), msgID, kind); f != nil {
		name, data = f.Name, f.Data
	}
	if data == nil {
		(&problem{http.StatusNotFound, "sandbox.err_no_file", nil}).write(w, pr)
		return
	}
	if name == "" {
		name = pr.T("sandbox.file_name", "id", msgID)
	}
	serveFile(w, kind, name, data)
}

// telegramFile finds the photo or document of a message still there.
func telegramFile(msgs []telegramtest.Message, msgID, kind string) *telegramtest.File {
	for _, m := range msgs {
		if strconv.Itoa(m.ID) != msgID || m.Deleted {
			continue
		}
		if kind == "photo" {
			return m.Photo
		}
		return m.Document
	}
	return nil
}

// serveFile writes a file's bytes: an image inline, anything else (or a
// "photo" that is no image) as a download, never as something the
// browser would run.
func serveFile(w http.ResponseWriter, kind, name string, data []byte) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if kind == "photo" && strings.HasPrefix(ctype, "image/") && ctype != "image/svg+xml" {
		h.Set("Content-Type", ctype)
	} else {
		if kind == "photo" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
