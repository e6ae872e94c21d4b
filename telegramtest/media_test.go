package telegramtest

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSendPhotoFileBytes(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	data := pngBytes(t, 64, 32)
	photo := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "chart.png", Bytes: data})
	photo.Caption = "<b>Biểu đồ</b> tuần"
	photo.ParseMode = tgbotapi.ModeHTML
	photo.ReplyMarkup = keyboard("more")
	sent, err := bot.Send(photo)
	if err != nil {
		t.Fatalf("sendPhoto: %v", err)
	}
	if len(sent.Photo) == 0 || sent.Photo[0].Width != 64 || sent.Photo[0].Height != 32 || sent.Caption != "Biểu đồ tuần" {
		t.Fatalf("returned %+v", sent)
	}
	m, _ := srv.LastMessage(alice.ID)
	if m.Photo == nil || !bytes.Equal(m.Photo.Data, data) || m.Photo.Name != "chart.png" || m.Photo.Caption != photo.Caption || m.PlainText() != "Biểu đồ tuần" {
		t.Fatalf("stored %+v", m.Photo)
	}

	// The file_id can be sent again and downloaded through getFile.
	again := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID(sent.Photo[0].FileID))
	if _, err := bot.Send(again); err != nil {
		t.Fatalf("resend by file_id: %v", err)
	}
	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: sent.Photo[0].FileID})
	if err != nil || f.FilePath == "" {
		t.Fatalf("getFile: %+v %v", f, err)
	}
	resp, err := http.Get(srv.URL() + "/file/bot" + testToken + "/" + f.FilePath)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes", len(got))
	}
	// Edit the caption.
	ec := tgbotapi.NewEditMessageCaption(alice.ID, sent.MessageID, "mới")
	if _, err := bot.Send(ec); err != nil {
		t.Fatalf("editMessageCaption: %v", err)
	}
	if msgs := srv.Messages(alice.ID); msgs[0].Photo.Caption != "mới" || msgs[0].Edits != 1 {
		t.Fatalf("after caption edit %+v", msgs[0])
	}
	noRejections(t, srv)

	bad := []struct {
		name string
		cfg  tgbotapi.Chattable
		want string
	}{
		{"not an image", tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "x.png", Bytes: []byte("not a png")}), "IMAGE_PROCESS_FAILED"},
		{"unknown file_id", tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("nope")), "wrong file identifier"},
		{"long caption", func() tgbotapi.PhotoConfig {
			p := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "c.png", Bytes: data})
			p.Caption = strings.Repeat("c", 1025)
			return p
		}(), "caption is too long"},
		{"empty document", tgbotapi.NewDocument(alice.ID, tgbotapi.FileBytes{Name: "e.csv"}), "file must be non-empty"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bot.Send(tc.cfg)
			// The client drops the error code of multipart uploads (Code 0).
			e := apiErr(t, err)
			if !strings.Contains(e.Message, tc.want) {
				t.Fatalf("got %q, want %q", e.Message, tc.want)
			}
		})
	}
	if len(srv.Rejections()) != len(bad) {
		t.Fatalf("rejections %+v", srv.Rejections())
	}
}

func TestSendDocument(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddUser(alice)
	doc := tgbotapi.NewDocument(alice.ID, tgbotapi.FileBytes{Name: "bao-cao.csv", Bytes: []byte("a,b\n1,2\n")})
	doc.Caption = "Báo cáo"
	sent, err := bot.Send(doc)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Document == nil || sent.Document.FileName != "bao-cao.csv" || sent.Document.MimeType != "text/csv; charset=utf-8" {
		t.Fatalf("returned document %+v", sent.Document)
	}
	m, _ := srv.LastMessage(alice.ID)
	if m.Document == nil || string(m.Document.Data) != "a,b\n1,2\n" || m.Document.Caption != "Báo cáo" {
		t.Fatalf("stored %+v", m.Document)
	}
	byURL := tgbotapi.NewDocument(alice.ID, tgbotapi.FileURL("https://example.com/r.pdf"))
	if _, err := bot.Send(byURL); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.LastMessage(alice.ID); m.Document.URL != "https://example.com/r.pdf" {
		t.Fatalf("URL document %+v", m.Document)
	}
	noRejections(t, srv)
}
