package zalo

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// Zalo takes no files, so when the engine asks for one (Message.Upload)
// the bot adds a link to a small page under public_url where the person
// picks the file. The link's token is signed with the links key, names
// the chat and the account it was made for, expires after UploadLife and
// works once: the upload becomes an inbox item of that chat (its id
// derived from the token's nonce, so the inbox itself remembers that the
// token was used), stored in one transaction with the file's bytes, and
// handled in order like any message; the result comes back in Zalo.

// UploadPrefix is the path of the upload page; the token follows it.
const UploadPrefix = "/upload/"

// UploadLife is how long an upload link works.
const UploadLife = 30 * time.Minute

// eventUpload names an inbox item made by the upload page. Zalo never
// sends it: parseUpdate refuses it, so nobody can inject a file by webhook.
const eventUpload = "fieldbot.upload.received"

// uploadToken is what an upload link carries, signed.
type uploadToken struct {
	Chat    string `json:"c"`
	User    string `json:"u"`
	Expires int64  `json:"e"` // Unix seconds
	Nonce   string `json:"n"`
	Lang    string `json:"l,omitempty"`
}

// uploaded is the file of an inbox item made by the upload page.
type uploaded struct {
	Name string `json:"name"`
	Ref  string `json:"ref"` // store.DB.File
}

func (t uploadToken) inboxID() int64 { return inboxID("upload:" + t.Nonce) }

// uploadURL makes a link for chat; lang is the page's language.
func (b *Bot) uploadURL(chat, lang string, expires time.Time) (string, error) {
	nonce := make([]byte, 12)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	user, err := b.userOf(chat)
	if err != nil {
		return "", err
	}
	raw, err := json.Marshal(uploadToken{Chat: chat, User: user, Expires: expires.Unix(),
		Nonce: base64.RawURLEncoding.EncodeToString(nonce), Lang: lang})
	if err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return strings.TrimRight(b.opt.Links.Base, "/") + UploadPrefix + payload + "." + b.opt.Links.Sign("upload", payload), nil
}

// userOf is the Zalo account that writes in chat: the one bound to it, or
// the chat itself (a private chat's id is its person's).
func (b *Bot) userOf(chat string) (string, error) {
	accts, err := b.opt.DB.Accounts()
	if err != nil {
		return "", err
	}
	for _, a := range accts {
		if a.Channel == Channel && a.Chat == chat {
			return a.UserID, nil
		}
	}
	return chat, nil
}

// uploadLine is the line a message asking for a file gets on Zalo.
func (b *Bot) uploadLine(p *locale.Printer, chat string) (string, error) {
	if b.opt.Links.Base == "" {
		b.noUploads.Do(func() {
			b.log.Warn("a file was asked for on Zalo, but [zalo] public_url is not set: uploads need it")
		})
		return p.T("upload.no_public_url"), nil
	}
	expires := b.opt.Links.Now().Add(UploadLife)
	url, err := b.uploadURL(chat, string(p.Lang()), expires)
	if err != nil {
		return "", err
	}
	return p.T("upload.link", "url", url, "expires", locale.FormatDateTime(expires.In(b.opt.Relay.Location()))), nil
}

// readToken checks a token: forged or malformed is errForged, past its
// time errExpired.
func (b *Bot) readToken(s string) (uploadToken, error) {
	var t uploadToken
	payload, sig, ok := strings.Cut(s, ".")
	if !ok || payload == "" || !b.opt.Links.Verify("upload", payload, sig) {
		return t, errForged
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(raw, &t) != nil || t.Chat == "" || t.User == "" || t.Nonce == "" {
		return t, errForged
	}
	if !b.opt.Links.Now().Before(time.Unix(t.Expires, 0)) {
		return t, errExpired
	}
	return t, nil
}

var (
	errForged  = errors.New("upload: forged token")
	errExpired = errors.New("upload: expired token")
)

// uploadBody bounds a whole upload request: the file and the multipart
// envelope around it.
const uploadBody = fieldbot.MaxInputFile + 64<<10

// Upload serves the upload page: GET shows the form for a valid token,
// POST (multipart, field "file") stores the file and queues it for the
// chat. A forged token is 403, an expired or used one 410, a file over
// fieldbot.MaxInputFile 413 with nothing stored.
func (b *Bot) Upload() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // the token is in the URL
		h.Set("Cache-Control", "no-store")
		h.Set("X-Frame-Options", "DENY")
		raw := strings.TrimPrefix(r.URL.Path, UploadPrefix)
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
			h.Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		tok, err := b.readToken(raw)
		p := b.printer(tok.Lang)
		switch {
		case errors.Is(err, errForged):
			b.page(w, http.StatusForbidden, p, "upload.invalid", false)
			return
		case errors.Is(err, errExpired):
			b.page(w, http.StatusGone, p, "upload.gone", false)
			return
		}
		used, err := b.opt.DB.InboxSeen(Channel, tok.inboxID())
		switch {
		case err != nil:
			b.log.Error("upload: cannot read the inbox", "err", err)
			b.page(w, http.StatusServiceUnavailable, p, "upload.failed", false)
			return
		case used:
			b.page(w, http.StatusGone, p, "upload.gone", false)
			return
		case r.Method != http.MethodPost:
			b.page(w, http.StatusOK, p, "upload.intro", true)
			return
		}
		name, data, status := readUpload(w, r)
		if status != 0 {
			key := "upload.no_file"
			if status == http.StatusRequestEntityTooLarge {
				key = "upload.too_big"
			}
			b.page(w, status, p, key, true) // the token still works: try again
			return
		}
		switch err := b.receiveUpload(r.Context(), tok, name, data); {
		case errors.Is(err, errUsed):
			b.page(w, http.StatusGone, p, "upload.gone", false)
		case err != nil:
			b.log.Error("upload: cannot store the file", "chat", tok.Chat, "err", err)
			b.page(w, http.StatusServiceUnavailable, p, "upload.failed", false)
		default:
			b.log.Info("file uploaded", "chat", tok.Chat, "bytes", len(data))
			b.page(w, http.StatusOK, p, "upload.received", false)
		}
	})
}

// readUpload reads the part "file" of a multipart POST, never more than
// the bound: 413 beyond it, 400 without a file or with an empty one.
func readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, int) {
	r.Body = http.MaxBytesReader(w, r.Body, uploadBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, http.StatusBadRequest
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return "", nil, http.StatusRequestEntityTooLarge
		case err != nil:
			return "", nil, http.StatusBadRequest
		case part.FormName() != "file":
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, fieldbot.MaxInputFile+1))
		switch {
		case errors.As(err, &tooBig) || len(data) > fieldbot.MaxInputFile:
			return "", nil, http.StatusRequestEntityTooLarge
		case err != nil || len(data) == 0:
			return "", nil, http.StatusBadRequest
		}
		return fieldbot.CleanFileName(locale.CleanInput(part.FileName())), data, 0
	}
}

var errUsed = errors.New("upload: token used")

// receiveUpload stores the file and its inbox item in one transaction
// (errUsed if the token's item exists) and queues it for its chat.
func (b *Bot) receiveUpload(ctx context.Context, t uploadToken, name string, data []byte) error {
	now := b.opt.Relay.Now()
	var it store.InboxItem
	err := b.opt.DB.Update(ctx, func(tx *store.Tx) error {
		ref, err := tx.PutFile(data)
		if err != nil {
			return err
		}
		u := update{EventName: eventUpload}
		m := &u.Message
		m.MessageID, m.Date, m.File = "upload:"+t.Nonce, now.UnixMilli(), &uploaded{Name: name, Ref: ref}
		m.From.ID, m.Chat.ID, m.Chat.ChatType = t.User, t.Chat, "PRIVATE"
		raw, err := json.Marshal(u)
		if err != nil {
			return err
		}
		it = store.InboxItem{Channel: Channel, ID: t.inboxID(), Chat: t.Chat, Raw: raw}
		first, err := tx.InboxAdd(it)
		if err == nil && !first {
			return errUsed // rolls the file back too
		}
		return err
	})
	if err != nil {
		return err
	}
	b.chats.AddWhenReady(ctx, b.ready, it)
	return nil
}

// uploadInput reads the file of an upload item back from the store.
func (b *Bot) uploadInput(u update) (fieldbot.Input, error) {
	f := u.Message.File
	if f == nil {
		return fieldbot.Input{Kind: fieldbot.InputOther}, nil
	}
	data, ok, err := b.opt.DB.File(f.Ref)
	if err != nil {
		return fieldbot.Input{}, err
	}
	if !ok { // pruned after weeks in an inbox that was not handled
		b.log.Warn("an uploaded file is gone from the store", "ref", f.Ref)
		return fieldbot.Input{Kind: fieldbot.InputOther}, nil
	}
	return fieldbot.Input{Kind: fieldbot.InputFile, File: &fieldbot.File{Name: f.Name, Data: data}}, nil
}

var pageTmpl = template.Must(template.New("upload").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1.5rem;background:#f4f6f8;color:#1c2430}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 4px rgba(0,0,0,.1)}
h1{font-size:1.25rem;margin:0 0 1rem}p{line-height:1.5}
input[type=file]{display:block;width:100%;margin:1rem 0;font-size:1rem}
button{width:100%;padding:.8rem;font-size:1.05rem;border:0;border-radius:.5rem;background:#0068ff;color:#fff}
</style></head><body><main>
<h1>{{.Title}}</h1>
<p>{{.Text}}</p>
{{if .Form}}<form method="post" enctype="multipart/form-data">
<label>{{.Choose}}<input type="file" name="file" accept=".xlsx,.csv" required></label>
<button type="submit">{{.Submit}}</button>
</form>{{end}}
</main></body></html>
`))

// page writes the upload page with one message, and the form if asked.
func (b *Bot) page(w http.ResponseWriter, status int, p *locale.Printer, key string, form bool) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	max := fmt.Sprintf("%d MB", fieldbot.MaxInputFile>>20)
	text := p.T(key, "max", max)
	if form && key != "upload.intro" {
		text += " " + p.T("upload.intro", "max", max)
	}
	_ = pageTmpl.Execute(w, map[string]any{
		"Lang": string(p.Lang()), "Title": p.T("upload.title"), "Text": text, "Form": form,
		"Choose": p.T("upload.choose"), "Submit": p.T("upload.submit"),
	})
}
