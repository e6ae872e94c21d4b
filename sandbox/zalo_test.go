package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/fieldbot/fieldbot/zalotest"
)

const zaloToken = "1234567890:zalo-sandbox-test"

// zaloRig is a sandbox with both fakes, an invitation issuer and a file
// server for public links; the test stands in for the bot on Zalo.
type zaloRig struct {
	*rig
	zl *zalotest.Server

	mu      sync.Mutex
	invited []string // phones a code was asked for
}

func newZaloRig(t *testing.T) *zaloRig {
	t.Helper()
	base := newRig(t) // its sandbox is replaced below; its fake Telegram is reused
	r := &zaloRig{rig: base, zl: zalotest.New(zaloToken)}
	t.Cleanup(r.zl.Close)
	pic := pngBytes(t)
	files := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/files/chart.png" {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(pic)
	})
	r.sb = New(Options{
		TG: r.tg, Zalo: r.zl, People: []Person{an, binh, minh, {UserID: 100009, Name: "Không Số"}},
		Files: files,
		Invite: func(_ context.Context, phone string) (string, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.invited = append(r.invited, phone)
			if phone == binh.Phone {
				return "", errors.New("store is closed")
			}
			return "K7PQ-2MXA", nil
		},
	})
	r.web.Close()
	r.web = httptest.NewServer(r.sb)
	t.Cleanup(r.web.Close)
	return r
}

// botCall calls the fake Zalo's Bot API as the bot would.
func (r *zaloRig) botCall(t *testing.T, method string, params map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(params)
	res, err := http.Post(r.zl.URL()+"/bot"+zaloToken+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var env struct {
		OK          bool           `json:"ok"`
		Result      map[string]any `json:"result"`
		Description string         `json:"description"`
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil || !env.OK {
		t.Fatalf("%s: ok=%v %s %v", method, env.OK, env.Description, err)
	}
	return env.Result
}

func (r *zaloRig) zaloChat(t *testing.T, userID int64) chatResponse {
	t.Helper()
	code, raw := r.get(t, "/api/chat?channel=zalo&user="+itoa(userID))
	var c chatResponse
	if code != http.StatusOK || json.Unmarshal(raw, &c) != nil {
		t.Fatalf("zalo chat: %d %s", code, raw)
	}
	return c
}

// A person chats on Zalo through the page: the bot sees a Zalo user with
// the person's name, the page shows the bot's plain text with clickable
// links and the photo the fake downloaded from the public link, and the
// person's Telegram chat is untouched.
func TestZaloChat(t *testing.T) {
	r := newZaloRig(t)
	code, raw := r.get(t, "/api/meta")
	var meta struct {
		Channels []string
		Invite   bool
	}
	if code != http.StatusOK || json.Unmarshal(raw, &meta) != nil || strings.Join(meta.Channels, ",") != "telegram,zalo" || !meta.Invite {
		t.Fatalf("meta: %d %s", code, raw)
	}
	code, raw = r.get(t, "/api/people")
	var people []Person
	if code != http.StatusOK || json.Unmarshal(raw, &people) != nil || people[0].ZaloID != zaloIDOf(an.UserID) {
		t.Fatalf("people: %d %s", code, raw)
	}

	events := r.openEventsQuery(t, "channel=zalo&user="+itoa(an.UserID))
	tgEvents := r.openEvents(t, an.UserID)
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "channel": "zalo", "text": "tien do"})
	if e := events.next(t); e.Type != "user" || e.Channel != "zalo" || e.Chat != an.UserID || e.Message.Text != "tien do" {
		t.Fatalf("user event %+v", e)
	}
	up := r.botCall(t, "getUpdates", nil)
	msg, _ := up["message"].(map[string]any)
	from, _ := msg["from"].(map[string]any)
	if msg["text"] != "tien do" || from["id"] != zaloIDOf(an.UserID) || from["display_name"] != an.Name {
		t.Fatalf("the bot got %v", up)
	}

	r.botCall(t, "sendMessage", map[string]any{"chat_id": zaloIDOf(an.UserID),
		"text": "📎 Bảng tính <b>tuần 48</b>: http://127.0.0.1/files/x.xlsx. Hết."})
	e := events.next(t)
	wantHTML := `📎 Bảng tính &lt;b&gt;tuần 48&lt;/b&gt;: <a href="http://127.0.0.1/files/x.xlsx" target="_blank" rel="noopener noreferrer">http://127.0.0.1/files/x.xlsx</a>. Hết.`
	if e.Type != "sent" || e.Channel != "zalo" || e.Message == nil || e.Message.HTML != wantHTML || e.Keyboard != nil {
		t.Fatalf("sent event %+v", e)
	}

	// The fake downloads the photo from the sandbox's own /files/, as Zalo
	// would from public_url.
	r.botCall(t, "sendPhoto", map[string]any{"chat_id": zaloIDOf(an.UserID), "photo": r.web.URL + "/files/chart.png", "caption": "Biểu đồ"})
	if e := events.next(t); e.Type != "sent" || e.Message.Photo == nil || e.Message.HTML != "Biểu đồ" {
		t.Fatalf("photo event %+v", e)
	}
	c := r.zaloChat(t, an.UserID)
	if len(c.Messages) != 3 || c.Messages[0].Text != "tien do" || c.Messages[1].HTML != wantHTML || c.Messages[2].Photo == nil {
		t.Fatalf("zalo chat %+v", c.Messages)
	}
	res, err := r.web.Client().Get(r.web.URL + "/" + c.Messages[2].Photo.URL)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body.Bytes(), pngBytes(t)) {
		t.Fatalf("photo: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), body.Len())
	}
	if code, _ := r.get(t, "/api/file?channel=zalo&user="+itoa(binh.UserID)+"&msg="+strings.TrimPrefix(c.Messages[2].Key, "z")+"&kind=photo"); code != http.StatusNotFound {
		t.Fatalf("another person's photo: %d", code)
	}
	if code, _ := r.get(t, "/api/file?channel=zalo&user="+itoa(an.UserID)+"&msg="+strings.TrimPrefix(c.Messages[1].Key, "z")+"&kind=photo"); code != http.StatusNotFound {
		t.Fatalf("a text message's photo: %d", code)
	}

	// Telegram is another chat: empty, and its stream saw nothing of Zalo.
	if tc := r.chat(t, an.UserID); len(tc.Messages) != 0 {
		t.Fatalf("telegram chat %+v", tc.Messages)
	}
	r.mustOK(t, "/api/send", map[string]any{"user": an.UserID, "text": "/start"})
	if e := tgEvents.next(t); e.Type != "user" || e.Channel != "telegram" || e.Message.Text != "/start" {
		t.Fatalf("the telegram stream's first event is %+v", e)
	}
}

func TestZaloInviteAndRefusals(t *testing.T) {
	r := newZaloRig(t)
	code, raw := r.post(t, "/api/invite", map[string]any{"user": an.UserID, "channel": "zalo"})
	var got struct{ Code string }
	if code != http.StatusOK || json.Unmarshal(raw, &got) != nil || got.Code != "K7PQ-2MXA" {
		t.Fatalf("invite: %d %s", code, raw)
	}
	for _, tc := range []struct {
		path   string
		body   map[string]any
		status int
	}{
		{"/api/invite", map[string]any{"user": 100009, "channel": "zalo"}, http.StatusBadRequest}, // no phone
		{"/api/invite", map[string]any{"user": binh.UserID, "channel": "zalo"}, http.StatusInternalServerError},
		{"/api/invite", map[string]any{"user": 4242, "channel": "zalo"}, http.StatusBadRequest},
		{"/api/press", map[string]any{"user": an.UserID, "channel": "zalo", "message": 1, "data": "x"}, http.StatusBadRequest},
		{"/api/contact", map[string]any{"user": an.UserID, "channel": "zalo"}, http.StatusBadRequest},
		{"/api/send", map[string]any{"user": an.UserID, "channel": "viber", "text": "hi"}, http.StatusBadRequest},
	} {
		if code, raw := r.post(t, tc.path, tc.body); code != tc.status {
			t.Errorf("POST %s %v: %d %s, want %d", tc.path, tc.body, code, raw, tc.status)
		}
	}
	r.mu.Lock()
	if strings.Join(r.invited, " ") != an.Phone+" "+binh.Phone {
		t.Errorf("codes asked for %v", r.invited)
	}
	r.mu.Unlock()
	if r.zl.Pending() != 0 {
		t.Errorf("%d updates reached the fake Zalo from refused requests", r.zl.Pending())
	}

	// A page without Zalo or invitations says so.
	plain := newRig(t)
	if code, _ := plain.post(t, "/api/send", map[string]any{"user": an.UserID, "channel": "zalo", "text": "hi"}); code != http.StatusBadRequest {
		t.Errorf("zalo without a fake Zalo: %d", code)
	}
	if code, _ := plain.post(t, "/api/invite", map[string]any{"user": an.UserID}); code != http.StatusNotImplemented {
		t.Errorf("invite without an issuer: %d", code)
	}
	if code, _ := plain.get(t, "/api/chat?channel=zalo&user="+itoa(an.UserID)); code != http.StatusBadRequest {
		t.Errorf("zalo chat without a fake Zalo: %d", code)
	}
}
