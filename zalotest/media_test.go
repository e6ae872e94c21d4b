package zalotest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func imageServer(t *testing.T) *httptest.Server {
	t.Helper()
	img := pngBytes(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/chart.png", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(img) })
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html><body>no</body></html>")) })
	is := httptest.NewServer(mux)
	t.Cleanup(is.Close)
	return is
}

func TestSendPhotoFetches(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	is := imageServer(t)
	u := is.URL + "/chart.png"
	mustOK(t, call(t, s, "sendPhoto", map[string]any{"chat_id": alice.ID, "photo": u, "caption": "Tuần này"}))
	msgs := s.Messages(alice.ID)
	if len(msgs) != 1 {
		t.Fatalf("messages %+v", msgs)
	}
	m := msgs[0]
	if m.Kind != KindPhoto || m.PhotoURL != u || m.Caption != "Tuần này" || !bytes.Equal(m.Photo, pngBytes(t)) {
		t.Fatalf("photo message %+v", m)
	}
}

func TestSendPhotoRefusals(t *testing.T) {
	s := newTest(t)
	s.SendText(alice, "hi")
	is := imageServer(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/chart.png"
	dead.Close()
	for _, tc := range []struct{ name, photo, caption string }{
		{"unreachable", deadURL, ""},
		{"not found", is.URL + "/missing.png", ""},
		{"not an image", is.URL + "/page.html", ""},
		{"not a URL", "chart.png", ""},
		{"ftp", "ftp://example.com/a.png", ""},
		{"long caption", is.URL + "/chart.png", strings.Repeat("á", MaxCaptionRunes+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustFail(t, call(t, s, "sendPhoto", map[string]any{"chat_id": alice.ID, "photo": tc.photo, "caption": tc.caption}), http.StatusBadRequest)
		})
	}
	if len(s.Messages(alice.ID)) != 0 {
		t.Fatal("a refused photo was stored")
	}
	if len(s.Rejections()) != 6 {
		t.Fatalf("rejections %+v", s.Rejections())
	}
	// A caption of exactly the limit is fine.
	mustOK(t, call(t, s, "sendPhoto", map[string]any{"chat_id": alice.ID, "photo": is.URL + "/chart.png", "caption": strings.Repeat("á", MaxCaptionRunes)}))
}
