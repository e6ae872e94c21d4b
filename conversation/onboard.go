package conversation

import (
	"github.com/fieldbot/fieldbot"
)

// onboard handles a chat whose account is not bound to anyone yet: the only
// thing such a person can do is share their own phone number.
func (t *turn) onboard(in fieldbot.Input) error {
	if in.Kind != fieldbot.InputContact {
		t.askPhone()
		return nil
	}
	if !in.ContactOwn {
		t.sayKey("onboard.foreign_contact")
		t.askPhone()
		return nil
	}
	person, ok := t.e.cfg.Roster.Lookup(in.Contact)
	if !ok {
		t.say(fieldbot.Message{Text: t.p.HTML("onboard.stranger", "phone", in.Contact), ClearKeyboard: true})
		return nil
	}
	t.res.Bind = &person
	t.s.Person = &person
	t.say(fieldbot.Message{
		Text: t.p.HTML("onboard.greet", "name", person.Name, "unit", t.unitName(person.Unit),
			"role", t.p.T("role."+string(person.Role))),
		ClearKeyboard: true,
	})
	t.sayKey(helpKey(person.Role))
	return nil
}

func (t *turn) askPhone() {
	t.say(fieldbot.Message{Text: t.p.HTML("onboard.share_phone"), AskContact: t.p.T("onboard.share_button")})
}
