// Package conversation is the dialogue engine: onboarding, filling in a form
// field by field, the summary and the confirmation. It is a pure state
// machine: given the chat's state and one input it returns the new state, the
// effects to commit (a binding, a submission) and channel-neutral messages.
// It knows nothing of Telegram, bbolt or the wall clock.
package conversation

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/rules"
)

// DefaultIdleTimeout is how long a half-filled form waits for its next answer.
const DefaultIdleTimeout = 24 * time.Hour

// Check is a compiled form rule with the message shown when it fails.
type Check struct {
	Rule    *rules.Expr
	Message string
}

// Config is what the engine needs to know about the organisation.
type Config struct {
	Forms       []fieldbot.Form
	Checks      map[string][]Check // by form id
	Tree        *fieldbot.Tree
	Roster      *fieldbot.Roster
	Calendar    fieldbot.Calendar
	Lang        locale.Lang
	IdleTimeout time.Duration
	Indicators  []fieldbot.Indicator
	// Progress answers /status, /ranking and /missing; nil until wired.
	Progress Progress
	// Digests says digests are configured, so /digest can preview one.
	Digests bool
	// Sheets reads and writes the roster and targets spreadsheets; nil:
	// administration by spreadsheet is off.
	Sheets Sheets
}

// Config returns the engine's configuration, e.g. to build a variant.
func (e *Engine) Config() Config { return e.cfg }

// Engine runs conversations. It holds no per-chat state and is safe for
// concurrent use.
type Engine struct {
	cfg Config
	// shapes are each form's fields as a half-filled form remembers them
	// (see State.Shape), by form id.
	shapes map[string]string
}

// New returns an engine for the given organisation.
func New(cfg Config) *Engine {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	shapes := map[string]string{}
	for _, f := range cfg.Forms {
		shapes[f.ID] = shapeOf(f)
	}
	return &Engine{cfg: cfg, shapes: shapes}
}

// Session is what the engine is told about a chat when an input arrives.
type Session struct {
	Now time.Time
	// Person is who this chat's account is bound to; nil for a newcomer.
	Person *fieldbot.Person
	State  *State
	// Latest looks up the newest revision of a submission.
	Latest func(fieldbot.SubmissionKey) (fieldbot.Submission, bool, error)
	// Reopened says until when an administrator reopened a closed period
	// for a unit; nil means never.
	Reopened func(form, period, unit string) (time.Time, bool, error)
	// Redeem uses up an invitation code and returns its roster phone, ""
	// for a code that does not exist, is used or has expired, or
	// ErrTooManyAttempts. Nil: codes are not accepted.
	Redeem func(code string) (string, error)
	// Typed: everything on the channel is typed (no buttons, no phone
	// sharing): newcomers are asked for an invitation code, and no answer
	// tells the person to press a button.
	Typed bool
	// Channels are the channels the person is bound on; Preferred the one
	// they chose for scheduled messages ("" for all).
	Channels  []string
	Preferred string
	// Lang is the language the person chose; zero: the configured default.
	Lang locale.Lang
	// Invite issues a code for a roster phone, valid until the returned time.
	Invite func(phone string) (string, time.Time, error)
	// Channel and UserID are the account this input came from.
	Channel, UserID string
	// Accounts lists the channel accounts bound to a roster phone.
	Accounts func(phone string) ([]Account, error)
	// History reads at most limit events of the history, newest first:
	// those about any of units (none: all units) and, if person is not
	// "", about that person. Nil: /history is not available.
	History func(units []string, person string, limit int) ([]fieldbot.Event, error)
	// Directory reads the roster and the targets in force as stored in
	// the input's transaction (ok false: none stored yet; nil: the
	// engine's own). A confirmed import is checked and merged against
	// these, so that two imports committed together cannot both pass
	// against the roster before either.
	Directory func() (people []fieldbot.Person, targets []fieldbot.Target, ok bool, err error)
}

// Account is a channel account bound to a person.
type Account struct {
	Channel, UserID string
	Bound           time.Time
}

// ErrTooManyAttempts is Redeem's answer after too many wrong codes.
var ErrTooManyAttempts = errors.New("too many wrong invitation codes; try again later")

// Result is what an input leads to. The caller commits State, Bind and
// Submit in one transaction and only then sends Messages.
type Result struct {
	State  *State           // the chat's new state
	Bind   *fieldbot.Person // bind the chat's account to this person
	Submit *fieldbot.Submission
	Reopen *fieldbot.Reopening
	// Prefer, if set, is the person's new channel for scheduled messages
	// ("" for all).
	Prefer *string
	// Language, if set, is the person's new user-interface language.
	Language *locale.Lang
	// Unlink are accounts to unbind from UnlinkOf, whose other accounts
	// are told (the lost-phone case).
	Unlink   []Account
	UnlinkOf *fieldbot.Person
	// Import is a confirmed roster or targets change: stored in the same
	// transaction, in force once committed.
	Import *Import
	// Preview asks for this person's digest to be built and sent after
	// the commit: drawing a chart takes tens of milliseconds, too long to
	// hold the store's write transaction.
	Preview *fieldbot.Person
	// Messages are sent in order after the commit.
	Messages []fieldbot.Message
	// Toast answers a button press (a short notice, where the channel has one).
	Toast string
	// Accepted: the pressed button did something, so its buttons can go.
	Accepted bool
}

// Handle runs one input through the conversation.
func (e *Engine) Handle(s Session, in fieldbot.Input) (Result, error) {
	t := &turn{e: e, s: s, p: e.printer(s)}
	st := s.State
	if st == nil {
		st = &State{}
	}
	t.st = st
	in = t.picked(in)
	st.Offer = nil
	if err := t.run(in); err != nil {
		return Result{}, err
	}
	if t.st.Idle() {
		t.st.Offer = lastOffer(t.res.Messages)
	}
	t.res.State = t.st
	t.st.Updated = s.Now
	return t.res, nil
}

// picked turns a typed number or label of what an idle chat was offered
// last into a press of that option, as a button would send it.
func (t *turn) picked(in fieldbot.Input) fieldbot.Input {
	if in.Kind != fieldbot.InputText || !t.st.Idle() || len(t.st.Offer) == 0 {
		return in
	}
	s := strings.TrimSpace(in.Text)
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(t.st.Offer) {
		return fieldbot.Input{Kind: fieldbot.InputButton, Button: t.st.Offer[n-1].Data}
	}
	folded := locale.Fold(s)
	for _, o := range t.st.Offer {
		if locale.Fold(o.Label) == folded || locale.Fold(stripSymbols(o.Label)) == folded {
			return fieldbot.Input{Kind: fieldbot.InputButton, Button: o.Data}
		}
	}
	return in
}

// lastOffer is the options of the last message that has some.
func lastOffer(msgs []fieldbot.Message) []fieldbot.Option {
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].Options) > 0 {
			return msgs[i].Options
		}
	}
	return nil
}

// printer speaks the session's language, or the configured default.
func (e *Engine) printer(s Session) *locale.Printer {
	return locale.New(locale.Or(string(s.Lang), e.cfg.Lang))
}

// turn is one input being handled: the engine, the session, the state being
// changed and the result being built.
type turn struct {
	e   *Engine
	s   Session
	p   *locale.Printer
	st  *State
	res Result
}

// say queues a message.
func (t *turn) say(m fieldbot.Message) {
	m.Lang = string(t.p.Lang())
	t.res.Messages = append(t.res.Messages, m)
}

// sayKey queues a plain message from the catalog.
func (t *turn) sayKey(key string, kv ...string) { t.say(fieldbot.Message{Text: t.p.HTML(key, kv...)}) }

func (t *turn) run(in fieldbot.Input) error {
	if t.s.Person == nil {
		return t.onboard(in)
	}
	if !t.st.Idle() && t.s.Now.Sub(t.st.Updated) > t.e.cfg.IdleTimeout {
		*t.st = State{Seq: t.st.Seq + 1}
		t.sayKey("report.expired")
	}
	if t.mend() && in.Kind != fieldbot.InputCommand {
		// What was typed or pressed answered a question that has changed.
		return t.reask()
	}
	switch in.Kind {
	case fieldbot.InputCommand:
		return t.command(in)
	case fieldbot.InputButton:
		return t.button(in.Button)
	case fieldbot.InputFile:
		return t.received(in.File)
	case fieldbot.InputContact:
		t.sayKey("onboard.already", "name", t.s.Person.Name, "unit", t.unitName(t.s.Person.Unit))
		return nil
	case fieldbot.InputText:
		if t.st.Idle() {
			t.sayKey("help.hint")
			return nil
		}
		return t.text(in.Text)
	}
	if !t.st.Idle() {
		t.sayKey(t.typedKey("report.text_only"))
		return t.ask()
	}
	t.sayKey("help.hint")
	return nil
}

func (t *turn) unitName(id string) string { return t.e.cfg.Tree.Name(id) }

func (t *turn) command(in fieldbot.Input) error {
	if !t.st.Idle() && in.Plain != "" && strings.TrimSpace(in.Text) != "" {
		// Inside a form only a whole command is one: "Tiến độ chậm do…"
		// typed under "Ghi chú" is the note.
		return t.text(in.Plain)
	}
	cmd, ok := ResolveCommand(in.Command)
	if !ok {
		t.sayKey("error.unknown_command", "command", "/"+in.Command)
		return t.reask()
	}
	busy := !t.st.Idle()
	switch cmd {
	case CmdCancel:
		if busy {
			*t.st = State{Seq: t.st.Seq + 1}
			t.say(fieldbot.Message{Text: t.p.HTML("report.cancelled"), ClearKeyboard: true})
			return nil
		}
		t.sayKey("report.nothing_to_cancel")
		return nil
	case CmdHelp:
		t.sayKey(helpKey(t.s.Person.Role))
		return t.reask()
	case CmdStatus, CmdRanking, CmdMissing:
		// Looking something up does not disturb a form: the answer, then
		// the same question again.
		if busy {
			if err := t.lookUp(cmd, in.Text); err != nil {
				return err
			}
			return t.reask()
		}
	}
	if busy {
		t.sayKey("report.busy")
		return t.reask()
	}
	if !t.may(cmd) {
		return nil
	}
	switch cmd {
	case CmdStart:
		t.sayKey("onboard.already", "name", t.s.Person.Name, "unit", t.unitName(t.s.Person.Unit))
		t.sayKey(helpKey(t.s.Person.Role))
		return nil
	case CmdReport:
		return t.startReport(in.Text)
	case CmdEdit:
		return t.startEdit(in.Text)
	case CmdReopen:
		return t.reopen(in.Text)
	case CmdStatus, CmdRanking, CmdMissing:
		return t.lookUp(cmd, in.Text)
	case CmdDigest:
		return t.digest()
	case CmdInvite:
		return t.invite(in.Text)
	case CmdChannel:
		return t.channel(in.Text)
	case CmdLanguage:
		return t.language(in.Text)
	case CmdAccounts:
		return t.accounts(in.Text)
	case CmdRoster:
		return t.sendRoster()
	case CmdTargets:
		return t.sendTargets()
	case CmdUnlink:
		return t.unlink(in.Text)
	case CmdHistory:
		return t.history(in.Text)
	}
	t.sayKey("error.not_yet")
	return nil
}

// lookUp answers the commands that only read: /status, /ranking, /missing.
func (t *turn) lookUp(cmd Command, args string) error {
	if !t.may(cmd) {
		return nil
	}
	switch cmd {
	case CmdStatus:
		return t.status(args)
	case CmdRanking:
		return t.ranking()
	}
	return t.missing()
}

// reask repeats the current question after an interruption, if any.
// may reports whether the person's role may use cmd (Commands says who
// may), and says no when it may not. Whom a command may touch within that
// is the command's own check.
func (t *turn) may(cmd Command) bool {
	for _, c := range Commands {
		if c.Name == cmd {
			if c.For(t.s.Person.Role) {
				return true
			}
			break
		}
	}
	t.sayKey("error.not_allowed")
	return false
}

func (t *turn) reask() error {
	if t.st.Idle() {
		return nil
	}
	return t.ask()
}

func helpKey(r fieldbot.Role) string {
	switch r {
	case fieldbot.RoleAdmin:
		return "help.admin"
	case fieldbot.RoleLeader:
		return "help.leader"
	}
	return "help.officer"
}

// Expire ends a conversation left idle longer than the idle timeout and
// says so. It reports false, and changes nothing, for any other state.
func (e *Engine) Expire(s Session) (Result, bool) {
	if s.State.Idle() || s.Now.Sub(s.State.Updated) <= e.cfg.IdleTimeout {
		return Result{}, false
	}
	p := e.printer(s)
	st := &State{Seq: s.State.Seq + 1, Updated: s.Now}
	return Result{State: st, Messages: []fieldbot.Message{{Text: p.HTML("report.expired"), ClearKeyboard: true}}}, true
}
