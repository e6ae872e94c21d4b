package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
)

// A document a person sends (a spreadsheet to import) is downloaded while
// its update is handled, not when it is received: the inbox item is the
// update, so a crash or a stop in the middle retries the download, and a
// slow download holds back only its own chat, never the poll loop.
// A file that can never be had — over fieldbot.MaxInputFile, or one
// Telegram refuses to give — is answered and marked done; one that cannot
// be had for now (the network, a 5xx) is tried a few times, then answered
// too, so the person knows to send it again.

// Why a document was not taken, as catalog keys.
const (
	refuseTooBig      = "file.too_big"
	refuseUnavailable = "file.unavailable"
)

// downloadTries and downloadWait bound the retries of a download that
// fails for now; downloadTimeout bounds one try.
var (
	downloadTries   = 3
	downloadWait    = time.Second
	downloadTimeout = time.Minute
)

// errStopping means the bot is stopping: the update stays in the inbox.
var errStopping = errors.New("stopping")

// fetch downloads a document and returns its bytes, or the catalog key of
// why it was refused for good, or errStopping.
func (b *Bot) fetch(d *tgbotapi.Document) ([]byte, string, error) {
	if d.FileSize > fieldbot.MaxInputFile {
		return nil, refuseTooBig, nil
	}
	run := b.client.context()
	wait := backoff{min: downloadWait, max: 8 * downloadWait}
	for try := 1; ; try++ {
		data, refusal, err := b.download(run, d.FileID)
		if err == nil || refusal != "" {
			return data, refusal, nil
		}
		if run.Err() != nil {
			return nil, "", errStopping
		}
		b.log.Warn("cannot download a document", "try", try, "err", b.red.err(err))
		if try == downloadTries {
			return nil, refuseUnavailable, nil
		}
		d := wait.next()
		if f, after := classify(err); f == failWait {
			d = after
		}
		sleep(run, d)
	}
}

// download makes one try: getFile for the file's path, then a GET of
// {api_url}/file/bot<token>/<path> (tgbotapi.File.Link ignores a custom
// endpoint), reading at most one byte more than the bound whatever the
// update said the size was. A refusal is for good; an error is for now.
func (b *Bot) download(ctx context.Context, fileID string) ([]byte, string, error) {
	f, err := b.api.GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		switch fail, _ := classify(err); fail {
		case failBadRequest, failFatal, failBlocked:
			b.log.Warn("telegram will not give a document", "err", b.red.err(err))
			if strings.Contains(err.Error(), "too big") {
				return nil, refuseTooBig, nil
			}
			return nil, refuseUnavailable, nil
		}
		return nil, "", err
	}
	if f.FileSize > fieldbot.MaxInputFile {
		return nil, refuseTooBig, nil
	}
	if f.FilePath == "" {
		return nil, refuseUnavailable, nil
	}
	ctx, cancel := context.WithTimeout(ctx, downloadTimeout)
	defer cancel()
	url := strings.TrimRight(b.opt.APIURL, "/") + "/file/bot" + b.opt.Token + "/" + strings.TrimLeft(f.FilePath, "/")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, "", err
	}
	resp, err := b.client.http.Do(req)
	if err != nil {
		return nil, "", err // the token is in its URL: callers redact
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return nil, "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	default:
		b.log.Warn("telegram will not give a document", "status", resp.StatusCode)
		return nil, refuseUnavailable, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, fieldbot.MaxInputFile+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > fieldbot.MaxInputFile {
		return nil, refuseTooBig, nil
	}
	return data, "", nil
}

// maxInputFile is the bound as people read it, "2 MB".
func maxInputFile() string { return fmt.Sprintf("%d MB", fieldbot.MaxInputFile>>20) }
