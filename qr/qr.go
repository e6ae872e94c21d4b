// Package qr draws QR codes as PNG images: an invitation's Telegram link a
// unit can print for a meeting, or send as a photo. It is the only importer
// of the QR library (github.com/skip2/go-qrcode).
//
// The image is square, black modules on white with the standard quiet zone
// of four modules around them, at error correction level M (15% of the
// code may be smudged or folded and it still reads): enough for a printed
// sheet passed round a meeting room without making the modules of a short
// link small.
package qr

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// MinSize is the smallest image PNG draws: below it the modules of a link
// printed on paper or shown on a phone are too small to scan reliably.
const MinSize = 400

// MaxText is the longest text PNG encodes. A QR code holds more, but its
// modules then get too small to scan from a printed page.
const MaxText = 300

// PNG draws text as a QR code in a size×size PNG image (size at least
// MinSize). The same text and size give the same bytes.
func PNG(text string, size int) ([]byte, error) {
	switch {
	case text == "":
		return nil, fmt.Errorf("qr: nothing to encode")
	case len(text) > MaxText:
		return nil, fmt.Errorf("qr: text of %d bytes is longer than %d", len(text), MaxText)
	case size < MinSize:
		return nil, fmt.Errorf("qr: size %d is below %d pixels", size, MinSize)
	}
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return code.PNG(size)
}
