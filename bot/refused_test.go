package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// A chart and a spreadsheet Telegram refuses (400) do not silence the
// digest: the text arrives, each refused attachment is replaced by a line
// saying so (in the message's language, the chart's caption kept), and the
// refusals are recorded for the health check. Before, an upload's 400
// reached the queue without its code and was retried as a network fault,
// holding up the chat; a refused photo sent by file id dropped the whole
// message.
func TestRefusedAttachmentsDeliverTheRest(t *testing.T) {
	r := startBot(t)
	u := telegramtest.User{ID: 4343, FirstName: "Bích"}
	r.tg.AddUser(u)
	r.tg.FailNext("sendPhoto", 400, 0, "Bad Request: IMAGE_PROCESS_FAILED")
	r.tg.FailNext("sendDocument", 413, 0, "Request Entity Too Large")
	err := r.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := relay.Enqueue(tx, store.Outgoing{Channel: bot.Channel, Chat: fmt.Sprint(u.ID), Bulk: true}, fieldbot.Message{
			Text: "<b>Bản tổng hợp</b> tuần 48", Caption: "Biểu đồ <tiến độ>", Lang: "en",
			Photo:    &fieldbot.File{Name: "tien-do.png", Data: chartPNG(t)},
			Document: &fieldbot.File{Name: "tien-do.xlsx", Data: []byte("PK xlsx")}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.bot.Kick()
	waitDrained(t, r, 10*time.Second)
	var got []string
	for _, m := range r.tg.Messages(u.ID) {
		if m.Photo != nil || m.Document != nil {
			t.Errorf("an attachment arrived although Telegram refused it: %+v", m)
		}
		got = append(got, m.PlainText())
	}
	want := []string{"Biểu đồ <tiến độ>\n⚠️ The chart could not be attached.", "Bản tổng hợp tuần 48", "⚠️ The spreadsheet could not be attached."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("messages %q; want %q", got, want)
	}
	if f := r.bot.Refused(); f.Count != 2 || f.Part != "document" || !strings.Contains(f.Err, "Too Large") {
		t.Errorf("Refused() = %+v; want two parts, the last the document", f)
	}
	if rej := r.tg.Rejections(); len(rej) != 0 {
		t.Errorf("rejected calls: %+v", rej)
	}
}

// A message none of whose parts Telegram takes is dropped once, and the
// chat's next message goes out: a refusal never wedges the queue.
func TestWhollyRefusedMessageIsDropped(t *testing.T) {
	r := startBot(t)
	u := telegramtest.User{ID: 4344, FirstName: "Chi"}
	r.tg.AddUser(u)
	r.tg.FailNext("sendMessage", 413, 0, "Request Entity Too Large")
	queueDigests(t, r.db, []int64{u.ID, u.ID}, "nhắc báo cáo", nil)
	r.bot.Kick()
	waitDrained(t, r, 10*time.Second)
	if msgs := r.tg.Messages(u.ID); len(msgs) != 1 || msgs[0].Text != "nhắc báo cáo" {
		t.Fatalf("got %+v; want the second message only", msgs)
	}
	if f := r.bot.Refused(); f.Count != 1 || f.Part != "text" {
		t.Errorf("Refused() = %+v; want the refused text", f)
	}
}
