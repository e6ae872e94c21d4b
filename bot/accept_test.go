package bot_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/telegramtest"
)

// Updates arriving in bursts — several of one chat in one getUpdates
// batch, many chats at once — are each answered once, in each chat's
// order, whether handled at once (recorded by their own commit) or stored
// behind an earlier one; a re-delivery of either kind is ignored.
func TestBurstsAnsweredOnceInOrder(t *testing.T) {
	o := newOffice(t)
	var people []fieldbot.Person
	var users []telegramtest.User
	for i := range 10 {
		p := fieldbot.Person{Phone: fmt.Sprintf("09120000%02d", i), Name: fmt.Sprint("Cán bộ ", i), Unit: "kv1", Role: fieldbot.RoleOfficer}
		u := telegramtest.User{ID: int64(500 + i), FirstName: p.Name}
		people, users = append(people, p), append(users, u)
		o.bind(u, p)
	}
	o.start(people, time.Hour)

	// Help and an unknown word alternate; each has a reply of its own.
	inputs := []string{"/trogiup", "xin chào"}
	const rounds = 3 // Telegram's 1 message a second per chat paces the replies
	var ids sync.Map // user → update ids sent
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			var sent []int
			for i := range 2 * rounds {
				sent = append(sent, o.tg.SendText(u, inputs[i%2]))
			}
			ids.Store(u.ID, sent)
		})
	}
	wg.Wait()
	kind := func(m telegramtest.Message) int {
		if strings.Contains(m.PlainText(), "/xephang") {
			return 0 // the help lists every command
		}
		return 1
	}
	for _, u := range users {
		o.eventually(fmt.Sprint("all replies to ", u.FirstName), func() bool { return len(o.tg.Messages(u.ID)) >= 2*rounds })
	}
	// A re-delivered update changes nothing, however it was first handled.
	for _, u := range users {
		v, _ := ids.Load(u.ID)
		sent := v.([]int)
		for _, id := range []int{sent[0], sent[len(sent)-1]} {
			if !o.tg.Redeliver(id) {
				t.Fatalf("Redeliver(%d) failed", id)
			}
		}
		o.say(u, "/trogiup", "/xephang") // after the re-deliveries, in this chat's order
	}
	for _, u := range users {
		msgs := o.tg.Messages(u.ID)
		if len(msgs) != 2*rounds+1 {
			t.Fatalf("%s got %d replies to %d messages; re-deliveries answered?\nlogs:\n%s", u.FirstName, len(msgs), 2*rounds+1, o.logs)
		}
		for i, m := range msgs[:2*rounds] {
			if kind(m) != i%2 {
				t.Fatalf("%s: reply %d is %q; replies out of order", u.FirstName, i, m.PlainText())
			}
		}
	}
	if r := o.tg.Rejections(); len(r) > 0 {
		t.Errorf("Telegram would have refused %d calls, first %+v", len(r), r[0])
	}
	if pending, _ := o.db.InboxPending("telegram"); len(pending) != 0 {
		t.Errorf("%d updates still pending", len(pending))
	}
}
