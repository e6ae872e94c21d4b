package conversation_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
)

// menuArgs are arguments that get each command past its usage message, so
// that only a permission check can refuse it.
var menuArgs = map[conversation.Command]string{
	conversation.CmdInvite: an.Phone,
	conversation.CmdReopen: "kv1 2026-W47",
}

// TestMenusMatchPermissions drives the engine with every command as an
// officer, a leader and an admin: a role's menu offers exactly the
// commands the engine does not refuse to that role.
func TestMenusMatchPermissions(t *testing.T) {
	h := province(t)
	cfg := h.e.Config()
	cfg.Digests = true
	e := conversation.New(cfg)
	refusal := locale.New(locale.VI).HTML("error.not_allowed")
	for _, person := range []fieldbot.Person{an, bich, cuong} {
		inMenu := map[conversation.Command]bool{}
		for _, c := range conversation.Menu(person.Role) {
			inMenu[c.Name] = true
		}
		for _, c := range conversation.Commands {
			res, err := e.Handle(conversation.Session{
				Now: h.now, Person: &person, Channels: []string{"telegram"},
				Latest: func(fieldbot.SubmissionKey) (fieldbot.Submission, bool, error) {
					return fieldbot.Submission{}, false, nil
				},
				Reopened: func(string, string, string) (time.Time, bool, error) { return time.Time{}, false, nil },
				Invite:   func(string) (string, time.Time, error) { return "ABCD2345", h.now.Add(time.Hour), nil },
			}, fieldbot.Input{Kind: fieldbot.InputCommand, Command: string(c.Name), Text: menuArgs[c.Name]})
			if err != nil {
				t.Fatalf("%s /%s: %v", person.Role, c.Name, err)
			}
			refused := false
			for _, m := range res.Messages {
				refused = refused || m.Text == refusal
			}
			if refused == inMenu[c.Name] {
				t.Errorf("%s: /%s in menu = %v, but the engine refuses it = %v", person.Role, c.Name, inMenu[c.Name], refused)
			}
			if c.For(person.Role) != inMenu[c.Name] {
				t.Errorf("%s: For(/%s) disagrees with Menu", person.Role, c.Name)
			}
		}
	}
}

// TestHelpListsTheMenu: /help names, for each role and language, exactly
// the commands of that role's menu (all but /start, which needs no help).
func TestHelpListsTheMenu(t *testing.T) {
	h := province(t)
	for _, person := range []fieldbot.Person{an, bich, cuong} {
		h.person = &person
		for _, lang := range []locale.Lang{locale.VI, locale.EN} {
			cfg := h.e.Config()
			cfg.Lang = lang
			h.e = conversation.New(cfg)
			help := h.command("help").Messages[0].Text
			for _, c := range conversation.Commands {
				if c.Name == conversation.CmdStart {
					continue
				}
				want := c.For(person.Role)
				for _, name := range []string{string(c.Name), c.Alias} {
					if got := regexp.MustCompile(`/` + name + `\b`).MatchString(help); got != want {
						t.Errorf("%s help (%s) mentions /%s = %v; want %v", person.Role, lang, name, got, want)
					}
				}
			}
			if strings.Contains(help, "{") {
				t.Errorf("%s help (%s) has an unfilled placeholder", person.Role, lang)
			}
		}
	}
}
