package bot

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// request makes one Bot API call. A text message, the call behind nearly
// every reply, is posted as JSON (sendMessage); everything else goes
// through the library. The response is nil for a text message: nothing in
// its answer is needed.
func (b *Bot) request(c call) (*tgbotapi.APIResponse, error) {
	if c.c == nil {
		return nil, b.sendMessage(c.body)
	}
	return b.api.Request(c.c)
}

// answerStatus is what a send needs of the Bot API's answer: whether it
// succeeded and, if not, why. The message sent back is skipped unread.
type answerStatus struct {
	Ok          bool                         `json:"ok"`
	ErrorCode   int                          `json:"error_code"`
	Description string                       `json:"description"`
	Parameters  *tgbotapi.ResponseParameters `json:"parameters"`
}

// okAnswer is how the Bot API begins every successful answer.
var okAnswer = []byte(`{"ok":true`)

// succeeded reports whether a whole answer (read to its end, so not cut
// off) is a success by its first member, without parsing the message sent
// back: that parse cost as much as the rest of the call. Anything else is
// parsed in full.
func succeeded(answer []byte) bool {
	rest, ok := bytes.CutPrefix(bytes.TrimLeft(answer, " \t\r\n"), okAnswer)
	return ok && len(rest) > 0 && (rest[0] == ',' || rest[0] == '}')
}

// jsonType is the Content-Type of every JSON call; never modified.
var jsonType = []string{"application/json"}

// answers are buffers for reading the Bot API's answers, which are ours
// alone once read (unlike a request body, which the transport may still
// hold after Do returns).
var answers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// sendMessage posts a text message's JSON body (renderJSON), as the Bot
// API accepts it. It is the library's Request without its cost per call
// (parameters in maps, form escaping, a JSON decoder and a copy of the
// message sent back), which showed as a sixth of the bot's CPU per
// conversation step.
func (b *Bot) sendMessage(body []byte) error {
	return post(b.api.Client, b.sendMessageURL, body, nil)
}

// updatesBody is getUpdates' JSON body, with the library's omissions.
type updatesBody struct {
	Offset         int      `json:"offset,omitempty"`
	Limit          int      `json:"limit,omitempty"`
	Timeout        int      `json:"timeout,omitempty"`
	AllowedUpdates []string `json:"allowed_updates,omitempty"`
}

// getUpdates is the library's GetUpdates posted as JSON, with the answer
// read once into a reused buffer and decoded straight into updates (the
// library copies the result, then decodes the copy). It long-polls with
// the poller's client, which a shutdown interrupts.
func (b *Bot) getUpdates(c tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	body, err := json.Marshal(updatesBody{Offset: c.Offset, Limit: c.Limit, Timeout: c.Timeout, AllowedUpdates: c.AllowedUpdates})
	if err != nil {
		return nil, err
	}
	var updates []tgbotapi.Update
	err = post(b.poller.Client, b.getUpdatesURL, body, &updates)
	return updates, err
}

// resultAnswer is a whole answer, its result decoded into what Result
// points to.
type resultAnswer struct {
	answerStatus
	Result any `json:"result"`
}

// post calls a Bot API method with a JSON body and decodes the
// answer's result into result, or, if result is nil, reads only whether
// the call succeeded. Its failures are the library's: an *tgbotapi.Error
// with the answer's code, description and retry_after, or the error of
// the transport or of an answer that is not the API's, so classify and
// refusal take both paths alike.
func post(client tgbotapi.HTTPClient, url string, body []byte, result any) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header["Content-Type"] = jsonType
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	buf := answers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // an odd huge answer is not kept
			buf.Reset()
			answers.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return err
	}
	ans := resultAnswer{Result: result}
	if result == nil {
		if succeeded(buf.Bytes()) {
			return nil
		}
		err = json.Unmarshal(buf.Bytes(), &ans.answerStatus)
	} else {
		err = json.Unmarshal(buf.Bytes(), &ans)
	}
	if err != nil {
		return err
	}
	if !ans.Ok {
		e := &tgbotapi.Error{Code: ans.ErrorCode, Message: ans.Description}
		if ans.Parameters != nil {
			e.ResponseParameters = *ans.Parameters
		}
		return e
	}
	return nil
}
