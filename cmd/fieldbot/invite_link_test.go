package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/fieldbot/fieldbot/invitedrop"
)

// TestInviteCommandPrintsTheTelegramLink: with a Telegram token, `fieldbot
// invite` prints the t.me link of the code once the bot has recorded its
// name, and -qr writes its QR image; before that it prints the code alone
// and says why, and -qr is refused before any code is issued.
func TestInviteCommandPrintsTheTelegramLink(t *testing.T) {
	dir, cfg := exportOffice(t)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	run := func(getenv func(string) string, args ...string) (string, string, error) {
		var out, errs strings.Builder
		env := Env{Getenv: getenv, Stdout: &out, Stderr: &errs, Now: func() time.Time { return now }}
		err := inviteCommand(context.Background(), append([]string{"-config", cfg, "-phone", "0912345678"}, args...), env)
		return out.String(), errs.String(), err
	}
	withToken := func(k string) string {
		if k == "FIELDBOT_TELEGRAM_TOKEN" {
			return token
		}
		return ""
	}
	codeRE := regexp.MustCompile(`([A-Z2-9]{4})-([A-Z2-9]{4})`)

	// The bot has never run: the code, and why there is no link.
	out, errs, err := run(withToken)
	if err != nil || !codeRE.MatchString(out) || strings.Contains(out, "t.me") || !strings.Contains(errs, "no Telegram link") {
		t.Fatalf("invite before the bot ran: %v\nstdout:\n%s\nstderr:\n%s", err, out, errs)
	}
	qrFile := filepath.Join(dir, "moi.png")
	if out, _, err := run(withToken, "-qr", qrFile); err == nil || codeRE.MatchString(out) {
		t.Fatalf("invite -qr before the bot ran = %v, printing %q; want refused before a code is issued", err, out)
	}

	// The bot recorded its name at start.
	if err := invitedrop.SaveTelegramUsername(filepath.Join(dir, "data"), "thads_dongthap_bot"); err != nil {
		t.Fatal(err)
	}
	out, errs, err = run(withToken, "-qr", qrFile)
	if err != nil {
		t.Fatalf("invite -qr: %v\n%s%s", err, out, errs)
	}
	code := codeRE.FindStringSubmatch(out)
	link := "https://t.me/thads_dongthap_bot?start=" + code[1] + code[2]
	if !strings.Contains(out, link) {
		t.Errorf("invite printed no link %s:\n%s", link, out)
	}
	data, err := os.ReadFile(qrFile)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("-qr wrote no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 {
		t.Errorf("-qr wrote a %dx%d image; want at least 400 px", b.Dx(), b.Dy())
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	if read, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil); err != nil || read.GetText() != link {
		t.Errorf("-qr's image reads %v, %v; want %s", read, err, link)
	}

}
