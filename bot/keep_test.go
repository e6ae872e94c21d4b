package bot

import (
	"context"
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot/store"
)

// A fresh update carries no JSON while it is handled at once; if it has to
// be kept after all, it is stored with its JSON, readable at the next
// start, and the poll loop is told it is on disk.
func TestKeptFreshUpdateIsStoredWhole(t *testing.T) {
	b, _ := newTestBot(t)
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(`{"update_id":77,"message":{"message_id":5,"date":1,"text":"120",
		"from":{"id":42,"is_bot":false,"first_name":"An"},"chat":{"id":42,"type":"private"}}}`), &u); err != nil {
		t.Fatal(err)
	}
	onDisk := b.recorded.expect(77)
	b.keep(context.Background(), store.InboxItem{Channel: Channel, ID: 77, Chat: "42", Fresh: true}, &u)
	if err := <-onDisk; err != nil {
		t.Fatalf("kept: %v", err)
	}
	pending, err := b.opt.DB.InboxPending(Channel)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending %+v, %v; want the kept update", pending, err)
	}
	got, err := b.update(pending[0])
	if err != nil || got.UpdateID != 77 || got.Message == nil || got.Message.Text != "120" || got.Message.Chat.ID != 42 {
		t.Errorf("stored update reads back as %+v, %v", got, err)
	}
}
