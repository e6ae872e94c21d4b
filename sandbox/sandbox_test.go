package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/telegramtest"
)

func TestPeopleMetaAndPage(t *testing.T) {
	r := newRig(t)
	code, raw := r.get(t, "/api/people")
	var got []Person
	if code != http.StatusOK || json.Unmarshal(raw, &got) != nil {
		t.Fatalf("people: %d %s", code, raw)
	}
	if want := []Person{an, binh, minh}; !reflect.DeepEqual(got, want) {
		t.Fatalf("people %+v, want %+v", got, want)
	}

	code, raw = r.get(t, "/api/meta")
	var meta struct {
		Lang    string
		Actions []actionView
		Menus   map[string][]command
	}
	if code != http.StatusOK || json.Unmarshal(raw, &meta) != nil {
		t.Fatalf("meta: %d %s", code, raw)
	}
	if meta.Lang != "vi" || len(meta.Actions) != 1 || meta.Actions[0] != (actionView{"digest", "📊 Gửi bản tổng hợp ngay"}) {
		t.Fatalf("meta %+v", meta)
	}
	var names []string
	for _, c := range meta.Menus["officer"] {
		names = append(names, c.Command)
	}
	if want := "baocao sua tiendo xephang kenh ngonngu taikhoan huy trogiup start"; strings.Join(names, " ") != want {
		t.Fatalf("officer's commands %v, want %s", names, want)
	}

	res, err := r.web.Client().Get(r.web.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var page bytes.Buffer
	_, _ = page.ReadFrom(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("page: %d %v", res.StatusCode, res.Header)
	}
	for _, want := range []string{`lang="vi"`, `data-testid="input"`, `data-testid="send"`, "Nhập tin nhắn…", "Chọn người dùng", `src="static/app.js"`} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, asset := range []string{"/static/app.js", "/static/style.css"} {
		if code, body := r.get(t, asset); code != http.StatusOK || len(body) < 1000 {
			t.Errorf("%s: %d, %d bytes", asset, code, len(body))
		}
	}
	if code, _ := r.get(t, "/nope"); code != http.StatusNotFound {
		t.Errorf("unknown path: %d", code)
	}
}

func TestSendReplyPressMergedInOrder(t *testing.T) {
	r := newRig(t)
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "/start"})
	if n := r.tg.PendingUpdates(); n != 1 {
		t.Fatalf("pending updates %d, want 1", n)
	}
	up := r.oneUpdate(t)
	if m := up.Message; m == nil || m.Text != "/start" || !m.IsCommand() || m.From.ID != an.UserID || m.Chat.ID != an.UserID ||
		m.From.FirstName != "An" || m.From.LastName != "Nguyễn Văn" || m.From.LanguageCode != "vi" {
		t.Fatalf("update %+v", up.Message)
	}

	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Có", "yes"), tgbotapi.NewInlineKeyboardButtonData("Không", "no")))
	sent := r.reply(t, an.UserID, `<b>Chào anh An</b> &amp; <a href="https://example.com/x">xem</a>`, kb)
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "  xin chào  "})
	r.oneUpdate(t)

	c := r.chat(t, an.UserID)
	if c.User.UserID != an.UserID || len(c.Messages) != 3 {
		t.Fatalf("chat %+v", c)
	}
	m0, m1, m2 := c.Messages[0], c.Messages[1], c.Messages[2]
	if m0.Kind != "user" || m0.Text != "/start" || m1.Kind != "bot" || m1.ID != sent.MessageID || m2.Kind != "user" || m2.Text != "xin chào" {
		t.Fatalf("order: %+v", c.Messages)
	}
	if !(m0.T <= m1.T && m1.T <= m2.T) {
		t.Fatalf("times not ascending: %d %d %d", m0.T, m1.T, m2.T)
	}
	wantHTML := `<b>Chào anh An</b> &amp; <a href="https://example.com/x" target="_blank" rel="noopener noreferrer">xem</a>`
	if m1.HTML != wantHTML {
		t.Fatalf("html %q\nwant %q", m1.HTML, wantHTML)
	}
	if want := [][]inlineBtn{{{Text: "Có", Data: "yes"}, {Text: "Không", Data: "no"}}}; !reflect.DeepEqual(m1.Inline, want) {
		t.Fatalf("inline %+v", m1.Inline)
	}

	r.mustOK(t, "/api/press", map[string]any{"user": an.UserID, "message": sent.MessageID, "data": "yes"})
	up = r.oneUpdate(t)
	if cb := up.CallbackQuery; cb == nil || cb.Data != "yes" || cb.From.ID != an.UserID || cb.Message == nil || cb.Message.MessageID != sent.MessageID {
		t.Fatalf("callback %+v", up.CallbackQuery)
	}
	c = r.chat(t, an.UserID)
	last := c.Messages[len(c.Messages)-1]
	if last.Kind != "user" || last.Press == nil || last.Press.Label != "Có" || last.Press.Data != "yes" {
		t.Fatalf("press entry %+v", last)
	}

	// Only buttons that are on the message can be pressed.
	pending := r.tg.PendingUpdates()
	if code, raw := r.post(t, "/api/press", map[string]any{"user": an.UserID, "message": sent.MessageID, "data": "forged"}); code != http.StatusConflict {
		t.Fatalf("forged press: %d %s", code, raw)
	}
	if code, _ := r.post(t, "/api/send", map[string]any{"user": an.UserID, "text": "   "}); code != http.StatusBadRequest {
		t.Fatalf("empty text: %d", code)
	}
	if n := r.tg.PendingUpdates(); n != pending {
		t.Fatalf("refused requests reached Telegram: %d updates, want %d", n, pending)
	}
	if rej := r.tg.Rejections(); len(rej) > 0 {
		t.Fatalf("rejections %+v", rej)
	}
}

func TestPlainTextAndEditsAndDeletes(t *testing.T) {
	r := newRig(t)
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "hi"})
	plain, err := r.bot.Send(tgbotapi.NewMessage(an.UserID, "<b>not bold</b> & 1 > 0"))
	if err != nil {
		t.Fatal(err)
	}
	gone := r.reply(t, an.UserID, "xoá tôi", nil)
	if _, err := r.bot.Send(tgbotapi.NewEditMessageText(an.UserID, plain.MessageID, "đã sửa")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.bot.Request(tgbotapi.NewDeleteMessage(an.UserID, gone.MessageID)); err != nil {
		t.Fatal(err)
	}
	c := r.chat(t, an.UserID)
	if len(c.Messages) != 2 || c.Messages[1].HTML != "đã sửa" || !c.Messages[1].Edited {
		t.Fatalf("chat %+v", c.Messages)
	}

	// Without a parse mode, markup is text.
	msg, _ := r.bot.Send(tgbotapi.NewMessage(an.UserID, "<b>x</b> & y"))
	c = r.chat(t, an.UserID)
	if got := c.Messages[len(c.Messages)-1]; got.ID != msg.MessageID || got.HTML != "&lt;b&gt;x&lt;/b&gt; &amp; y" {
		t.Fatalf("plain message html %q", got.HTML)
	}
}

func TestReplyKeyboardAndContact(t *testing.T) {
	r := newRig(t)
	r.mustOK(t, "/api/send", map[string]any{"user": binh.UserID, "text": "/start"})
	r.oneUpdate(t)
	share := tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact("📱 Chia sẻ số điện thoại")))
	r.reply(t, binh.UserID, "Anh/chị bấm nút bên dưới để chia sẻ số điện thoại.", share)
	c := r.chat(t, binh.UserID)
	if c.Keyboard == nil || len(c.Keyboard.Rows) != 1 || !c.Keyboard.Rows[0][0].RequestContact {
		t.Fatalf("keyboard %+v", c.Keyboard)
	}

	r.mustOK(t, "/api/contact", map[string]any{"user": binh.UserID})
	up := r.oneUpdate(t)
	if m := up.Message; m == nil || m.Contact == nil || m.Contact.PhoneNumber != binh.Phone || m.Contact.UserID != binh.UserID || m.From.ID != binh.UserID {
		t.Fatalf("contact update %+v", up.Message)
	}
	r.reply(t, binh.UserID, "Cảm ơn", tgbotapi.NewRemoveKeyboard(true))
	c = r.chat(t, binh.UserID)
	if c.Keyboard != nil {
		t.Fatalf("keyboard still shown after remove_keyboard: %+v", c.Keyboard)
	}
	var contact, removed bool
	for _, m := range c.Messages {
		contact = contact || (m.Kind == "user" && m.Contact == binh.Phone)
		removed = removed || (m.Kind == "bot" && m.RemoveKeyboard)
	}
	if !contact || !removed {
		t.Fatalf("chat %+v", c.Messages)
	}
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFiles(t *testing.T) {
	r := newRig(t)
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "/tiendo"})
	pic := pngBytes(t)
	photo := tgbotapi.NewPhoto(an.UserID, tgbotapi.FileBytes{Name: "bieu-do.png", Bytes: pic})
	photo.Caption, photo.ParseMode = "<b>Tiến độ</b> tuần 12", tgbotapi.ModeHTML
	if _, err := r.bot.Send(photo); err != nil {
		t.Fatal(err)
	}
	csv := []byte("don_vi,so_viec\nkv1,12\n")
	if _, err := r.bot.Send(tgbotapi.NewDocument(an.UserID, tgbotapi.FileBytes{Name: "báo cáo.csv", Bytes: csv})); err != nil {
		t.Fatal(err)
	}
	c := r.chat(t, an.UserID)
	if len(c.Messages) != 3 {
		t.Fatalf("chat %+v", c.Messages)
	}
	ph, doc := c.Messages[1], c.Messages[2]
	if ph.Photo == nil || ph.HTML != "<b>Tiến độ</b> tuần 12" || doc.Document == nil || doc.Document.Name != "báo cáo.csv" {
		t.Fatalf("photo %+v document %+v", ph, doc)
	}

	fetch := func(rel string) *http.Response {
		t.Helper()
		u, _ := url.Parse(r.web.URL + "/")
		res, err := r.web.Client().Get(u.ResolveReference(must(url.Parse(rel))).String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	res := fetch(ph.Photo.URL)
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body.Bytes(), pic) {
		t.Fatalf("photo: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), body.Len())
	}
	res = fetch(doc.Document.URL)
	body.Reset()
	_, _ = body.ReadFrom(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || !bytes.Equal(body.Bytes(), csv) {
		t.Fatalf("document: %d %v", res.StatusCode, res.Header)
	}
	if code, _ := r.get(t, "/api/file?user=100001&msg=999&kind=photo"); code != http.StatusNotFound {
		t.Fatalf("missing file: %d", code)
	}
	if code, _ := r.get(t, "/api/file?user=100001&msg=2&kind=video"); code != http.StatusBadRequest {
		t.Fatalf("bad kind: %d", code)
	}
	// Another person cannot read the file through their own chat.
	if code, _ := r.get(t, "/api/file?user=100002&msg=2&kind=photo"); code != http.StatusNotFound {
		t.Fatalf("file of another chat: %d", code)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestEventsStream(t *testing.T) {
	r := newRig(t)
	r.sb.hub.keepAlive = 30 * time.Millisecond
	s := r.openEvents(t, an.UserID)

	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "/baocao"})
	if e := s.next(t); e.Type != "user" || e.Message == nil || e.Message.Text != "/baocao" || e.Chat != an.UserID {
		t.Fatalf("user event %+v", e)
	}
	r.oneUpdate(t)

	// Another person's chat is not on this stream.
	r.tg.AddUser(telegramtest.User{ID: binh.UserID, FirstName: "Bình"})
	r.reply(t, binh.UserID, "cho Bình", nil)

	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Tuần này", "p:this")))
	sent := r.reply(t, an.UserID, "Chọn <i>kỳ</i> báo cáo", kb)
	e := s.next(t)
	if e.Type != "sent" || e.Message == nil || e.Message.ID != sent.MessageID || e.Message.HTML != "Chọn <i>kỳ</i> báo cáo" ||
		len(e.Message.Inline) != 1 || e.Message.Inline[0][0].Data != "p:this" {
		t.Fatalf("sent event %+v", e)
	}

	r.mustOK(t, "/api/press", map[string]any{"user": an.UserID, "message": sent.MessageID, "data": "p:this"})
	if e := s.next(t); e.Type != "user" || e.Message.Press == nil {
		t.Fatalf("press event %+v", e)
	}
	cb := r.oneUpdate(t).CallbackQuery
	if _, err := r.bot.Request(tgbotapi.NewCallback(cb.ID, "Đã chọn tuần này")); err != nil {
		t.Fatal(err)
	}
	if e := s.next(t); e.Type != "answer" || e.Text != "Đã chọn tuần này" {
		t.Fatalf("answer event %+v", e)
	}
	if _, err := r.bot.Send(tgbotapi.NewEditMessageText(an.UserID, sent.MessageID, "Kỳ: tuần này")); err != nil {
		t.Fatal(err)
	}
	if e := s.next(t); e.Type != "edited" || e.Message.ID != sent.MessageID || e.Message.HTML != "Kỳ: tuần này" || e.Message.Inline != nil {
		t.Fatalf("edited event %+v", e)
	}
	if _, err := r.bot.Request(tgbotapi.NewDeleteMessage(an.UserID, sent.MessageID)); err != nil {
		t.Fatal(err)
	}
	if e := s.next(t); e.Type != "deleted" || !e.Deleted || e.Message.Key != "b"+itoa(int64(sent.MessageID)) {
		t.Fatalf("deleted event %+v", e)
	}

	// Keep-alive comments flow while nothing happens.
	deadline := time.After(5 * time.Second)
	for got := false; !got; {
		select {
		case c := <-s.comments:
			got = c == ": keep-alive"
		case <-deadline:
			t.Fatal("no keep-alive comment")
		}
	}

	// The stream ends when the page goes away.
	if n := r.sb.hub.count(); n != 1 {
		t.Fatalf("%d streams, want 1", n)
	}
	s.cancel()
	eventually(t, "the stream to end", func() bool { return r.sb.hub.count() == 0 })
}

func TestEventsEndWhenTelegramCloses(t *testing.T) {
	r := newRig(t)
	s := r.openEvents(t, an.UserID)
	r.tg.Close()
	eventually(t, "the stream to end", func() bool { return r.sb.hub.count() == 0 })
	s.cancel()
	if code, _ := r.get(t, "/api/events?user=100001"); code != http.StatusServiceUnavailable {
		t.Fatalf("events after close: %d", code)
	}
}

// A full subscriber channel means the fake may have dropped events: every
// page is told to refetch.
func TestResyncAfterPossibleDrop(t *testing.T) {
	for _, tc := range []struct {
		queued int
		resync bool
	}{{queued: 2, resync: false}, {queued: 8, resync: true}} {
		r := newRig(t)
		h := newHub(r.sb, 1)
		c, _ := h.add(chatKey{Telegram, an.UserID})
		other, _ := h.add(chatKey{Telegram, binh.UserID})
		ch := make(chan telegramtest.Event, 8)
		for i := range tc.queued {
			ch <- telegramtest.Event{Kind: telegramtest.EventSent, ChatID: an.UserID, Message: telegramtest.Message{ID: i + 1, ChatID: an.UserID}}
		}
		close(ch)
		h.runTelegram(ch)
		if c.lost.Load() != tc.resync || other.lost.Load() != tc.resync {
			t.Errorf("%d queued of 8: lost = %v, %v; want %v", tc.queued, c.lost.Load(), other.lost.Load(), tc.resync)
		}
		if n := len(c.ch); n != tc.queued {
			t.Errorf("%d queued: %d forwarded", tc.queued, n)
		}
	}
}

// A page that stops reading loses events, not the hub's time, and is
// told to refetch.
func TestSlowPageIsToldToRefetch(t *testing.T) {
	r := newRig(t)
	c, _ := r.sb.hub.add(chatKey{Telegram, an.UserID})
	for range clientBuffer + 5 {
		r.sb.hub.publish(chatKey{Telegram, an.UserID}, event{Type: "sent"})
	}
	if !c.lost.Load() || len(c.wake) != 1 {
		t.Fatalf("lost=%v wake=%d", c.lost.Load(), len(c.wake))
	}
	r.sb.hub.remove(c)
}

func TestBadRequests(t *testing.T) {
	r := newRig(t)
	for _, path := range []string{"/api/chat?user=999", "/api/chat", "/api/chat?user=abc", "/api/events?user=999", "/api/file?user=999&msg=1&kind=photo"} {
		if code, _ := r.get(t, path); code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", path, code)
		}
	}
	for _, path := range []string{"/api/send", "/api/press", "/api/contact"} {
		if code, _ := r.post(t, path, map[string]any{"user": 999, "text": "x", "message": 1, "data": "x"}); code != http.StatusBadRequest {
			t.Errorf("POST %s unknown user: %d, want 400", path, code)
		}
	}
	if code, _ := r.post(t, "/api/send", "not an object"); code != http.StatusBadRequest {
		t.Errorf("bad JSON: %d", code)
	}

	big := map[string]any{"user": an.UserID, "text": strings.Repeat("x", 70<<10)}
	if code, _ := r.post(t, "/api/send", big); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", code)
	}
	raw, _ := json.Marshal(big)
	req, _ := http.NewRequest(http.MethodPost, r.web.URL+"/api/send", hiddenLength{bytes.NewReader(raw)})
	req.Header.Set("Content-Type", "application/json")
	if code, _ := r.do(t, req); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized chunked body: %d, want 413", code)
	}

	req, _ = http.NewRequest(http.MethodPost, r.web.URL+"/api/send", strings.NewReader(`{"user":100001,"text":"x"}`))
	req.Header.Set("Content-Type", "text/plain")
	if code, _ := r.do(t, req); code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain body: %d, want 415", code)
	}
	if code, _ := r.get(t, "/api/send"); code != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/send: %d, want 405", code)
	}
	if n := r.tg.PendingUpdates(); n != 0 {
		t.Fatalf("refused requests reached Telegram: %d updates", n)
	}
}

// hostOrigin sets a request's Host and, unless empty, its Origin.
func hostOrigin(host, origin string) func(*http.Request) {
	return func(q *http.Request) {
		q.Host = host
		if origin != "" {
			q.Header.Set("Origin", origin)
		}
	}
}

// A POST is taken when addressed to a literal IP address (a phone on the
// office's network opening http://192.168.1.20:8080) or to localhost, from
// that same origin or from no page at all; host names, which DNS can
// rebind, and other origins are refused.
func TestCrossOriginRefused(t *testing.T) {
	r := newRig(t)
	body := `{"user":100001,"text":"/start"}`
	post := func(set func(*http.Request)) (int, []byte) {
		req, _ := http.NewRequest(http.MethodPost, r.web.URL+"/api/send", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		set(req)
		return r.do(t, req)
	}
	for name, set := range map[string]func(*http.Request){
		"foreign origin":                func(q *http.Request) { q.Header.Set("Origin", "http://evil.example") },
		"null origin":                   func(q *http.Request) { q.Header.Set("Origin", "null") },
		"other local port":              func(q *http.Request) { q.Header.Set("Origin", "http://127.0.0.1:1") },
		"rebound host":                  func(q *http.Request) { q.Host = "evil.example" },
		"evil.example, own origin":      hostOrigin("evil.example:8080", "http://evil.example:8080"),
		"nip.io name of a LAN IP":       hostOrigin("192.168.1.20.nip.io:8080", "http://192.168.1.20.nip.io:8080"),
		"cross-site fetch":              func(q *http.Request) { q.Header.Set("Sec-Fetch-Site", "cross-site") },
		"https foreign org":             func(q *http.Request) { q.Header.Set("Origin", "https://evil.example:443") },
		"LAN IP, foreign origin":        hostOrigin("192.168.1.20:8080", "http://evil.example"),
		"LAN IP, another LAN page":      hostOrigin("192.168.1.20:8080", "http://192.168.1.21:8080"),
		"LAN IP, another port":          hostOrigin("192.168.1.20:8080", "http://192.168.1.20:3000"),
		"LAN IP, https origin for http": hostOrigin("192.168.1.20:8080", "https://192.168.1.20:8080"),
		"LAN IP, null origin":           hostOrigin("192.168.1.20:8080", "null"),
		"LAN IP, cross-site fetch": func(q *http.Request) {
			hostOrigin("192.168.1.20:8080", "")(q)
			q.Header.Set("Sec-Fetch-Site", "cross-site")
		},
	} {
		if code, _ := post(set); code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, code)
		}
	}
	if n := r.tg.PendingUpdates(); n != 0 {
		t.Fatalf("refused requests reached Telegram: %d updates", n)
	}
	// The page's own origin, and a client that sends no Origin, are fine.
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "/start"})
	for name, set := range map[string]func(*http.Request){
		"no origin":               func(*http.Request) {},
		"LAN IP":                  hostOrigin("192.168.1.20:8080", "http://192.168.1.20:8080"),
		"LAN IP, no origin":       hostOrigin("192.168.1.20:8080", ""),
		"LAN IP, default port":    hostOrigin("10.0.0.7", "http://10.0.0.7"),
		"IPv6 LAN address":        hostOrigin("[fd00::20]:8080", "http://[fd00::20]:8080"),
		"every interface":         hostOrigin("0.0.0.0:8080", "http://0.0.0.0:8080"),
		"localhost":               hostOrigin("localhost:8080", "http://localhost:8080"),
		"localhost, other casing": hostOrigin("LocalHost:8080", "http://localhost:8080"),
	} {
		if code, raw := post(set); code != http.StatusOK {
			t.Errorf("%s: %d %s, want 200", name, code, raw)
		}
	}
}

func TestActions(t *testing.T) {
	r := newRig(t)
	r.mustOK(t, "/api/action", map[string]any{"id": "digest"})
	if code, _ := r.post(t, "/api/action", map[string]any{"id": "nope"}); code != http.StatusNotFound {
		t.Fatalf("unknown action: %d", code)
	}
	r.mu.Lock()
	r.actErr = errors.New("không gửi được")
	r.mu.Unlock()
	code, raw := r.post(t, "/api/action", map[string]any{"id": "digest"})
	if code != http.StatusInternalServerError || !strings.Contains(string(raw), "không gửi được") {
		t.Fatalf("failing action: %d %s", code, raw)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !reflect.DeepEqual(r.actions, []string{"digest", "digest"}) {
		t.Fatalf("actions %v", r.actions)
	}
}

func TestFixedHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost": true, "LOCALHOST:80": true, "[::1]:8080": true, "::1": true,
		"app.localhost:3000": true, "127.1.2.3": true, "0.0.0.0:8080": true, "192.168.1.2": true,
		"192.168.1.20:8080": true, "[fd00::20]:8080": true, "[fe80::1]": true, "10.0.0.7:80": true,
		"example.com": false, "127.0.0.1.nip.io": false, "": false, "evil.example:8080": false,
		"localhost.evil.example": false, "192.168.1.20.nip.io:8080": false, "fieldbot.lan:8080": false,
	} {
		if got := fixedHost(host); got != want {
			t.Errorf("fixedHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestSplitName(t *testing.T) {
	for name, want := range map[string][2]string{
		"Nguyễn Văn An": {"An", "Nguyễn Văn"}, "Minh": {"Minh", ""}, "  ": {"Người dùng", ""},
	} {
		if f, l := splitName(name); f != want[0] || l != want[1] {
			t.Errorf("splitName(%q) = %q, %q", name, f, l)
		}
	}
}

// Every endpoint checks Host, GETs included: a page whose host name is
// rebound to the sandbox's address must not read the roster or the chats.
func TestEveryEndpointChecksHost(t *testing.T) {
	r := newRig(t)
	paths := []string{"/", "/static/app.js", "/api/people", "/api/meta", "/api/texts",
		"/api/chat?user=100001", "/api/file?id=1", "/api/events", "/files/x"}
	for _, path := range paths {
		for _, host := range []string{"rebind.attacker.example", "rebind.attacker.example:8080", "192.168.1.20.nip.io"} {
			req, _ := http.NewRequest(http.MethodGet, r.web.URL+path, nil)
			req.Host = host
			code, body := r.do(t, req)
			if code != http.StatusForbidden {
				t.Errorf("GET %s with Host %s: %d, want 403", path, host, code)
			}
			if strings.Contains(string(body), "Nguyễn") {
				t.Errorf("GET %s with Host %s answered with the roster: %s", path, host, body)
			}
		}
	}
	for _, host := range []string{"", "localhost:8080", "192.168.1.20:8080"} {
		req, _ := http.NewRequest(http.MethodGet, r.web.URL+"/api/people", nil)
		if host != "" {
			req.Host = host
		}
		if code, body := r.do(t, req); code != http.StatusOK {
			t.Errorf("GET /api/people with Host %q: %d %s, want 200", host, code, body)
		}
	}
}
