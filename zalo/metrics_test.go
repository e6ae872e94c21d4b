package zalo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/zalo"
	"github.com/fieldbot/fieldbot/zalotest"
)

// counts records what the channel reports for metrics.
type counts struct {
	mu       sync.Mutex
	received map[string]int
	sent     map[string]int
}

func (c *counts) with(o *zalo.Options) {
	c.received, c.sent = map[string]int{}, map[string]int{}
	o.Received = func(channel string, n int) { c.mu.Lock(); c.received[channel] += n; c.mu.Unlock() }
	o.Sent = func(channel, result string) { c.mu.Lock(); c.sent[channel+" "+result]++; c.mu.Unlock() }
}

func (c *counts) get() (received, sentOK int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.received[zalo.Channel], c.sent[zalo.Channel+" ok"]
}

// Updates received and messages sent are counted, by webhook and by polling.
func TestReceivedAndSentCounted(t *testing.T) {
	for _, polling := range []bool{false, true} {
		var c counts
		r := startMode(t, polling, c.with)
		an := zalotest.User{ID: "zu-an", Name: "An"}
		r.say(t, an, "xin chào", "mã mời")
		r.say(t, an, "tro giup", "mã mời")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		for ctx.Err() == nil { // the count follows the send's answer
			if _, sent := c.get(); sent >= 2 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		if received, sent := c.get(); received != 2 || sent < 2 {
			t.Errorf("polling %v: received %d, sent ok %d; want 2 and at least 2", polling, received, sent)
		}
	}
}
