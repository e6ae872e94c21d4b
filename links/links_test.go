package links_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/links"
)

func TestSignedExpiringLinks(t *testing.T) {
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	png := []byte("\x89PNG\r\n\x1a\n chart")
	files := func(ref string) ([]byte, bool, error) {
		if ref == "abc123" {
			return png, true, nil
		}
		return nil, false, nil
	}
	s := links.Signer{Key: []byte("k"), Now: func() time.Time { return now }}
	srv := httptest.NewServer(s.Handler(files))
	defer srv.Close()
	s.Base = srv.URL
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	good := s.URL("abc123", "tien-do.png", now.Add(time.Hour))
	if code, body := get(good); code != 200 || body != string(png) {
		t.Fatalf("good link: %d %q", code, body)
	}
	other := links.Signer{Key: []byte("other"), Base: srv.URL}
	for name, url := range map[string]string{
		"expired":      s.URL("abc123", "tien-do.png", now.Add(-time.Second)),
		"other key":    other.URL("abc123", "tien-do.png", now.Add(time.Hour)),
		"longer life":  strings.Replace(good, "/"+itoa(now.Add(time.Hour).Unix())+"/", "/"+itoa(now.Add(900*time.Hour).Unix())+"/", 1),
		"other file":   strings.Replace(good, "abc123", "abc124", 1),
		"missing part": srv.URL + links.Prefix + "abc123",
	} {
		if code, body := get(url); code != 404 || strings.Contains(body, "PNG") {
			t.Errorf("%s: %d %q; want 404", name, code, body)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSignPurposes(t *testing.T) {
	s := links.Signer{Key: []byte("k"), Base: "https://x"}
	sig := s.Sign("upload", "abc")
	if !s.Verify("upload", "abc", sig) {
		t.Fatal("Verify(Sign(m)) = false")
	}
	for _, bad := range []struct{ purpose, msg, sig string }{
		{"upload", "abd", sig},
		{"other", "abc", sig},
		{"upload", "abc", sig[:len(sig)-1]},
		{"upload", "abc", ""},
	} {
		if s.Verify(bad.purpose, bad.msg, bad.sig) {
			t.Errorf("Verify(%q, %q, %q) = true", bad.purpose, bad.msg, bad.sig)
		}
	}
	if (links.Signer{Key: []byte("other")}).Verify("upload", "abc", sig) {
		t.Error("another key verifies")
	}
	// A file link's signature (of "ref/expiry") is not an upload's.
	u, _ := url.Parse(s.URL("f", "a.png", time.Unix(1, 0)))
	fileSig := strings.Split(u.Path, "/")[4]
	if s.Verify("upload", "f/1", fileSig) || fileSig == s.Sign("upload", "f/1") {
		t.Error("a file link's signature passes for an upload")
	}
}
