package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
)

// maxBody is Telegram's upload limit for bots on the cloud API (50 MB) plus
// room for the other form fields.
const maxBody = 51 << 20

// upload is a file sent as a multipart part.
type upload struct {
	name string // the part's filename, possibly empty
	data []byte
}

// params holds one request's parameters. Telegram treats an empty value
// exactly like a missing one, and so does every accessor here.
type params struct {
	values map[string]string
	files  map[string]upload
}

// get returns the text value of a parameter, "" when absent.
func (p *params) get(name string) string { return p.values[name] }

// has reports whether a parameter carries a non-empty value or a file.
func (p *params) has(name string) bool {
	if p.values[name] != "" {
		return true
	}
	_, ok := p.files[name]
	return ok
}

// file returns the upload for a parameter: a part of that name, or the part
// an "attach://<name>" value points to.
func (p *params) file(name string) (upload, bool) {
	if f, ok := p.files[name]; ok {
		return f, true
	}
	if ref, ok := strings.CutPrefix(p.values[name], "attach://"); ok {
		f, ok := p.files[ref]
		return f, ok
	}
	return upload{}, false
}

// readParams collects parameters from the URL query and from a body in any
// of the encodings Telegram accepts: urlencoded form, multipart form (the
// client library uses it for uploads) and JSON.
func readParams(r *http.Request) (*params, *apiError) {
	p := &params{values: map[string]string{}, files: map[string]upload{}}
	body := http.MaxBytesReader(nil, r.Body, maxBody)
	ctype, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch {
	case r.Method == http.MethodGet || r.ContentLength == 0 && ctype == "":
	case ctype == "application/x-www-form-urlencoded":
		err = readForm(body, p)
	case ctype == "multipart/form-data":
		err = readMultipart(body, ctParams["boundary"], p)
	case ctype == "application/json":
		err = readJSON(body, p)
	default:
		return nil, badRequest("unsupported Content-Type " + ctype)
	}
	if err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			return nil, &apiError{Code: http.StatusRequestEntityTooLarge, Description: "Request Entity Too Large"}
		}
		return nil, badRequest("can't parse request body: " + err.Error())
	}
	for k, vs := range r.URL.Query() {
		if _, ok := p.values[k]; !ok && len(vs) > 0 {
			p.values[k] = vs[0]
		}
	}
	return p, nil
}

func readForm(body io.Reader, p *params) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	vals, err := url.ParseQuery(string(raw))
	if err != nil {
		return err
	}
	for k, vs := range vals {
		p.values[k] = vs[0]
	}
	return nil
}

func readMultipart(body io.Reader, boundary string, p *params) error {
	if boundary == "" {
		return errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return err
		}
		name := part.FormName()
		// A part is a file when its Content-Disposition has a filename
		// parameter at all, even an empty one (FileBytes with no Name).
		_, disp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if fn, isFile := disp["filename"]; isFile {
			p.files[name] = upload{name: fn, data: data}
			continue
		}
		if _, dup := p.values[name]; !dup {
			p.values[name] = string(data)
		}
	}
}

// readJSON accepts a JSON object body; objects and arrays become their JSON
// text, as if they had been sent as form values.
func readJSON(body io.Reader, p *params) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return err
	}
	for k, v := range obj {
		v = bytes.TrimSpace(v)
		switch {
		case len(v) > 0 && v[0] == '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			p.values[k] = s
		case string(v) == "null":
		default:
			p.values[k] = string(v)
		}
	}
	return nil
}
