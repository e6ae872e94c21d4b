package bot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// TestInvitationLinkAndQR: a leader's /moi on Telegram gets the code with
// the t.me link that opens the bot with it, and a QR image of that link
// (a PNG of at least 400 px, naming the person and the expiry); opening
// the link — Telegram then sends "/start CODE" from the person who opened
// it — links that person's account.
func TestInvitationLinkAndQR(t *testing.T) {
	o := newOffice(t)
	o.bind(tgBich, leaderBich)
	o.start([]fieldbot.Person{officerAn, leaderBich}, time.Hour)

	o.say(tgBich, "/moi "+officerAn.Phone, "t.me/")
	var text telegramtest.Message
	for _, m := range o.tg.Messages(tgBich.ID) {
		if strings.Contains(m.PlainText(), "t.me/") {
			text = m
		}
	}
	link := regexp.MustCompile(`https://t\.me/\S+`).FindString(text.PlainText())
	code := regexp.MustCompile(`Mã mời cho .*: ([A-Z0-9]{4})-([A-Z0-9]{4})`).FindStringSubmatch(text.PlainText())
	if code == nil {
		t.Fatalf("the invitation shows no code: %q", text.PlainText())
	}
	want := "https://t.me/" + telegramtest.BotUsername + "?start=" + code[1] + code[2]
	if link != want || bot.InviteLink(telegramtest.BotUsername, code[1]+code[2]) != want {
		t.Fatalf("the invitation's link is %q; want %q in:\n%s", link, want, text.PlainText())
	}

	// The QR image follows the text.
	var photo *telegramtest.File
	o.eventually("the QR image", func() bool {
		for _, m := range o.tg.Messages(tgBich.ID) {
			if m.ID > text.ID && m.Photo != nil {
				photo = m.Photo
				return true
			}
		}
		return false
	})
	img, err := png.Decode(bytes.NewReader(photo.Data))
	if err != nil {
		t.Fatalf("the QR photo is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 400 {
		t.Errorf("the QR image is %dx%d; want at least 400x400", b.Dx(), b.Dy())
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	read, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR image does not read as a QR code: %v", err)
	}
	if read.GetText() != link {
		t.Errorf("the QR image reads %q; want the link %q", read.GetText(), link)
	}
	for _, want := range []string{officerAn.Name, "hết hạn lúc", code[1] + "-" + code[2], "@" + telegramtest.BotUsername} {
		if !strings.Contains(photo.Caption, want) {
			t.Errorf("the QR image's caption %q does not say %q", photo.Caption, want)
		}
	}

	// Opening the link: Telegram sends "/start CODE" from the new person.
	payload := strings.TrimPrefix(link, "https://t.me/"+telegramtest.BotUsername+"?start=")
	o.tg.AddUser(tgAn)
	o.say(tgAn, "/start "+payload, "Xin chào "+officerAn.Name)
	var a store.Account
	var ok bool
	err = o.db.View(func(tx *store.Tx) error {
		a, ok, err = tx.Account(bot.Channel, fmt.Sprint(tgAn.ID))
		return err
	})
	if err != nil || !ok || a.Phone != officerAn.Phone {
		t.Errorf("after opening the link the account is %+v (found %v, %v); want bound to %s", a, ok, err, officerAn.Phone)
	}
	// The code worked once.
	tgKhai := telegramtest.User{ID: 1009, FirstName: "Khải", LanguageCode: "vi"}
	o.tg.AddUser(tgKhai)
	o.say(tgKhai, "/start "+payload, "không đúng, đã dùng")
	for _, r := range o.tg.Rejections() {
		t.Errorf("Telegram would have refused %s: %s", r.Method, r.Reason)
	}
}

// TestRefusedQRLeavesTheLink: a QR image Telegram refuses is replaced by a
// line saying so; the text with the link has gone out.
func TestRefusedQRLeavesTheLink(t *testing.T) {
	o := newOffice(t)
	o.bind(tgBich, leaderBich)
	o.start([]fieldbot.Person{officerAn, leaderBich}, time.Hour)
	o.tg.FailNext("sendPhoto", 400, 0, "Bad Request: IMAGE_PROCESS_FAILED")
	o.tg.SendText(tgBich, "/moi "+officerAn.Phone)
	o.eventually("the link and the line in place of the QR image", func() bool {
		var link, line bool
		for _, m := range o.tg.Messages(tgBich.ID) {
			link = link || strings.Contains(m.PlainText(), "https://t.me/"+telegramtest.BotUsername+"?start=")
			line = line || strings.Contains(m.PlainText(), "Không gửi được ảnh mã QR")
		}
		return link && line
	})
}
