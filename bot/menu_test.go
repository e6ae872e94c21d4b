package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/bot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
	"github.com/fieldbot/fieldbot/telegramtest"
)

var (
	officerAn    = fieldbot.Person{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer}
	leaderBich   = fieldbot.Person{Phone: "0987654321", Name: "Trần Thị Bích", Unit: "kv1", Role: fieldbot.RoleLeader}
	adminCuong   = fieldbot.Person{Phone: "0903123456", Name: "Lê Minh Cường", Unit: "dongthap", Role: fieldbot.RoleAdmin}
	tgAn         = telegramtest.User{ID: 1001, FirstName: "An", LanguageCode: "vi"}
	tgBich       = telegramtest.User{ID: 1002, FirstName: "Bích", LanguageCode: "vi"}
	tgCuong      = telegramtest.User{ID: 1003, FirstName: "Cường", LanguageCode: "en"}
	leaderOnly   = []string{"chuabaocao", "tonghop", "moi"}
	leaderOnlyEN = []string{"missing", "digest", "invite"}
)

// logBuffer collects the bot's log lines from many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// office is a fake Telegram and a store that outlive the bots started on
// them, so a test can restart the bot with another roster.
type office struct {
	t    *testing.T
	tg   *telegramtest.Server
	db   *store.DB
	logs *logBuffer
	bot  *bot.Bot // the last one started
}

func newOffice(t *testing.T) *office {
	t.Helper()
	tg, db := newStore(t)
	return &office{t: t, tg: tg, db: db, logs: &logBuffer{}}
}

// start runs the bot with the real engine over people, setting menus
// every `every`; the returned function stops it.
func (o *office) start(people []fieldbot.Person, every time.Duration, tweak ...func(*bot.Options)) (stop func()) {
	t := o.t
	t.Helper()
	tree, err := fieldbot.NewTree([]fieldbot.Unit{{ID: "dongthap", Name: "Thi hành án dân sự tỉnh Đồng Tháp"}, {ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1", Parent: "dongthap"}})
	if err != nil {
		t.Fatal(err)
	}
	roster, err := fieldbot.NewRoster(people)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(o.logs, nil))
	engine := conversation.New(conversation.Config{Tree: tree, Roster: roster, Lang: locale.VI,
		Calendar: fieldbot.Calendar{Location: time.UTC, YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}})
	rl := &relay.Relay{DB: o.db, Engine: engine, Roster: roster, Lang: locale.VI, Now: time.Now, Log: log}
	ctx, cancel := context.WithCancel(context.Background())
	opt := bot.Options{Token: token, APIURL: o.tg.URL(), DB: o.db, Relay: rl, Log: log,
		PollTimeout: time.Second, Menus: bot.CommandMenus(), MenuEvery: every}
	for _, f := range tweak {
		f(&opt)
	}
	b, err := bot.New(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.bot = b
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// bind records an account as if u had bound it before the bot started.
func (o *office) bind(u telegramtest.User, p fieldbot.Person) {
	o.t.Helper()
	o.tg.AddUser(u)
	id := fmt.Sprint(u.ID)
	err := o.db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.BindAccount(store.Account{Channel: bot.Channel, UserID: id, Chat: id, Phone: p.Phone})
	})
	if err != nil {
		o.t.Fatal(err)
	}
}

// say sends text (or a shared contact if it is a phone) and waits for a
// reply containing want.
func (o *office) say(u telegramtest.User, text, want string) {
	o.t.Helper()
	after := 0
	if m, ok := o.tg.LastMessage(u.ID); ok {
		after = m.ID
	}
	if strings.HasPrefix(text, "0") {
		o.tg.SendContact(u, telegramtest.Contact{PhoneNumber: text, FirstName: u.FirstName, UserID: u.ID})
	} else {
		o.tg.SendText(u, text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := o.tg.WaitFor(ctx, u.ID, func(m telegramtest.Message) bool {
		return m.ID > after && strings.Contains(m.PlainText(), want)
	}); err != nil {
		o.t.Fatalf("%s sent %q; waiting for %q: %v\nlogs:\n%s", u.FirstName, text, want, err, o.logs)
	}
}

// eventually waits until cond holds.
func (o *office) eventually(what string, cond func() bool) {
	o.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			o.t.Fatalf("gave up waiting: %s\nlogs:\n%s", what, o.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// menuRecorded is what the store says u's chat shows.
func (o *office) menuRecorded(u telegramtest.User) string {
	var a store.Account
	err := o.db.View(func(tx *store.Tx) error {
		var err error
		a, _, err = tx.Account(bot.Channel, fmt.Sprint(u.ID))
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return a.Menu
}

func names(cmds []telegramtest.BotCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Command)
	}
	return out
}

// has reports whether the scope's menu in lang has every one of want and
// none of not.
func (o *office) has(scope, lang string, want, not []string) bool {
	got := names(o.tg.ScopedCommands(scope, lang))
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	for _, n := range not {
		if slices.Contains(got, n) {
			return false
		}
	}
	return true
}

func chatScope(u telegramtest.User) string { return fmt.Sprint("chat:", u.ID) }

// TestCommandMenusByRole: the default menu is the officer's; a leader who
// binds, and an admin bound before start-up, get their role's menu in
// their own chat in Vietnamese and English; an officer who binds gets none.
func TestCommandMenusByRole(t *testing.T) {
	o := newOffice(t)
	o.bind(tgCuong, adminCuong)
	o.start([]fieldbot.Person{officerAn, leaderBich, adminCuong}, 10*time.Millisecond)

	o.eventually("the officer's menu as the default", func() bool {
		return o.has("default", "", []string{"baocao", "tiendo", "xephang", "kenh", "trogiup", "start"}, append(leaderOnly, "moky")) &&
			o.has("default", "en", []string{"report", "status", "start"}, append(leaderOnlyEN, "reopen"))
	})
	o.eventually("the admin bound before start-up gets the admin's menu", func() bool {
		return o.has(chatScope(tgCuong), "", append(leaderOnly, "moky", "baocao"), nil) &&
			o.has(chatScope(tgCuong), "en", append(leaderOnlyEN, "reopen", "report"), []string{"baocao"})
	})

	o.say(tgAn, "/start", "chia sẻ số điện thoại")
	o.say(tgAn, officerAn.Phone, "Nguyễn Văn An")
	o.say(tgBich, "/start", "chia sẻ số điện thoại")
	o.say(tgBich, leaderBich.Phone, "Trần Thị Bích")
	o.eventually("the leader who bound gets the leader's menu", func() bool {
		return o.has(chatScope(tgBich), "", append(leaderOnly, "baocao", "start"), []string{"moky"}) &&
			o.has(chatScope(tgBich), "en", append(leaderOnlyEN, "report"), []string{"reopen"})
	})
	// Menus are set in the order people bound: An's turn is over.
	for _, lang := range []string{"", "en"} {
		if got := o.tg.ScopedCommands(chatScope(tgAn), lang); len(got) != 0 {
			t.Errorf("the officer's own chat has a menu (%q): %v", lang, names(got))
		}
	}
	for _, r := range o.tg.Rejections() {
		t.Errorf("Telegram would have refused %s: %s", r.Method, r.Reason)
	}
}

// TestCommandMenuFollowsTheRosterAtRestart: a leader made an officer in
// the roster loses the chat's own menu at the next start, and a restart
// that changes nothing makes no call for anyone's chat.
func TestCommandMenuFollowsTheRosterAtRestart(t *testing.T) {
	o := newOffice(t)
	stop := o.start([]fieldbot.Person{officerAn, leaderBich}, 10*time.Millisecond)
	o.say(tgBich, "/start", "chia sẻ số điện thoại")
	o.say(tgBich, leaderBich.Phone, "Trần Thị Bích")
	o.eventually("the leader's menu", func() bool { return strings.HasPrefix(o.menuRecorded(tgBich), "leader") })
	if !o.has(chatScope(tgBich), "", leaderOnly, nil) || !o.has(chatScope(tgBich), "en", leaderOnlyEN, nil) {
		t.Fatalf("the leader's menus: %v, %v", names(o.tg.ScopedCommands(chatScope(tgBich), "")), names(o.tg.ScopedCommands(chatScope(tgBich), "en")))
	}
	stop()

	demoted := leaderBich
	demoted.Role = fieldbot.RoleOfficer
	stop = o.start([]fieldbot.Person{officerAn, demoted}, 10*time.Millisecond)
	o.eventually("the chat's own menu deleted in both languages", func() bool {
		return len(o.tg.ScopedCommands(chatScope(tgBich), "")) == 0 && len(o.tg.ScopedCommands(chatScope(tgBich), "en")) == 0
	})
	o.eventually("the store to know the chat shows the default", func() bool { return o.menuRecorded(tgBich) == "" })
	stop()

	sets, deletes := o.tg.Calls("setMyCommands"), o.tg.Calls("deleteMyCommands")
	o.start([]fieldbot.Person{officerAn, demoted}, 10*time.Millisecond)
	o.eventually("the default menus set again", func() bool { return o.tg.Calls("setMyCommands") == sets+2 })
	o.say(tgBich, "/trogiup", "/baocao") // a marker: start-up's menu work is long done
	time.Sleep(100 * time.Millisecond)
	if s, d := o.tg.Calls("setMyCommands"), o.tg.Calls("deleteMyCommands"); s != sets+2 || d != deletes {
		t.Errorf("a restart with nothing changed made %d setMyCommands and %d deleteMyCommands calls; want 2 and 0", s-sets, d-deletes)
	}
}

// TestCommandMenuFailuresAreLogged: a failing setMyCommands is logged and
// nobody's conversation waits for it or breaks; a 429 is waited out.
func TestCommandMenuFailuresAreLogged(t *testing.T) {
	o := newOffice(t)
	o.tg.FailNext("setMyCommands", 500, 0, "")
	o.start([]fieldbot.Person{officerAn, leaderBich, adminCuong}, 10*time.Millisecond)
	o.eventually("the failed default menu logged", func() bool { return strings.Contains(o.logs.String(), "setMyCommands failed") })

	// Telegram says wait 2 s: Bích's menu waits, her conversation does not.
	o.tg.FailNext("setMyCommands", 429, 2, "")
	o.say(tgBich, "/start", "chia sẻ số điện thoại")
	o.say(tgBich, leaderBich.Phone, "Trần Thị Bích")
	o.say(tgBich, "/trogiup", "/tonghop")
	if got := o.tg.ScopedCommands(chatScope(tgBich), ""); len(got) != 0 {
		t.Errorf("the menu was set before retry_after was over: %v", names(got))
	}
	o.eventually("the leader's menu after retry_after", func() bool { return strings.HasPrefix(o.menuRecorded(tgBich), "leader") })
	if !o.has(chatScope(tgBich), "", leaderOnly, nil) || !o.has(chatScope(tgBich), "en", leaderOnlyEN, nil) {
		t.Fatalf("the leader's menus after retry_after: %v, %v", names(o.tg.ScopedCommands(chatScope(tgBich), "")), names(o.tg.ScopedCommands(chatScope(tgBich), "en")))
	}

	// A refused call is logged; the chat goes on and the store still
	// says "not set", so the next start tries again.
	o.tg.FailNext("setMyCommands", 400, 0, "Bad Request: chat not found")
	o.say(tgCuong, "/start", "chia sẻ số điện thoại")
	o.say(tgCuong, adminCuong.Phone, "Lê Minh Cường")
	o.eventually("the refused chat menu logged", func() bool {
		return strings.Contains(o.logs.String(), "cannot update a chat's command menu")
	})
	o.say(tgCuong, "/trogiup", "/moky")
	if got := o.menuRecorded(tgCuong); got == "" || strings.HasPrefix(got, "admin") {
		t.Errorf("after a refused call the store says the chat shows %q; want neither the default nor the admin's menu", got)
	}
	if strings.Contains(o.logs.String(), token) {
		t.Error("the token appears in the logs")
	}
}

// TestCommandMenusArePacedAtStartUp: forty leaders bound before start-up
// get their menus one call per tick in the background, not in a burst.
func TestCommandMenusArePacedAtStartUp(t *testing.T) {
	o := newOffice(t)
	var people []fieldbot.Person
	var users []telegramtest.User
	for i := range 40 {
		p := fieldbot.Person{Phone: fmt.Sprintf("09100000%02d", i), Name: fmt.Sprint("Lãnh đạo ", i), Unit: "kv1", Role: fieldbot.RoleLeader}
		u := telegramtest.User{ID: int64(2000 + i), FirstName: p.Name}
		o.bind(u, p)
		people, users = append(people, p), append(users, u)
	}
	const every = 20 * time.Millisecond
	begin := time.Now()
	o.start(people, every)
	time.Sleep(300 * time.Millisecond)
	calls, elapsed := o.tg.Calls("setMyCommands"), time.Since(begin)
	if limit := int(elapsed/every) + 1; calls > limit {
		t.Errorf("%d setMyCommands calls in %v; pacing allows at most %d", calls, elapsed, limit)
	}
	if calls >= 2+2*len(users) {
		t.Errorf("all %d calls made in %v: not paced", calls, elapsed)
	}
	o.eventually("every leader's menu", func() bool {
		for _, u := range users {
			if !o.has(chatScope(u), "", leaderOnly, nil) || !o.has(chatScope(u), "en", leaderOnlyEN, nil) {
				return false
			}
		}
		return true
	})
}
