package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/fieldbot/fieldbot/store"
)

func TestOutbox(t *testing.T) {
	db, _ := tempDB(t)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			channel := "telegram"
			if i%3 == 0 {
				channel = "zalo"
			}
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.Enqueue(store.Outgoing{ID: 999, Channel: channel, Chat: fmt.Sprint(i), Payload: []byte{byte(i)}})
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	out, err := db.Outbox("telegram")
	if err != nil || len(out) != 20 {
		t.Fatalf("Outbox = %d entries, %v; want 20", len(out), err)
	}
	for i, o := range out {
		if i > 0 && o.ID <= out[i-1].ID {
			t.Fatalf("outbox out of order: %d after %d", o.ID, out[i-1].ID)
		}
		if o.Channel != "telegram" || o.Created.IsZero() || len(o.Payload) != 1 || o.Chat != fmt.Sprint(o.Payload[0]) {
			t.Errorf("entry %+v", o)
		}
	}
	if err := db.OutboxDone(out[0].ID, out[5].ID, 123456); err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db)
	rest, _ := db.Outbox("telegram")
	if len(rest) != 18 || rest[0].ID != out[1].ID {
		t.Errorf("after OutboxDone: %d entries starting at %d; want 18 from %d", len(rest), rest[0].ID, out[1].ID)
	}
	if zalo, _ := db.Outbox("zalo"); len(zalo) != 10 {
		t.Errorf("zalo outbox = %d entries; want 10", len(zalo))
	}
	// Ids are never reused, so a late OutboxDone cannot delete a new message.
	var id uint64
	update(t, db, func(tx *store.Tx) error {
		var err error
		id, err = tx.Enqueue(store.Outgoing{Channel: "telegram", Chat: "1"})
		return err
	})
	if id <= rest[len(rest)-1].ID {
		t.Errorf("new id %d not above %d", id, rest[len(rest)-1].ID)
	}
}
