package qr_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/fieldbot/fieldbot/qr"
)

// decode reads the image back with an independent QR decoder.
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode the QR code: %v", err)
	}
	return res.GetText()
}

func TestPNGDecodesToItsText(t *testing.T) {
	for _, tc := range []struct {
		text string
		size int
	}{
		{"https://t.me/fieldbot_test_bot?start=K7PQ2MXA", 400},
		{"https://t.me/thads_dongthap_bot?start=ABCDEFGH", 512},
		{"K7PQ2MXA", 1024},
	} {
		data, err := qr.PNG(tc.text, tc.size)
		if err != nil {
			t.Fatalf("PNG(%q, %d): %v", tc.text, tc.size, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("PNG(%q, %d) is not a PNG: %v", tc.text, tc.size, err)
		}
		if b := img.Bounds(); b.Dx() != tc.size || b.Dy() != tc.size {
			t.Errorf("PNG(%q, %d) is %dx%d; want %dx%d", tc.text, tc.size, b.Dx(), b.Dy(), tc.size, tc.size)
		}
		if got := decode(t, img); got != tc.text {
			t.Errorf("PNG(%q, %d) decodes as %q; want %q", tc.text, tc.size, got, tc.text)
		}
	}
}

func TestPNGDiffersByText(t *testing.T) {
	a, err := qr.PNG("https://t.me/b?start=AAAAAAAA", 400)
	if err != nil {
		t.Fatal(err)
	}
	b, err := qr.PNG("https://t.me/b?start=AAAAAAAB", 400)
	if err != nil {
		t.Fatal(err)
	}
	again, err := qr.PNG("https://t.me/b?start=AAAAAAAA", 400)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Error("two different texts gave the same image")
	}
	if !bytes.Equal(a, again) {
		t.Error("the same text gave two different images")
	}
}

func TestPNGRefuses(t *testing.T) {
	for _, tc := range []struct {
		text string
		size int
	}{
		{"", 400},
		{"K7PQ2MXA", 399},
		{"K7PQ2MXA", 0},
		{strings.Repeat("x", qr.MaxText+1), 400},
	} {
		if _, err := qr.PNG(tc.text, tc.size); err == nil {
			t.Errorf("PNG(%d bytes, %d) = nil error; want a refusal", len(tc.text), tc.size)
		}
	}
}
