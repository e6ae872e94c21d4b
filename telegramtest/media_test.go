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

func TestUserSendsDocument(t *testing.T) {
	srv, bot := newBot(t)
	data := []byte("phone,name,unit,role\n0912345678,Nguyễn Văn An,kv1,officer\n")
	srv.SendDocument(alice, "danh-sach.csv", data, "")
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 0})
	if err != nil || len(updates) != 1 {
		t.Fatalf("getUpdates: %d updates, %v", len(updates), err)
	}
	m := updates[0].Message
	if m == nil || m.Document == nil || m.Document.FileName != "danh-sach.csv" || m.Document.FileSize != len(data) || m.Document.MimeType != "text/csv; charset=utf-8" || m.Caption != "" {
		t.Fatalf("message %+v, document %+v", m, m.Document)
	}
	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: m.Document.FileID})
	if err != nil || f.FilePath == "" || f.FileSize != len(data) {
		t.Fatalf("getFile: %+v %v", f, err)
	}
	download := func(token, path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL() + "/file/bot" + token + "/" + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	if code, got := download(testToken, f.FilePath); code != http.StatusOK || !bytes.Equal(got, data) {
		t.Fatalf("download: %d, %q", code, got)
	}
	if code, _ := download("123:wrong", f.FilePath); code != http.StatusUnauthorized {
		t.Fatalf("download with a wrong token: %d, want 401", code)
	}
	if code, _ := download(testToken, f.FilePath+"x"); code != http.StatusNotFound {
		t.Fatalf("download of an unknown path: %d, want 404", code)
	}

	// file_size is optional in an update; the caption comes through.
	srv.SendDocumentAs(alice, Document{Name: "b.xlsx", Data: []byte("PK\x03\x04"), Caption: "danh sách", HideSize: true})
	updates, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: updates[0].UpdateID + 1})
	if len(updates) != 1 || updates[0].Message.Document.FileSize != 0 || updates[0].Message.Caption != "danh sách" {
		t.Fatalf("unsized document: %+v", updates)
	}
	if f, err := bot.GetFile(tgbotapi.FileConfig{FileID: updates[0].Message.Document.FileID}); err != nil || f.FileSize != 0 || f.FilePath == "" {
		t.Fatalf("getFile of an unsized document: %+v, %v", f, err)
	}

	// A file Telegram no longer has, and one over the 20 MB a bot may fetch.
	srv.ForgetFile(m.Document.FileID)
	_, err = bot.GetFile(tgbotapi.FileConfig{FileID: m.Document.FileID})
	wantRejected(t, err, "invalid file_id")
	srv.SendDocument(alice, "big.csv", make([]byte, 20<<20+1), "")
	updates, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: updates[0].UpdateID + 1})
	_, err = bot.GetFile(tgbotapi.FileConfig{FileID: updates[0].Message.Document.FileID})
	wantRejected(t, err, "file is too big")
}
