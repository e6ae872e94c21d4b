package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
)

// apiError is an answer with ok:false. Zalo may answer HTTP 200 with it,
// and spells the code error_code or errorCode: trust the envelope.
type apiError struct {
	Code        int
	Description string
}

func (e *apiError) Error() string { return fmt.Sprintf("zalo: %d %s", e.Code, e.Description) }

// envelope is every answer's shape.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	ErrorCode2  int             `json:"errorCode"`
	Description string          `json:"description"`
}

// client calls the Bot API. The token is in every URL, so errors are
// redacted before anyone sees them.
type client struct {
	base  string // ".../bot<token>/"
	token string
	http  *http.Client
}

func newClient(apiURL, token string, timeout time.Duration, proxy func(*http.Request) (*url.URL, error)) *client {
	return &client{
		base:  strings.TrimRight(apiURL, "/") + "/bot" + token + "/",
		token: token,
		http:  &http.Client{Timeout: timeout, Transport: transport(proxy)},
	}
}

// transport keeps a connection per concurrent sender alive: the default
// keeps two, so the others would dial (and shake hands with TLS) anew for
// every message. It goes through proxy, or without one through the
// environment's (HTTPS_PROXY, NO_PROXY).
func transport(proxy func(*http.Request) (*url.URL, error)) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = outbound.DefaultWorkers
	if proxy != nil {
		t.Proxy = proxy
	}
	return t
}

// call posts params as JSON and decodes the result into out (if not nil).
func (c *client) call(ctx context.Context, method string, params any, out any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+method, bytes.NewReader(body))
	if err != nil {
		return c.redact(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.redact(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return c.redact(err)
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("zalo %s: HTTP %d, not a Bot API answer", method, resp.StatusCode)
	}
	if !env.OK {
		code := env.ErrorCode
		if code == 0 {
			code = env.ErrorCode2
		}
		if code == 0 {
			code = resp.StatusCode
		}
		return &apiError{Code: code, Description: c.redactString(env.Description)}
	}
	if out != nil && len(env.Result) > 0 {
		return json.Unmarshal(env.Result, out)
	}
	return nil
}

func (c *client) redactString(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "<token>")
}

func (c *client) redact(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(c.redactString(err.Error()))
}
