package conversation

import (
	"slices"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// invite issues an invitation code for a person of the caller's scope, by
// phone or by name: leaders invite the officers of their subtree, admins
// anyone. Leaders and admins are otherwise invited from the server's
// command line (fieldbot invite).
func (t *turn) invite(args string) error {
	if !t.s.Person.Role.Leads() {
		t.sayKey("error.not_allowed")
		return nil
	}
	if t.s.Invite == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	args = strings.TrimSpace(args)
	if args == "" {
		t.sayKey("invite.usage")
		return nil
	}
	var found []fieldbot.Person
	if phone, err := fieldbot.NormalizePhone(args); err == nil {
		if p, ok := t.e.cfg.Roster.Lookup(phone); ok {
			found = append(found, p)
		}
	} else {
		want := locale.Fold(args)
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
	switch len(mine) {
	case 0:
		t.sayKey("invite.unknown", "who", args)
		return nil
	case 1:
	default:
		t.sayKey("invite.ambiguous", "who", args)
		return nil
	}
	p := mine[0]
	if t.s.Person.Role != fieldbot.RoleAdmin && p.Role != fieldbot.RoleOfficer {
		// A leader's code for a leader or an admin would let the holder of
		// a second account act with that role.
		t.sayKey("invite.officers_only", "name", p.Name)
		return nil
	}
	code, expires, err := t.s.Invite(p.Phone)
	if err != nil {
		return err
	}
	t.sayKey("invite.issued", "name", p.Name, "code", fieldbot.FormatInviteCode(code),
		"expires", locale.FormatDateTime(expires.In(t.e.cfg.Calendar.Location)))
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
