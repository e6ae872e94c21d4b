package telegramtest

// prepare applies the checks Telegram makes beyond parameter types and
// parses what handlers need: reply markup, message text and caption.
func prepare(rq *request) *apiError {
	p, m := rq.p, rq.m
	if p.has("reply_markup") {
		mk, err := parseMarkup(p.get("reply_markup"))
		if err != nil {
			return err
		}
		rq.markup = mk
	}
	if _, formattable := m.byName["parse_mode"]; formattable && p.has("text") {
		f, err := formatText(p.get("text"), p.get("parse_mode"), p.get("entities"))
		if err != nil {
			return err
		}
		switch n := utf16Count(f.plain); {
		case n == 0:
			return badRequest("message text is empty")
		case n > maxTextLen:
			return badRequest("message is too long")
		}
		rq.text = &f
	}
	if p.has("caption") {
		f, err := formatText(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"))
		if err != nil {
			return err
		}
		if utf16Count(f.plain) > maxCaptionLen {
			return badRequest("message caption is too long")
		}
		rq.caption = &f
	}
	if m.Name == "answerCallbackQuery" && utf16Count(p.get("text")) > maxCallbackLen {
		return badRequest("MESSAGE_TOO_LONG")
	}
	return nil
}
