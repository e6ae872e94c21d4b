package telegramtest

import (
	"encoding/json"
	"net/url"
)

// InlineButton is one button of an inline keyboard.
type InlineButton struct {
	Text         string
	CallbackData string
	URL          string
}

// KeyboardButton is one button of a reply keyboard.
type KeyboardButton struct {
	Text           string
	RequestContact bool
}

// ReplyKeyboard is a custom keyboard that replaces the user's keyboard.
type ReplyKeyboard struct {
	Rows    [][]KeyboardButton
	OneTime bool
	Resize  bool
}

// markup is a parsed reply_markup.
type markup struct {
	inline     [][]InlineButton
	inlineJSON json.RawMessage // canonical {"inline_keyboard":...}, echoed in results
	reply      *ReplyKeyboard
	remove     bool
	forceReply bool
}

// inlineActions are the InlineKeyboardButton fields of which exactly one
// must be set.
var inlineActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// maxInlineButtons is Telegram's limit on buttons in one inline keyboard.
const maxInlineButtons = 100

// parseMarkup turns a reply_markup value that already passed the generic
// JSON check into Go structs and applies the checks Telegram makes on
// buttons.
func parseMarkup(raw string) (*markup, *apiError) {
	var w struct {
		InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
		Keyboard       [][]json.RawMessage            `json:"keyboard"`
		OneTime        bool                           `json:"one_time_keyboard"`
		Resize         bool                           `json:"resize_keyboard"`
		Remove         bool                           `json:"remove_keyboard"`
		ForceReply     bool                           `json:"force_reply"`
	}
	if err := json.Unmarshal([]byte(raw), &w); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	m := &markup{remove: w.Remove, forceReply: w.ForceReply}
	switch {
	case w.InlineKeyboard != nil:
		if err := m.parseInline(w.InlineKeyboard); err != nil {
			return nil, err
		}
	case w.Keyboard != nil:
		m.reply = &ReplyKeyboard{OneTime: w.OneTime, Resize: w.Resize}
		for _, row := range w.Keyboard {
			var out []KeyboardButton
			for _, b := range row {
				kb, err := parseKeyboardButton(b)
				if err != nil {
					return nil, err
				}
				out = append(out, kb)
			}
			m.reply.Rows = append(m.reply.Rows, out)
		}
	}
	return m, nil
}

func (m *markup) parseInline(rows [][]map[string]json.RawMessage) *apiError {
	n := 0
	m.inline = make([][]InlineButton, 0, len(rows))
	for _, row := range rows {
		out := make([]InlineButton, 0, len(row))
		for _, b := range row {
			n++
			var btn InlineButton
			if err := json.Unmarshal(b["text"], &btn.Text); err != nil || btn.Text == "" {
				return badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			actions := 0
			for _, a := range inlineActions {
				if v, ok := b[a]; ok && string(v) != "null" && string(v) != "false" {
					actions++
				}
			}
			switch {
			case actions == 0:
				return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			case actions > 1:
				return badRequest("can't parse inline keyboard button: only one of the optional fields must be used")
			}
			if v, ok := b["callback_data"]; ok {
				_ = json.Unmarshal(v, &btn.CallbackData)
				if len(btn.CallbackData) < 1 || len(btn.CallbackData) > 64 {
					return badRequest("BUTTON_DATA_INVALID")
				}
			}
			if v, ok := b["url"]; ok {
				_ = json.Unmarshal(v, &btn.URL)
				if !validButtonURL(btn.URL) {
					return badRequest("BUTTON_URL_INVALID")
				}
			}
			out = append(out, btn)
		}
		m.inline = append(m.inline, out)
	}
	if n > maxInlineButtons {
		return badRequest("reply markup is too long")
	}
	// Marshalling maps sorts keys, so equal keyboards give equal bytes; the
	// "message is not modified" check relies on that.
	canon, _ := json.Marshal(map[string]any{"inline_keyboard": rows})
	m.inlineJSON = canon
	return nil
}

// parseKeyboardButton accepts a KeyboardButton object or, as Telegram
// still does, a bare string.
func parseKeyboardButton(raw json.RawMessage) (KeyboardButton, *apiError) {
	var kb KeyboardButton
	var s string
	if json.Unmarshal(raw, &s) == nil {
		kb.Text = s
	} else {
		var o struct {
			Text           string `json:"text"`
			RequestContact bool   `json:"request_contact"`
		}
		_ = json.Unmarshal(raw, &o)
		kb = KeyboardButton(o)
	}
	if kb.Text == "" {
		return kb, badRequest("can't parse keyboard button: Text must be non-empty")
	}
	return kb, nil
}

func validButtonURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}
