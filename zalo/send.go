package zalo

import (
	"context"
	"errors"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/outbound"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// linkLife is how long a photo or spreadsheet link works: long enough to
// open a Friday digest on Monday.
const linkLife = 7 * 24 * time.Hour

var errUnsendable = errors.New("outbox entry cannot be sent")

// sender is the Zalo half of the outbound queue.
type sender struct{ b *Bot }

type call struct {
	method string
	params map[string]string
	part   string // "photo", "text" or "document", as refusals name them
}

// Send makes the calls that carry one outbox entry from part `from` on: a
// photo by link (when there is a public URL), the text in parts of at
// most 2000 characters, a spreadsheet link. A part Zalo refuses for good
// (a photo it could not fetch from public_url) does not hold back the
// others: it is replaced by a line saying it could not be attached, and
// recorded for the health check.
func (s sender) Send(ctx context.Context, e store.Outgoing, from int, wait func() error) (int, error) {
	m, err := relay.MessageOf(e)
	if err != nil {
		return from, errUnsendable
	}
	b := s.b
	var calls []call
	linked := b.opt.Links.Base != ""
	expires := b.opt.Links.Now().Add(linkLife)
	if m.Photo != nil && m.Photo.Ref != "" && linked {
		p := map[string]string{"chat_id": e.Chat, "photo": b.opt.Links.URL(m.Photo.Ref, m.Photo.Name, expires)}
		if m.Caption != "" {
			p["caption"] = fieldbot.TruncateRunes(m.Caption, maxText)
		}
		calls = append(calls, call{"sendPhoto", p, partPhoto})
	}
	p := b.printer(m.Lang)
	for _, t := range texts(p, m) {
		calls = append(calls, call{"sendMessage", map[string]string{"chat_id": e.Chat, "text": t}, partText})
	}
	if m.Upload {
		line, err := b.uploadLine(p, e.Chat)
		if err != nil {
			return from, err
		}
		calls = append(calls, call{"sendMessage", map[string]string{"chat_id": e.Chat, "text": line}, partText})
	}
	if m.Document != nil && m.Document.Ref != "" && linked {
		url := b.opt.Links.URL(m.Document.Ref, m.Document.Name, expires)
		text := p.T("zalo.spreadsheet", "url", url, "expires", locale.FormatDate(expires))
		calls = append(calls, call{"sendMessage", map[string]string{"chat_id": e.Chat, "text": text}, partDocument})
	}
	var refused error // the last part refused, if every part was
	delivered := from > 0
	for i := from; i < len(calls); i++ {
		if err := wait(); err != nil {
			return i, err
		}
		err := b.api.call(ctx, calls[i].method, calls[i].params, nil)
		if err == nil {
			delivered = true
			continue
		}
		if v, _ := s.Classify(err); v != outbound.Drop {
			return i, err
		}
		b.log.Error("part of a message refused; the rest is delivered", "chat", e.Chat, "part", calls[i].part, "err", err)
		b.refusals.Add(b.opt.Relay.Now(), calls[i].part, e.Chat, err)
		refused = err
		if calls[i].part == partText {
			continue
		}
		if err := wait(); err != nil {
			return i, err
		}
		if err := b.api.call(ctx, "sendMessage", map[string]string{"chat_id": e.Chat, "text": unattached(p, m, calls[i].part)}, nil); err != nil {
			return i, err
		}
		delivered = true
	}
	if refused != nil && !delivered {
		return len(calls), refused // nothing of it could be sent: the queue drops it
	}
	return len(calls), nil
}

// The parts of a message, as refusals name them.
const (
	partPhoto    = "photo"
	partText     = "text"
	partDocument = "document"
)

// unattached is the line sent in place of a refused attachment, after
// the photo's caption that went with it.
func unattached(p *locale.Printer, m fieldbot.Message, part string) string {
	if part == partDocument {
		return p.T("send.document_refused")
	}
	if m.Caption != "" {
		return fieldbot.TruncateRunes(m.Caption, maxText/2) + "\n" + p.T("send.photo_refused")
	}
	return p.T("send.photo_refused")
}

// Refused is how many parts of messages Zalo refused, and the last.
func (b *Bot) Refused() outbound.Refusal { return b.refusals.Last() }

// printer writes in a message's language, or the bot's default.
func (b *Bot) printer(lang string) *locale.Printer {
	if l := locale.Or(lang, b.p.Lang()); l != b.p.Lang() {
		return locale.New(l)
	}
	return b.p
}

func (sender) Classify(err error) (outbound.Verdict, time.Duration) {
	if errors.Is(err, errUnsendable) {
		return outbound.Drop, 0
	}
	var ae *apiError
	if !errors.As(err, &ae) {
		return outbound.Retry, 0
	}
	switch ae.Code {
	case 429: // quota spent; Zalo gives no retry-after
		return outbound.Wait, time.Minute
	case 426: // the daily quota of a bot still in testing
		return outbound.Wait, 10 * time.Minute
	case 401:
		return outbound.Fatal, 0
	case 403:
		return outbound.Unreachable, 0
	case 400, 404:
		return outbound.Drop, 0
	}
	return outbound.Retry, 0
}
