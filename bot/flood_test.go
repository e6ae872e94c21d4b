package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/inbox"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// 50 unlinked accounts send 20 messages each, four a second, while an
// officer asks for help five times, a second apart. What the strangers cost is bounded — one chat and all
// of them together (inbox.DefaultPerChat, inbox.DefaultAll) — so their
// replies do not queue in front of the officer's at Telegram's 30 a
// second; the rest of the flood is dropped unanswered. The officer's
// reply times are logged (never asserted); the counts are. Before the
// gate every one of the 1,000 messages was handled and answered, and the
// officer waited about as long as 50 replies take to send.
func TestStrangerFloodIsBounded(t *testing.T) {
	o := newOffice(t)
	officer := fieldbot.Person{Phone: "0912000001", Name: "Cán bộ Một", Unit: "kv1", Role: fieldbot.RoleOfficer}
	an := telegramtest.User{ID: 700, FirstName: "An"}
	o.bind(an, officer)
	o.start([]fieldbot.Person{officer}, time.Hour)
	o.say(an, "/trogiup", "/xephang") // warm up

	const strangers, each = 50, 20
	var users []telegramtest.User
	for i := range strangers {
		u := telegramtest.User{ID: int64(800000 + i), FirstName: fmt.Sprint("Lạ ", i)}
		o.tg.AddUser(u)
		users = append(users, u)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			for range each { // over 5 s, while the officer works
				o.tg.SendText(u, "xin chào")
				time.Sleep(250 * time.Millisecond)
			}
		})
	}
	var waits []time.Duration
	for range 5 {
		time.Sleep(1100 * time.Millisecond) // Telegram allows one message a second to a chat: measure the bot, not that
		t0 := time.Now()
		o.say(an, "/trogiup", "/xephang")
		waits = append(waits, time.Since(t0))
	}
	wg.Wait()
	// Let what was admitted be answered.
	deadline := time.Now().Add(90 * time.Second)
	for {
		out, err := o.db.Outbox(bot.Channel)
		if err != nil {
			t.Fatal(err)
		}
		pending, _ := o.db.InboxPending(bot.Channel)
		if len(out) == 0 && len(pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d replies still to send after 90 s", len(out))
		}
		time.Sleep(50 * time.Millisecond)
	}
	elapsed := time.Since(start)
	answered, most := 0, 0
	for _, u := range users {
		n := len(o.tg.Messages(u.ID))
		answered += n
		most = max(most, n)
	}
	t.Logf("officer's replies during the flood, in order: %v", waits)
	slices.Sort(waits)
	t.Logf("officer's replies during the flood: %v (median %v, max %v); strangers answered %d of %d (most in one chat %d) in %v",
		waits, waits[len(waits)/2], waits[len(waits)-1], answered, strangers*each, most, elapsed.Round(time.Millisecond))

	// Counts, not times: what the bounds allow over the time it took.
	allowAll := inbox.DefaultAll.Burst + int(elapsed/inbox.DefaultAll.Every) + 1
	allowChat := inbox.DefaultPerChat.Burst + int(elapsed/inbox.DefaultPerChat.Every) + 1
	if answered > allowAll {
		t.Errorf("strangers got %d answers in %v; the bound for all of them allows %d", answered, elapsed, allowAll)
	}
	if most > allowChat {
		t.Errorf("one stranger got %d answers in %v; the bound for one chat allows %d", most, elapsed, allowChat)
	}
	if answered == 0 {
		t.Error("no stranger was answered at all; a newcomer must still be onboarded")
	}
	if !strings.Contains(o.logs.String(), "unlinked account") {
		t.Errorf("no log line about the dropped messages:\n%s", o.logs)
	}
}
