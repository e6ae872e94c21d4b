package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/store"
)

// menus keeps Telegram's command menus in step with roles: the officer's
// menu is everyone's default (strangers included); a leader or an admin
// gets their role's menu in their own chat. It works in the background, one
// call per tick, so neither start-up with hundreds of leaders nor a
// slow Bot API holds up a reply.
type menus struct {
	b      *Bot
	byRole map[fieldbot.Role]map[string][]Command
	langs  []string                 // every language any menu is set in
	ids    map[fieldbot.Role]string // a role's own menu, as recorded in the store

	mu      sync.Mutex
	fresh   []string // user ids just bound: they are waiting for their menu
	backlog []string // user ids found out of step at start-up
	wake    chan struct{}
}

func newMenus(b *Bot, byRole map[fieldbot.Role]map[string][]Command) *menus {
	m := &menus{b: b, byRole: byRole, ids: map[fieldbot.Role]string{}, wake: make(chan struct{}, 1)}
	for role, byLang := range byRole {
		h := fnv.New32a()
		for _, lang := range slices.Sorted(maps.Keys(byLang)) {
			if !slices.Contains(m.langs, lang) {
				m.langs = append(m.langs, lang)
			}
			fmt.Fprintf(h, "%s\x00%v\x00", lang, byLang[lang])
		}
		// Naming the contents too means a new release's menus reach
		// people whose role did not change.
		m.ids[role] = fmt.Sprintf("%s-%08x", role, h.Sum32())
	}
	slices.Sort(m.langs)
	return m
}

// want is the menu a user's chat should show: "" for the default (officers,
// and anyone no longer on the roster), else their role's.
func (m *menus) want(a store.Account) (fieldbot.Role, string) {
	roster := m.b.opt.Relay.Roster
	if roster == nil {
		return "", ""
	}
	p, ok := roster.Lookup(a.Phone)
	if !ok || p.Role == fieldbot.RoleOfficer {
		return "", ""
	}
	return p.Role, m.ids[p.Role]
}

// bound asks for a freshly bound user's menu, ahead of the start-up backlog.
// It never blocks.
func (m *menus) bound(userID string) {
	m.mu.Lock()
	m.fresh = append(m.fresh, userID)
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

func (m *menus) next(ctx context.Context) (string, bool) {
	for {
		m.mu.Lock()
		var user string
		switch {
		case len(m.fresh) > 0:
			user, m.fresh = m.fresh[0], m.fresh[1:]
		case len(m.backlog) > 0:
			user, m.backlog = m.backlog[0], m.backlog[1:]
		}
		m.mu.Unlock()
		if user != "" {
			return user, true
		}
		select {
		case <-ctx.Done():
			return "", false
		case <-m.wake:
		}
	}
}

// run sets the default menu, then every chat's found out of step, then
// those of people as they bind, until ctx ends. Failures are logged and
// tried again at the next start-up.
func (m *menus) run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	call := func(c tgbotapi.Chattable) error {
		for {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-tick.C:
			}
			// The poller's requests end with ctx, so a shutdown does not
			// wait for them.
			_, err := m.b.poller.Request(c)
			if f, wait := classify(err); err != nil && f == failWait {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(wait):
				}
				continue
			}
			return err
		}
	}
	for _, lang := range m.langs {
		cmds := m.byRole[fieldbot.RoleOfficer][lang]
		if err := call(setCommands(tgbotapi.NewBotCommandScopeDefault(), lang, cmds)); err != nil && ctx.Err() == nil {
			m.b.log.Warn("setMyCommands failed", "lang", lang, "err", m.b.red.err(err))
		}
	}
	if err := m.queueStale(); err != nil {
		m.b.log.Error("cannot list accounts for their command menus", "err", err)
	}
	for {
		user, ok := m.next(ctx)
		if !ok {
			return
		}
		m.sync(ctx, user, call)
	}
}

// queueStale queues every Telegram account whose chat menu is out of step
// with its person's role in the roster, as it is now.
func (m *menus) queueStale() error {
	accts, err := m.b.opt.DB.Accounts()
	if err != nil {
		return err
	}
	var stale []string
	for _, a := range accts {
		if _, id := m.want(a); a.Channel == Channel && id != a.Menu {
			stale = append(stale, a.UserID)
		}
	}
	if len(stale) > 0 {
		m.b.log.Info("updating command menus in the background", "chats", len(stale))
	}
	m.mu.Lock()
	m.backlog = append(m.backlog, stale...)
	m.mu.Unlock()
	return nil
}

// sync gives one user's chat the menu of their role (or takes its own menu
// away so the default applies) and records it.
func (m *menus) sync(ctx context.Context, user string, call func(tgbotapi.Chattable) error) {
	var a store.Account
	var found bool
	err := m.b.opt.DB.View(func(tx *store.Tx) error {
		var err error
		a, found, err = tx.Account(Channel, user)
		return err
	})
	if err != nil {
		m.b.log.Error("cannot read an account for its command menu", "user", user, "err", err)
		return
	}
	role, id := m.want(a)
	if !found || id == a.Menu {
		return
	}
	chat, err := strconv.ParseInt(a.Chat, 10, 64)
	if err != nil {
		return
	}
	// Until every call has worked the chat's menu is unknown: a failure or a
	// shutdown half-way leaves it to be done again at the next start.
	if !m.record(user, menuUnknown) {
		return
	}
	scope := tgbotapi.NewBotCommandScopeChat(chat)
	for _, lang := range m.langs {
		var c tgbotapi.Chattable = tgbotapi.NewDeleteMyCommandsWithScopeAndLanguage(scope, lang)
		if cmds := m.byRole[role][lang]; id != "" && len(cmds) > 0 {
			c = setCommands(scope, lang, cmds)
		}
		if err := call(c); err != nil {
			if ctx.Err() == nil {
				m.b.log.Warn("cannot update a chat's command menu; trying again at the next start",
					"chat", a.Chat, "role", role, "lang", lang, "err", m.b.red.err(err))
			}
			return
		}
	}
	m.record(user, id)
}

// menuUnknown is recorded while a chat's menu is being changed: it matches
// no menu, so the chat is out of step until the change is complete.
const menuUnknown = "?"

func (m *menus) record(user, id string) bool {
	err := m.b.opt.DB.Update(context.Background(), func(tx *store.Tx) error { return tx.SetMenu(Channel, user, id) })
	if err != nil {
		m.b.log.Error("cannot record a chat's command menu", "user", user, "err", err)
	}
	return err == nil
}

// CommandMenus are each role's command menus: Vietnamese aliases with
// Vietnamese descriptions by default, English names for English clients.
func CommandMenus() map[fieldbot.Role]map[string][]Command {
	vi, en := locale.New(locale.VI), locale.New(locale.EN)
	out := map[fieldbot.Role]map[string][]Command{}
	for _, role := range []fieldbot.Role{fieldbot.RoleOfficer, fieldbot.RoleLeader, fieldbot.RoleAdmin} {
		byLang := map[string][]Command{}
		for _, c := range conversation.Menu(role) {
			name := c.Alias
			if name == "" {
				name = string(c.Name)
			}
			byLang[""] = append(byLang[""], Command{Name: name, Description: vi.T(c.Key)})
			byLang["en"] = append(byLang["en"], Command{Name: string(c.Name), Description: en.T(c.Key)})
		}
		out[role] = byLang
	}
	return out
}

func setCommands(scope tgbotapi.BotCommandScope, lang string, cmds []Command) tgbotapi.SetMyCommandsConfig {
	list := make([]tgbotapi.BotCommand, 0, len(cmds))
	for _, c := range cmds {
		list = append(list, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	return tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, lang, list...)
}
