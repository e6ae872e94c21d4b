// Package links serves stored files (digest charts, spreadsheets) at
// unguessable, expiring URLs: Zalo fetches a photo from a public URL
// instead of taking an upload, and a spreadsheet can only be offered as a
// link there.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Prefix is the path under which files are served.
const Prefix = "/files/"

// Files reads a stored file by ref; store.DB.File implements it.
type Files func(ref string) ([]byte, bool, error)

// Signer makes and checks links.
type Signer struct {
	Key  []byte
	Base string // the public URL, e.g. "https://fieldbot.example.gov.vn"
	Now  func() time.Time
}

// URL is a link to a stored file that works until expires.
func (s Signer) URL(ref, name string, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 10)
	return strings.TrimRight(s.Base, "/") + Prefix + ref + "/" + exp + "/" + s.sign(ref, exp) + "/" + path.Base("/"+name)
}

func (s Signer) sign(ref, exp string) string {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(ref + "/" + exp))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Sign authenticates msg for one purpose ("upload") with the links key. A
// value signed for one purpose never passes for another, nor for a file
// link, whose signatures cover only "ref/expiry".
func (s Signer) Sign(purpose, msg string) string {
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte("fieldbot:" + purpose + "\x00" + msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Verify reports, in constant time, whether sig is Sign(purpose, msg).
func (s Signer) Verify(purpose, msg, sig string) bool {
	return hmac.Equal([]byte(sig), []byte(s.Sign(purpose, msg)))
}

// Handler serves Prefix + ref/expiry/signature/name; anything forged,
// altered or expired is a 404 that says nothing more.
func (s Signer) Handler(files Files) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, Prefix), "/")
		if len(parts) != 4 {
			http.NotFound(w, r)
			return
		}
		ref, exp, sig, name := parts[0], parts[1], parts[2], parts[3]
		unix, err := strconv.ParseInt(exp, 10, 64)
		if err != nil || !hmac.Equal([]byte(sig), []byte(s.sign(ref, exp))) || !s.Now().Before(time.Unix(unix, 0)) {
			http.NotFound(w, r)
			return
		}
		data, ok, err := files(ref)
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "private, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if strings.HasSuffix(name, ".xlsx") {
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		} else {
			w.Header().Set("Content-Type", http.DetectContentType(data))
		}
		_, _ = w.Write(data)
	})
}
