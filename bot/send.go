package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// maxCaption is Telegram's limit for a photo's caption.
const maxCaption = 1024

// errUnsendable marks an outbox entry that can never become a message.
var errUnsendable = errors.New("outbox entry cannot be sent")

// sender is the Telegram half of the outbound queue.
type sender struct{ b *Bot }

// Send makes the Bot API calls that carry one outbox entry, from part
// `from` on: a photo, the text in parts of at most 4096 characters, a
// document.
func (s sender) Send(ctx context.Context, e store.Outgoing, from int, wait func() error) (int, error) {
	b := s.b
	chat, err := strconv.ParseInt(e.Chat, 10, 64)
	if err != nil {
		return from, errUnsendable
	}
	m, err := relay.MessageOf(e)
	if err != nil {
		return from, errUnsendable
	}
	calls := b.calls(chat, m)
	var refused error // the last part refused, if every part was
	delivered := from > 0
	for i := from; i < len(calls); i++ {
		if err := wait(); err != nil {
			return i, err
		}
		resp, err := b.request(calls[i])
		err = withCode(err, resp)
		if err != nil {
			f, _ := classify(err)
			switch {
			case f == failNotModified:
				continue
			case !refusal(err):
				return i, err
			}
			// Refused for good: deliver the other parts, and say in place
			// of an attachment that it could not be attached.
			b.refused(e.Chat, calls[i].part, err)
			refused = err
			if calls[i].part == partText {
				continue
			}
			if err := wait(); err != nil {
				return i, err
			}
			if _, err := b.request(call{body: b.unattached(chat, m, calls[i].part), part: partText}); err != nil {
				return i, withCode(err, nil)
			}
		} else if calls[i].ref != "" && resp != nil {
			b.rememberFileID(calls[i].ref, resp.Result)
		}
		delivered = true
	}
	if refused != nil && !delivered {
		// Nothing of it could be sent: the queue drops it.
		return len(calls), fmt.Errorf("%w: %w", errUnsendable, refused)
	}
	return len(calls), nil
}

// refusal reports whether Telegram refused a call for good because of
// what it carries: a 400, or another 4xx that says nothing about the bot
// or the chat (413: a file too large), unlike 401, 403, 404, 409 and 429.
func refusal(err error) bool {
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.Code {
	case 401, 403, 404, 409, 429:
		return false
	}
	return apiErr.Code >= 400 && apiErr.Code < 500
}

// withCode gives an upload's error the status the library leaves out:
// for a multipart request it returns an Error with Code 0, and puts the
// code and retry_after only in the response.
func withCode(err error, resp *tgbotapi.APIResponse) error {
	if err == nil || resp == nil || resp.ErrorCode == 0 {
		return err // before apiErr, whose address escapes: no allocation per send
	}
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) || apiErr.Code != 0 {
		return err
	}
	fixed := *apiErr
	fixed.Code = resp.ErrorCode
	if resp.Parameters != nil {
		fixed.ResponseParameters = *resp.Parameters
	}
	return &fixed
}

// refused records a part Telegram refused for good.
func (b *Bot) refused(chat, part string, err error) {
	err = b.red.err(err)
	b.log.Error("part of a message refused; the rest is delivered", "chat", chat, "part", part, "err", err)
	b.refusals.Add(b.opt.Relay.Now(), part, chat, err)
}

// unattached is the line sent in place of a refused attachment, in the
// message's language, with the photo's caption that went with it: a
// sendMessage body.
func (b *Bot) unattached(chat int64, m fieldbot.Message, part string) []byte {
	p := locale.New(locale.Or(m.Lang, b.opt.Relay.Lang))
	text := p.HTML("send.document_refused")
	if part == partQR {
		text = p.HTML("invite.qr_refused")
	}
	if part == partPhoto {
		text = p.HTML("send.photo_refused")
		if m.Caption != "" {
			text = html.EscapeString(m.Caption) + "\n" + text
		}
	}
	return renderJSON(chat, fieldbot.Message{Text: text})[0]
}

// Refused is how many parts of messages Telegram refused, and the last.
func (b *Bot) Refused() outbound.Refusal { return b.refusals.Last() }

func (sender) Classify(err error) (outbound.Verdict, time.Duration) {
	if errors.Is(err, errUnsendable) {
		return outbound.Drop, 0
	}
	f, after := classify(err)
	switch f {
	case failWait:
		return outbound.Wait, after
	case failBlocked:
		return outbound.Unreachable, 0
	case failBadRequest:
		return outbound.Drop, 0
	case failFatal:
		return outbound.Fatal, 0
	}
	return outbound.Retry, 0
}

// call is one Bot API call: c through the library, or, if c is nil, a
// text message's sendMessage body; ref names the stored file it uploads,
// part what it carries.
type call struct {
	c    tgbotapi.Chattable
	body []byte
	ref  string
	part string
}

// The parts of a message, as refusals name them.
const (
	partPhoto    = "photo"
	partText     = "text"
	partDocument = "document"
	partQR       = "qr" // an invitation's QR image, after its text
)

// calls renders a neutral message as the calls that send it. A file that
// is no longer stored is left out rather than holding up the text.
func (b *Bot) calls(chat int64, m fieldbot.Message) []call {
	var out []call
	if m.Photo != nil {
		if f, ok := b.file(m.Photo); ok {
			p := tgbotapi.NewPhoto(chat, f)
			p.Caption = fieldbot.TruncateRunes(m.Caption, maxCaption)
			out = append(out, call{c: p, ref: m.Photo.Ref, part: partPhoto})
		}
	}
	m, qr := b.invitation(chat, m)
	if m.Text != "" || m.Photo == nil && m.Document == nil {
		for _, body := range renderJSON(chat, m) {
			out = append(out, call{body: body, part: partText})
		}
	}
	out = append(out, qr...)
	if m.Document != nil {
		if f, ok := b.file(m.Document); ok {
			out = append(out, call{c: tgbotapi.NewDocument(chat, f), part: partDocument})
		}
	}
	return out
}

// file is an attachment as the library uploads it: Telegram's id for a
// file it already has, or the bytes (FileBytes, which can be re-read on a
// retry, unlike a reader).
func (b *Bot) file(f *fieldbot.File) (tgbotapi.RequestFileData, bool) {
	if f.Ref != "" {
		if id, ok := b.fileIDs.Load(f.Ref); ok {
			return tgbotapi.FileID(id.(string)), true
		}
	}
	data := f.Data
	if len(data) == 0 && f.Ref != "" {
		stored, ok, err := b.opt.DB.File(f.Ref)
		if err != nil || !ok {
			b.log.Error("attachment missing from the store; sending without it", "ref", f.Ref, "err", err)
			return nil, false
		}
		data = stored
	}
	if len(data) == 0 {
		return nil, false
	}
	return tgbotapi.FileBytes{Name: f.Name, Bytes: data}, true
}

// rememberFileID keeps Telegram's id of an uploaded photo, so the same
// chart goes to the next person without another upload.
func (b *Bot) rememberFileID(ref string, result json.RawMessage) {
	var m tgbotapi.Message
	if json.Unmarshal(result, &m) != nil || len(m.Photo) == 0 {
		return
	}
	b.fileIDs.Store(ref, m.Photo[len(m.Photo)-1].FileID)
}

// markUnreachable remembers that a person blocked the bot, so scheduled
// messages skip them until they write again.
func (b *Bot) markUnreachable(chat string) {
	b.log.Warn("person blocked the bot; marked unreachable", "chat", chat)
	err := b.opt.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.SetUnreachable(Channel, chat, true)
	})
	if err != nil {
		b.log.Error("cannot mark unreachable", "chat", chat, "err", err)
	}
}

// answerCallback answers a button press; Telegram shows a spinner until it does.
func (b *Bot) answerCallback(id, text string) {
	if _, err := b.api.Request(tgbotapi.NewCallback(id, text)); err != nil {
		b.log.Warn("answerCallbackQuery failed", "err", b.red.err(err))
	}
}

// clearButtons removes the inline keyboard of a message whose button was
// used, so it cannot be pressed twice. An edit is not a new message, so it
// does not queue behind them; if it fails the engine still refuses a
// second press.
func (b *Bot) clearButtons(chat int64, messageID int) {
	empty := tgbotapi.NewInlineKeyboardMarkup()
	empty.InlineKeyboard = [][]tgbotapi.InlineKeyboardButton{}
	if _, err := b.api.Request(tgbotapi.NewEditMessageReplyMarkup(chat, messageID, empty)); err != nil {
		if f, _ := classify(err); f != failNotModified {
			b.log.Warn("removing used buttons failed", "chat", chat, "err", b.red.err(err))
		}
	}
}

// Kick tells the bot that messages were queued in the store by someone
// else (a scheduled job), to be sent now.
func (b *Bot) Kick() { b.queue.Kick() }

// Pending is how many messages wait to be sent.
func (b *Bot) Pending() int { return b.queue.Pending() }

// Oldest is when the oldest message waiting to be sent was queued.
func (b *Bot) Oldest() time.Time { return b.queue.Oldest() }

// LastPoll is when Telegram last answered getUpdates; zero before it has.
func (b *Bot) LastPoll() time.Time {
	if t := b.lastPoll.Load(); t != nil {
		return *t
	}
	return time.Time{}
}
