package zalotest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// maxBody bounds a request body.
const maxBody = 1 << 20

// params are a call's parameters from the query and the body (JSON, form
// or multipart); body values win over query values.
type params struct {
	vals    map[string]string
	literal map[string]bool // JSON value that was not a string (number, object...)
	files   []string        // names of multipart file parts
}

func readParams(r *http.Request) (*params, *apiError) {
	p := &params{vals: map[string]string{}, literal: map[string]bool{}}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p.vals[k] = v[0]
		}
	}
	if r.Method != http.MethodPost || r.Body == nil {
		return p, nil
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return nil, errorf(http.StatusBadRequest, "Bad Request: invalid multipart body")
		}
		for k, v := range r.MultipartForm.Value {
			if len(v) > 0 {
				p.vals[k] = v[0]
			}
		}
		for k := range r.MultipartForm.File {
			p.files = append(p.files, k)
		}
		slices.Sort(p.files)
		return p, nil
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, errorf(http.StatusBadRequest, "Bad Request: invalid form body")
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				p.vals[k] = v[0]
			}
		}
		return p, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		return nil, errorf(http.StatusBadRequest, "Bad Request: body too large or unreadable")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return p, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, errorf(http.StatusBadRequest, "Bad Request: body is not a JSON object")
	}
	for k, raw := range obj {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			p.vals[k] = str
			delete(p.literal, k)
			continue
		}
		p.vals[k] = string(raw)
		p.literal[k] = true
	}
	return p, nil
}

// check refuses file uploads, buttons and parameters the method lacks.
func (p *params) check(allowed []string) *apiError {
	if len(p.files) > 0 {
		return errorf(http.StatusBadRequest, "Bad Request: file upload is not supported (%s); send a public URL", p.files[0])
	}
	if _, ok := p.vals["reply_markup"]; ok {
		return errorf(http.StatusBadRequest, "Bad Request: reply_markup is not supported: the Zalo Bot Platform has no buttons or keyboards")
	}
	keys := make([]string, 0, len(p.vals))
	for k := range p.vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return errorf(http.StatusBadRequest, "Bad Request: unknown parameter %s", k)
		}
	}
	return nil
}

func (p *params) has(name string) bool {
	_, ok := p.vals[name]
	return ok
}

// str returns a string parameter: absent is "", a non-string JSON value is
// refused.
func (p *params) str(name string) (string, *apiError) {
	if p.literal[name] {
		return "", errorf(http.StatusBadRequest, "Bad Request: %s must be a string", name)
	}
	return p.vals[name], nil
}

// required is str that must be present and non-empty.
func (p *params) required(name string) (string, *apiError) {
	v, err := p.str(name)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(v) == "" {
		return "", errorf(http.StatusBadRequest, "Bad Request: %s is required", name)
	}
	return v, nil
}

// integer reads a whole number given as a JSON number or a decimal string.
func (p *params) integer(name string, def int) (int, *apiError) {
	v, ok := p.vals[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, errorf(http.StatusBadRequest, "Bad Request: %s must be an integer", name)
	}
	return n, nil
}
