package conversation

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// invite issues an invitation code for a person of the caller's scope, by
// phone or by name: leaders invite the officers of their subtree, admins
// anyone. Leaders and admins are otherwise invited from the server's
// command line (fieldbot invite).
func (t *turn) invite(args string) error {
	if t.s.Invite == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	args = strings.TrimSpace(args)
	if args == "" {
		t.sayKey("invite.usage")
		return nil
	}
	// A leader's code for a leader or an admin would let the holder of a
	// second account act with that role.
	p, ok := t.onePerson(args, "invite.officers_only")
	if !ok {
		return nil
	}
	code, expires, err := t.s.Invite(p.Phone)
	if err != nil {
		return err
	}
	// The code travels beside the text too, for a channel that can make
	// a link of it (Telegram: t.me/<bot>?start=CODE and its QR image).
	t.say(fieldbot.Message{
		Text: t.p.HTML("invite.issued", "name", p.Name, "code", fieldbot.FormatInviteCode(code),
			"expires", locale.FormatDateTime(expires.In(t.e.cfg.Calendar.Location))),
		Invite: &fieldbot.Invitation{Code: code, Name: p.Name, Expires: expires},
	})
	return nil
}

// channelNames are the channel ids people may type, by folded name.
var channelNames = map[string]string{
	"zalo": "zalo", "telegram": "telegram", "tele": "telegram",
	"tat ca": "", "ca hai": "", "all": "", "both": "",
}

// channel shows or sets where the person gets digests and reminders when
// bound on more than one channel.
func (t *turn) channel(args string) error {
	list := strings.Join(t.s.Channels, ", ")
	q := locale.Fold(strings.TrimSpace(args))
	if q == "" {
		current := t.s.Preferred
		if current == "" {
			current = t.p.T("channel.all")
		}
		t.sayKey("channel.show", "channels", list, "current", current)
		return nil
	}
	ch, ok := channelNames[q]
	if !ok || (ch != "" && !slices.Contains(t.s.Channels, ch)) {
		t.sayKey("channel.unknown", "channel", args, "channels", list)
		return nil
	}
	t.res.Prefer = &ch
	shown := ch
	if shown == "" {
		shown = t.p.T("channel.all")
	}
	t.sayKey("channel.set", "channel", shown)
	return nil
}

// findPeople finds roster people of the caller's scope by phone or by name
// (case and diacritics ignored).
func (t *turn) findPeople(who string) []fieldbot.Person {
	var found []fieldbot.Person
	if phone, err := fieldbot.NormalizePhone(who); err == nil {
		if p, ok := t.e.cfg.Roster.Lookup(phone); ok {
			found = append(found, p)
		}
	} else {
		want := locale.Fold(who)
		for _, p := range t.e.cfg.Roster.People() {
			if locale.Fold(p.Name) == want {
				found = append(found, p)
			}
		}
	}
	var mine []fieldbot.Person
	for _, p := range found {
		if t.e.cfg.Tree.Contains(t.scope(), p.Unit) {
			mine = append(mine, p)
		}
	}
	return mine
}

// onePerson resolves who to exactly one person of the caller's scope whose
// invitation or accounts the caller may manage (admins anyone's, leaders
// their officers'), or says why not: refused is the catalog key for a
// person found but not the caller's to manage.
func (t *turn) onePerson(who, refused string) (fieldbot.Person, bool) {
	found := t.findPeople(who)
	switch {
	case len(found) == 0:
		t.sayKey("invite.unknown", "who", who)
		return fieldbot.Person{}, false
	case len(found) > 1:
		t.sayKey("invite.ambiguous", "who", who)
		return fieldbot.Person{}, false
	}
	p := found[0]
	if t.s.Person.Role != fieldbot.RoleAdmin && (t.s.Person.Role != fieldbot.RoleLeader || p.Role != fieldbot.RoleOfficer) {
		t.sayKey(refused, "name", p.Name)
		return fieldbot.Person{}, false
	}
	return p, true
}

// ChannelLabel names a channel for people: "Telegram", "Zalo".
func ChannelLabel(ch string) string {
	switch ch {
	case "telegram":
		return "Telegram"
	case "zalo":
		return "Zalo"
	}
	return ch
}

// accounts lists the accounts bound to the caller or, for leaders (their
// officers) and admins (anyone), to the person named.
func (t *turn) accounts(args string) error {
	if t.s.Accounts == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	p := *t.s.Person
	if who := strings.TrimSpace(args); who != "" {
		if !t.s.Person.Role.Leads() {
			t.sayKey("error.not_allowed")
			return nil
		}
		var ok bool
		if p, ok = t.onePerson(who, "accounts.officers_only"); !ok {
			return nil
		}
	}
	list, err := t.s.Accounts(p.Phone)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		t.sayKey("accounts.none", "name", p.Name)
		return nil
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("accounts.title", "name", p.Name, "phone", p.Phone))
	loc := t.e.cfg.Calendar.Location
	for i, a := range list {
		line := t.p.HTML("accounts.line", "n", strconv.Itoa(i+1), "channel", ChannelLabel(a.Channel), "id", a.UserID,
			"bound", locale.FormatDateTime(a.Bound.In(loc)))
		if a.Channel == t.s.Channel && a.UserID == t.s.UserID {
			line += " " + t.p.HTML("accounts.this_one")
		}
		b.WriteString("\n" + line)
	}
	if t.s.Person.Role.Leads() {
		b.WriteString("\n\n" + t.p.HTML("accounts.unlink_hint"))
	}
	t.say(fieldbot.Message{Text: b.String()})
	return nil
}

// unlink unbinds a person's accounts on one channel, or all of them: the
// lost-phone case. Admins may unlink anyone's, leaders their officers'.
func (t *turn) unlink(args string) error {
	if t.s.Accounts == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	words := strings.Fields(args)
	if len(words) == 0 {
		t.sayKey("accounts.unlink_usage")
		return nil
	}
	// The last word or two may name the channel: "zalo", "telegram", "tất cả".
	channel, all := "", true
	for n := 2; n >= 1; n-- {
		if len(words) <= n {
			continue
		}
		if ch, ok := channelNames[locale.Fold(strings.Join(words[len(words)-n:], " "))]; ok {
			words, channel, all = words[:len(words)-n], ch, ch == ""
			break
		}
	}
	p, ok := t.onePerson(strings.Join(words, " "), "accounts.officers_only")
	if !ok {
		return nil
	}
	list, err := t.s.Accounts(p.Phone)
	if err != nil {
		return err
	}
	var gone []Account
	var names []string
	for _, a := range list {
		if all || a.Channel == channel {
			gone = append(gone, a)
			names = append(names, ChannelLabel(a.Channel))
		}
	}
	if len(gone) == 0 {
		t.sayKey("accounts.none", "name", p.Name)
		return nil
	}
	t.res.Unlink, t.res.UnlinkOf = gone, &p
	t.sayKey("accounts.unlinked", "name", p.Name, "count", strconv.Itoa(len(gone)), "channels", strings.Join(names, ", "))
	return nil
}
