package zalo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

func TestParseUpdateShapes(t *testing.T) {
	wrapped := `{"ok":true,"result":{"event_name":"message.image.received","message":{"message_id":"m1","date":1764237600000,"photo":"https://x/p.jpg","from":{"id":"u1","display_name":"An"},"chat":{"id":"u1","chat_type":"PRIVATE"}}}}`
	flat := `{"event_name":"message.text.received","message":{"message_id":"m2","date":1764237600000,"text":"baocao","from":{"id":"u2"}}}`
	u, err := parseUpdate([]byte(wrapped))
	if err != nil || u.Message.MessageID != "m1" || u.Message.PhotoURL != "https://x/p.jpg" || !u.private() {
		t.Fatalf("wrapped: %+v, %v", u, err)
	}
	u, err = parseUpdate([]byte(flat))
	if err != nil || u.Message.Text != "baocao" || u.Message.Chat.ID != "u2" || !u.private() {
		t.Fatalf("flat: %+v, %v", u, err)
	}
	group := `{"event_name":"message.text.received","message":{"message_id":"m3","text":"x","from":{"id":"u2"},"chat":{"id":"g1","chat_type":"GROUP"}}}`
	if u, _ := parseUpdate([]byte(group)); u.private() {
		t.Error("a group message taken as private")
	}
	for _, bad := range []string{`{}`, `{"ok":true,"result":{"event_name":"x"}}`, `{"message":{"message_id":"m4"}}`} {
		if _, err := parseUpdate([]byte(bad)); err != errNoMessage {
			t.Errorf("parseUpdate(%s) = %v; want errNoMessage", bad, err)
		}
	}
	if _, err := parseUpdate([]byte(`not json`)); err == nil {
		t.Error("garbage accepted")
	}
	if inboxID("m1") == inboxID("m2") || inboxID("m1") != inboxID("m1") || inboxID("m1") < 0 {
		t.Error("inboxID is not a stable, distinct, non-negative key")
	}
}

func TestCommandsInPlainText(t *testing.T) {
	for text, want := range map[string]fieldbot.Input{
		"/baocao":            {Kind: fieldbot.InputCommand, Command: "baocao"},
		"baocao":             {Kind: fieldbot.InputCommand, Command: "baocao"},
		"Báo cáo":            {Kind: fieldbot.InputCommand, Command: "baocao"},
		"tien do":            {Kind: fieldbot.InputCommand, Command: "tiendo"},
		"Tiến độ khu vực 3":  {Kind: fieldbot.InputCommand, Command: "tiendo", Text: "khu vực 3"},
		"HUY":                {Kind: fieldbot.InputCommand, Command: "huy"},
		"báo cáo xong rồi":   {Kind: fieldbot.InputText, Text: "báo cáo xong rồi"},
		"bao cao vcdk=7581":  {Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=7581"},
		"huy bo giup toi":    {Kind: fieldbot.InputText, Text: "huy bo giup toi"},
		"7.581":              {Kind: fieldbot.InputText, Text: "7.581"},
		"2":                  {Kind: fieldbot.InputText, Text: "2"},
		"xác nhận":           {Kind: fieldbot.InputText, Text: "xác nhận"},
		"ngonngu en":         {Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "en"},
		"kenh zalo":          {Kind: fieldbot.InputCommand, Command: "kenh", Text: "zalo"},
		"Kênh tất cả":        {Kind: fieldbot.InputCommand, Command: "kenh", Text: "tất cả"},
		"ngon ngu en":        {Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "en"},
		"Ngôn ngữ tiếng Anh": {Kind: fieldbot.InputCommand, Command: "ngonngu", Text: "tiếng Anh"},
		"/language english":  {Kind: fieldbot.InputCommand, Command: "language", Text: "english"},
	} {
		if want.Kind == fieldbot.InputCommand && !strings.HasPrefix(text, "/") {
			want.Plain = text // what the engine takes as an answer inside a form
		}
		got := input(update{EventName: "message.text.received", Message: message{Text: text}})
		if got != want {
			t.Errorf("input(%q) = %+v; want %+v", text, got, want)
		}
	}
	if got := input(update{EventName: "message.sticker.received"}); got.Kind != fieldbot.InputOther {
		t.Errorf("a sticker = %+v", got)
	}
}

func TestTextsNumberOptionsAndSplit(t *testing.T) {
	p := locale.New(locale.VI)
	m := fieldbot.Message{Text: "<b>Tóm tắt</b> &lt;kv1&gt;", Options: []fieldbot.Option{{Label: "✅ Xác nhận", Data: "3.ok"}, {Label: "Sửa", Data: "3.ed"}, {Label: "Hủy", Data: "3.x"}}}
	got := texts(p, m)
	if len(got) != 1 || !strings.Contains(got[0], "Tóm tắt <kv1>\n1. ✅ Xác nhận\n2. Sửa\n3. Hủy\nGõ 1, 2 hoặc 3 để chọn.") || strings.Contains(got[0], "<b>") {
		t.Fatalf("texts = %q", got)
	}
	// A typed answer: the ways around it are words, never numbers.
	m = fieldbot.Message{Text: "Mục 2/5: Số việc thi hành xong", Options: []fieldbot.Option{
		{Label: "Bỏ qua", Data: "4.s", Word: "bỏ qua"}, {Label: "⬅️ Quay lại", Data: "4.b", Word: "quay lại"}, {Label: "✖️ Hủy", Data: "4.x", Word: "hủy"}}}
	got = texts(p, m)
	if len(got) != 1 || got[0] != "Mục 2/5: Số việc thi hành xong\nGõ câu trả lời, hoặc: bỏ qua · quay lại · hủy" {
		t.Errorf("typed question = %q", got)
	}
	// A pick with ways around it: only the choices are numbered.
	m = fieldbot.Message{Text: "Mục 4/5: Tự đánh giá", Options: []fieldbot.Option{
		{Label: "Đạt", Data: "5.o0"}, {Label: "Chưa đạt", Data: "5.o1"}, {Label: "⬅️ Quay lại", Data: "5.b", Word: "quay lại"}, {Label: "✖️ Hủy", Data: "5.x", Word: "hủy"}}}
	got = texts(p, m)
	if len(got) != 1 || got[0] != "Mục 4/5: Tự đánh giá\n1. Đạt\n2. Chưa đạt\nGõ 1 hoặc 2 để chọn.\nHoặc gõ: quay lại · hủy" {
		t.Errorf("choice question = %q", got)
	}
	long := fieldbot.Message{Text: strings.Repeat("• Phòng Thi hành án dân sự khu vực 1: 81,89%\n", 100)}
	parts := texts(p, long)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	for _, part := range parts {
		if n := utf8.RuneCountInString(part); n > maxText {
			t.Errorf("part of %d characters", n)
		}
	}
}
