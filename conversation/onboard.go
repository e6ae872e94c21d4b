package conversation

import (
	"errors"
	"strings"

	"github.com/fieldbot/fieldbot"
)

// onboard handles a chat whose account is not bound to anyone yet: the only
// thing such a person can do is share their own phone number.
func (t *turn) onboard(in fieldbot.Input) error {
	if code, ok := inviteCode(in); ok && t.s.Redeem != nil {
		return t.redeem(code)
	}
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
	t.bind(person)
	return nil
}

// inviteCode finds an invitation code in "/start CODE" or in text that
// is nothing but a code.
func inviteCode(in fieldbot.Input) (string, bool) {
	switch {
	case in.Kind == fieldbot.InputCommand && strings.EqualFold(in.Command, string(CmdStart)):
		return fieldbot.NormalizeInviteCode(in.Text)
	case in.Kind == fieldbot.InputText:
		return fieldbot.NormalizeInviteCode(in.Text)
	}
	return "", false
}

// redeem binds the account to the person a code was issued for.
func (t *turn) redeem(code string) error {
	phone, err := t.s.Redeem(code)
	switch {
	case errors.Is(err, ErrTooManyAttempts):
		t.sayKey("invite.too_many")
		return nil
	case err != nil:
		return err
	}
	person, ok := t.e.cfg.Roster.Lookup(phone)
	if phone == "" || !ok { // unknown, used, expired, or taken off the roster since
		t.sayKey("invite.bad_code")
		return nil
	}
	t.bind(person)
	return nil
}

// bind ties the chat's account to a roster person and greets them.
func (t *turn) bind(person fieldbot.Person) {
	t.res.Bind = &person
	t.s.Person = &person
	t.say(fieldbot.Message{
		Text: t.p.HTML("onboard.greet", "name", person.Name, "unit", t.unitName(person.Unit),
			"role", t.p.T("role."+string(person.Role))),
		ClearKeyboard: true,
	})
	t.sayKey(helpKey(person.Role))
}

func (t *turn) askPhone() {
	if t.s.Typed {
		t.sayKey("onboard.send_code")
		return
	}
	t.say(fieldbot.Message{Text: t.p.HTML("onboard.share_phone"), AskContact: t.p.T("onboard.share_button")})
}
