package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// received is an input the relay was shown, its file's bytes copied.
type received struct {
	o  relay.Origin
	in fieldbot.Input
}

// watchInputs starts the bot for officerAn (bound) and returns what the
// relay is shown.
func watchInputs(t *testing.T) (*office, <-chan received) {
	t.Helper()
	o := newOffice(t)
	o.bind(tgAn, officerAn)
	inputs := make(chan received, 16)
	o.start([]fieldbot.Person{officerAn}, time.Hour, func(opt *bot.Options) {
		opt.Relay.Inspect = func(or relay.Origin, in fieldbot.Input) {
			if in.File != nil {
				f := *in.File
				f.Data = bytes.Clone(f.Data)
				in.File = &f
			}
			inputs <- received{or, in}
		}
	})
	return o, inputs
}

func next(t *testing.T, o *office, inputs <-chan received) received {
	t.Helper()
	select {
	case r := <-inputs:
		return r
	case <-time.After(10 * time.Second):
		t.Fatalf("the relay was shown nothing\nlogs:\n%s", o.logs)
	}
	panic("unreachable")
}

// waitReply waits for a message to u after message id after containing want.
func waitReply(t *testing.T, o *office, u telegramtest.User, after int, want string) telegramtest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := o.tg.WaitFor(ctx, u.ID, func(m telegramtest.Message) bool {
		return m.ID > after && strings.Contains(m.PlainText(), want)
	})
	if err != nil {
		t.Fatalf("waiting for %q: %v\nlogs:\n%s", want, err, o.logs)
	}
	return m
}

func noToken(t *testing.T, o *office) {
	t.Helper()
	if strings.Contains(o.logs.String(), token) {
		t.Fatalf("the bot token is in the logs:\n%s", o.logs)
	}
}

func TestDocumentReachesTheRelay(t *testing.T) {
	o, inputs := watchInputs(t)
	data := make([]byte, 300<<10) // not valid UTF-8, every byte value
	for i := range data {
		data[i] = byte(rand.IntN(256))
	}
	id := o.tg.SendDocument(tgAn, "Danh sách cán bộ.xlsx", data, "nhập danh sách")
	r := next(t, o, inputs)
	if r.in.Kind != fieldbot.InputFile || r.in.File == nil || r.in.File.Name != "Danh sách cán bộ.xlsx" || !bytes.Equal(r.in.File.Data, data) {
		t.Fatalf("relay shown kind %d, file %v (%d bytes); want InputFile “Danh sách cán bộ.xlsx” with the %d bytes sent",
			r.in.Kind, r.in.File != nil, len(fileData(r.in)), len(data))
	}
	if r.in.Text != "" {
		t.Errorf("the caption reached the relay: %q", r.in.Text)
	}
	if r.o.Channel != bot.Channel || r.o.Chat != fmt.Sprint(tgAn.ID) || r.o.UserID != fmt.Sprint(tgAn.ID) || r.o.UpdateID != int64(id) || r.o.Fresh {
		t.Errorf("origin %+v; want telegram chat and user %d, update %d, from the inbox", r.o, tgAn.ID, id)
	}
	o.eventually("the update is done", func() bool { return pendingCount(t, o) == 0 })
	// The person hears back (today the engine does not take files yet).
	waitReply(t, o, tgAn, 0, "")
	// A file whose size Telegram does not say is read in full within the bound.
	small := []byte("phone,name,unit,role\n")
	o.tg.SendDocumentAs(tgAn, telegramtest.Document{Name: "a/../../b.csv", Data: small, HideSize: true})
	if r := next(t, o, inputs); r.in.Kind != fieldbot.InputFile || r.in.File.Name != "b.csv" || !bytes.Equal(r.in.File.Data, small) {
		t.Fatalf("unsized document: %+v", r.in)
	}
	noToken(t, o)
	if rj := o.tg.Rejections(); len(rj) > 0 {
		t.Fatalf("rejections: %+v", rj)
	}
}

func fileData(in fieldbot.Input) []byte {
	if in.File == nil {
		return nil
	}
	return in.File.Data
}

func pendingCount(t *testing.T, o *office) int {
	t.Helper()
	p, err := o.db.InboxPending(bot.Channel)
	if err != nil {
		t.Fatal(err)
	}
	return len(p)
}

func TestDocumentRefused(t *testing.T) {
	o, inputs := watchInputs(t)
	big := make([]byte, fieldbot.MaxInputFile+1)

	// Too big by what the update says: not even asked for.
	o.tg.SendDocument(tgAn, "to.xlsx", big, "")
	m := waitReply(t, o, tgAn, 0, "quá lớn")
	if !strings.Contains(m.PlainText(), "to.xlsx") || !strings.Contains(m.PlainText(), "2 MB") {
		t.Errorf("refusal %q names neither the file nor the bound", m.PlainText())
	}
	if n := o.tg.Calls("getFile"); n != 0 {
		t.Errorf("getFile called %d times for a file known to be too big", n)
	}

	// Too big, though the update did not say: the download is cut short.
	o.tg.SendDocumentAs(tgAn, telegramtest.Document{Name: "khong-co-co.xlsx", Data: big, HideSize: true})
	m = waitReply(t, o, tgAn, m.ID, "quá lớn")

	// Telegram will not give it (for good): answered once, not retried.
	o.tg.FailNext("getFile", http.StatusBadRequest, 0, "Bad Request: invalid file_id")
	o.tg.SendDocument(tgAn, "mat.csv", []byte("x"), "")
	m = waitReply(t, o, tgAn, m.ID, "Không tải được tệp “mat.csv”")

	// A passing fault (a proxy's 502) is retried, and the file arrives.
	o.tg.FailNextHTTP("getFile", http.StatusBadGateway, "text/html", "<html>502</html>")
	o.tg.SendDocument(tgAn, "lai.csv", []byte("phone\n"), "")
	r := next(t, o, inputs)
	if r.in.Kind != fieldbot.InputFile || r.in.File.Name != "lai.csv" || string(r.in.File.Data) != "phone\n" {
		t.Fatalf("after a 502: %+v", r.in)
	}
	select {
	case r := <-inputs:
		t.Fatalf("the relay was shown more: %+v", r.in)
	default:
	}
	o.eventually("every update done", func() bool { return pendingCount(t, o) == 0 })
	noToken(t, o)
}

func TestStrangersDocumentIsNotFetched(t *testing.T) {
	o, inputs := watchInputs(t)
	stranger := telegramtest.User{ID: 4242, FirstName: "Lạ", LanguageCode: "vi"}
	o.tg.SendDocument(stranger, "x.xlsx", []byte("PK"), "")
	if r := next(t, o, inputs); r.in.Kind != fieldbot.InputOther || r.in.File != nil {
		t.Fatalf("a stranger's document reached the relay as %+v", r.in)
	}
	if n := o.tg.Calls("getFile"); n != 0 {
		t.Errorf("getFile called %d times for a stranger", n)
	}
}
