package conversation

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// Button actions. Button data is "<seq>.<action>[<index>]": short ASCII, far
// below Telegram's 64-byte limit, with all real state kept in the store.
const (
	actConfirm = "c"
	actEdit    = "e"
	actCancel  = "x"
	actBack    = "b"
	actSkip    = "s"
	actOption  = "o" // + option index (choice, yesno)
	actField   = "f" // + field index (pick a field to change)
	actForm    = "m" // + form index
)

func (t *turn) data(action string) string { return fmt.Sprintf("%d.%s", t.st.Seq, action) }

// startReport opens a form for the current period. args may name the form.
func (t *turn) startReport(args string) error {
	forms := t.e.cfg.Forms
	if id := strings.TrimSpace(args); id != "" {
		for i := range forms {
			if forms[i].ID == id {
				return t.openForm(&forms[i])
			}
		}
	}
	switch len(forms) {
	case 0:
		t.sayKey("report.no_form")
		return nil
	case 1:
		return t.openForm(&forms[0])
	}
	t.st.Seq++
	t.st.Step = StepPickForm
	return t.ask()
}

func (t *turn) form() *fieldbot.Form {
	for i := range t.e.cfg.Forms {
		if t.e.cfg.Forms[i].ID == t.st.Form {
			return &t.e.cfg.Forms[i]
		}
	}
	return nil
}

func (t *turn) openForm(f *fieldbot.Form) error {
	period := t.e.cfg.Calendar.PeriodOf(f.Period, t.s.Now)
	*t.st = State{Seq: t.st.Seq + 1, Step: StepField, Form: f.ID, Period: period.Key, Unit: t.s.Person.Unit, Answers: fieldbot.Answers{}}
	key := fieldbot.SubmissionKey{Form: f.ID, Period: period.Key, Unit: t.st.Unit, Phone: t.s.Person.Phone}
	latest, ok, err := t.s.Latest(key)
	if err != nil {
		return err
	}
	if ok {
		// Reporting again makes a new revision; say so before starting, and
		// start from what was reported so only changes need typing.
		t.st.Answers = latest.Answers.Clone()
		t.sayKey("report.revision_notice", "period", t.periodLabel(f, period.Key), "revision", strconv.Itoa(latest.Revision+1))
		t.st.Step = StepSummary
		return t.ask()
	}
	return t.ask()
}

// ask sends the question for the current step with its options.
func (t *turn) ask() error {
	f := t.form()
	switch t.st.Step {
	case StepPickForm:
		t.say(fieldbot.Message{Text: t.p.HTML("report.pick_form"), Options: t.options(f)})
		return nil
	case StepField:
		fl := f.Fields[t.st.Field]
		help := ""
		if fl.Help != "" {
			help = fl.Help
		}
		text := t.p.HTML("report.ask", "n", strconv.Itoa(t.st.Field+1), "total", strconv.Itoa(len(f.Fields)), "label", fl.Label, "help", help)
		if v, ok := t.st.Answers[fl.ID]; ok {
			text += "\n" + t.p.HTML("report.current", "value", display(t.p, fl, v))
		}
		t.say(fieldbot.Message{Text: text, Options: t.options(f), Columns: columns(fl)})
		return nil
	case StepSummary:
		t.say(fieldbot.Message{Text: t.summary(f), Options: t.options(f), Columns: 3})
		return nil
	case StepPickField:
		t.say(fieldbot.Message{Text: t.p.HTML("report.pick_field"), Options: t.options(f)})
		return nil
	}
	return nil
}

func columns(fl fieldbot.Field) int {
	if fl.Type == fieldbot.FieldYesNo {
		return 2
	}
	return 0
}

// options lists what can be chosen at the current step, in display order.
func (t *turn) options(f *fieldbot.Form) []fieldbot.Option {
	var opts []fieldbot.Option
	add := func(label, action string) { opts = append(opts, fieldbot.Option{Label: label, Data: t.data(action)}) }
	switch t.st.Step {
	case StepPickForm:
		for i, fm := range t.e.cfg.Forms {
			add(fm.Title, actForm+strconv.Itoa(i))
		}
		add(t.p.T("report.cancel_button"), actCancel)
	case StepField:
		fl := f.Fields[t.st.Field]
		switch fl.Type {
		case fieldbot.FieldChoice:
			for i, o := range fl.Options {
				add(o, actOption+strconv.Itoa(i))
			}
		case fieldbot.FieldYesNo:
			add(t.p.T("report.yes"), actOption+"0")
			add(t.p.T("report.no"), actOption+"1")
		}
		if !fl.Required {
			add(t.p.T("report.skip_button"), actSkip)
		}
		if t.st.Field > 0 || t.st.FromSummary {
			add(t.p.T("report.back_button"), actBack)
		}
		add(t.p.T("report.cancel_button"), actCancel)
	case StepSummary:
		add(t.p.T("report.confirm_button"), actConfirm)
		add(t.p.T("report.edit_button"), actEdit)
		add(t.p.T("report.cancel_button"), actCancel)
	case StepPickField:
		for i, fl := range f.Fields {
			add(fl.Label, actField+strconv.Itoa(i))
		}
		add(t.p.T("report.back_button"), actBack)
	}
	return opts
}

// button handles a pressed option. Data that does not belong to the current
// question (an old message, a forged payload) is refused without a change.
func (t *turn) button(data string) error {
	seq, action, ok := strings.Cut(data, ".")
	if !ok || t.st.Idle() || seq != strconv.Itoa(t.st.Seq) || !t.valid(action) {
		t.res.Toast = t.p.T("report.stale_button")
		return nil
	}
	t.res.Accepted = true
	return t.act(action)
}

// valid reports whether action is one of the options offered right now.
func (t *turn) valid(action string) bool {
	want := t.data(action)
	for _, o := range t.options(t.form()) {
		if o.Data == want {
			return true
		}
	}
	return false
}

// act performs a chosen option; the option has been validated.
func (t *turn) act(action string) error {
	f := t.form()
	index := func() int { n, _ := strconv.Atoi(action[1:]); return n }
	t.st.Seq++
	switch {
	case action == actCancel:
		*t.st = State{Seq: t.st.Seq}
		t.say(fieldbot.Message{Text: t.p.HTML("report.cancelled"), ClearKeyboard: true})
		return nil
	case action == actConfirm:
		return t.confirm(f)
	case action == actEdit:
		t.st.Step = StepPickField
	case action == actBack:
		t.back()
	case action == actSkip:
		delete(t.st.Answers, f.Fields[t.st.Field].ID)
		t.advance(f)
	case strings.HasPrefix(action, actForm):
		return t.openForm(&t.e.cfg.Forms[index()])
	case strings.HasPrefix(action, actField):
		t.st.Step, t.st.Field, t.st.FromSummary = StepField, index(), true
	case strings.HasPrefix(action, actOption):
		fl := f.Fields[t.st.Field]
		value := "yes"
		switch {
		case fl.Type == fieldbot.FieldChoice:
			value = fl.Options[index()]
		case index() == 1:
			value = "no"
		}
		return t.accept(f, fl, value)
	}
	return t.ask()
}

func (t *turn) back() {
	switch {
	case t.st.Step == StepPickField || (t.st.Step == StepField && t.st.FromSummary):
		t.st.Step, t.st.FromSummary = StepSummary, false
	case t.st.Step == StepField && t.st.Field > 0:
		t.st.Field--
	}
}

// advance moves to the next field, or to the summary after the last one or
// when the field was picked from the summary.
func (t *turn) advance(f *fieldbot.Form) {
	if t.st.FromSummary || t.st.Field+1 >= len(f.Fields) {
		t.st.Step, t.st.FromSummary = StepSummary, false
		return
	}
	t.st.Field++
}

// text handles typed text: an answer to the current field, or the number or
// words of an option.
func (t *turn) text(s string) error {
	f := t.form()
	if t.st.Step == StepField {
		fl := f.Fields[t.st.Field]
		if fl.Type != fieldbot.FieldChoice && fl.Type != fieldbot.FieldYesNo {
			value, perr := parseAnswer(fl, s, t.s.Now, t.e.cfg.Calendar)
			if perr != nil {
				t.say(fieldbot.Message{Text: t.p.HTML(perr.Key, perr.Args...)})
				return t.ask()
			}
			t.st.Seq++
			return t.accept(f, fl, value)
		}
	}
	opts := t.options(f)
	if action, ok := t.typedOption(s, opts); ok {
		return t.act(action)
	}
	t.sayKey("report.pick_option", "n", strconv.Itoa(len(opts)))
	return t.ask()
}

// typedOption matches typed text to an option by its number or by its label
// (case and diacritics ignored), and returns the option's action.
func (t *turn) typedOption(s string, opts []fieldbot.Option) (string, bool) {
	prefix := strconv.Itoa(t.st.Seq) + "."
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 1 && n <= len(opts) {
		return strings.TrimPrefix(opts[n-1].Data, prefix), true
	}
	folded := locale.Fold(s)
	for _, o := range opts {
		if locale.Fold(o.Label) == folded || locale.Fold(stripSymbols(o.Label)) == folded {
			return strings.TrimPrefix(o.Data, prefix), true
		}
	}
	if t.st.Step == StepSummary && (folded == "ok" || folded == "xac nhan" || folded == "confirm") {
		return actConfirm, true
	}
	return "", false
}

// stripSymbols drops leading emoji and punctuation from a button label.
func stripSymbols(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f && r < 0x2000)
	})
}

// accept stores a parsed answer if the form's checks allow it.
func (t *turn) accept(f *fieldbot.Form, fl fieldbot.Field, value string) error {
	next := t.st.Answers.Clone()
	next[fl.ID] = value
	if msg, failed, err := t.failedCheck(f, next, fl.ID); err != nil {
		return err
	} else if failed {
		t.sayKey("report.check_failed", "message", msg)
		return t.ask()
	}
	t.st.Answers = next
	t.advance(f)
	return t.ask()
}

// failedCheck evaluates the form's checks that involve field (every check
// when field is "") and whose fields are all known.
func (t *turn) failedCheck(f *fieldbot.Form, a fieldbot.Answers, field string) (string, bool, error) {
	vals := numericValues(f, a)
	for _, c := range t.e.cfg.Checks[f.ID] {
		if !c.Rule.Ready(vals) || (field != "" && !contains(c.Rule.Fields(), field)) {
			continue
		}
		res, err := c.Rule.Eval(vals)
		if err != nil {
			return "", false, err
		}
		if !res.Bool {
			return c.Message, true, nil
		}
	}
	return "", false, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func numericValues(f *fieldbot.Form, a fieldbot.Answers) map[string]float64 {
	vals := map[string]float64{}
	for _, fl := range f.Fields {
		if !fl.Type.Numeric() {
			continue
		}
		if v, ok := a.Float(fl.ID); ok {
			vals[fl.ID] = v
		}
	}
	return vals
}

func (t *turn) summary(f *fieldbot.Form) string {
	var b strings.Builder
	b.WriteString(t.p.HTML("report.summary_title", "form", f.Title, "period", t.periodLabel(f, t.st.Period), "unit", t.unitName(t.st.Unit)))
	for _, fl := range f.Fields {
		v, ok := t.st.Answers[fl.ID]
		shown := t.p.T("report.empty")
		if ok {
			shown = display(t.p, fl, v)
		}
		fmt.Fprintf(&b, "\n• %s: <b>%s</b>", locale.Escape(fl.Label), locale.Escape(shown))
	}
	return b.String()
}

// confirm turns the answers into a submission. The caller commits it before
// any message of this result is sent, so "saved" is never said too early.
func (t *turn) confirm(f *fieldbot.Form) error {
	for _, fl := range f.Fields {
		if _, ok := t.st.Answers[fl.ID]; fl.Required && !ok {
			t.st.Step, t.st.Field = StepField, indexOf(f, fl.ID)
			t.sayKey("report.required_missing", "label", fl.Label)
			return t.ask()
		}
	}
	if msg, failed, err := t.failedCheck(f, t.st.Answers, ""); err != nil {
		return err
	} else if failed {
		t.sayKey("report.check_failed", "message", msg)
		return t.ask()
	}
	key := fieldbot.SubmissionKey{Form: f.ID, Period: t.st.Period, Unit: t.st.Unit, Phone: t.s.Person.Phone}
	latest, _, err := t.s.Latest(key)
	if err != nil {
		return err
	}
	sub := fieldbot.Submission{
		Form: f.ID, Period: t.st.Period, Unit: t.st.Unit, Phone: t.s.Person.Phone,
		Revision: latest.Revision + 1, SubmittedAt: t.s.Now, SubmittedBy: t.s.Person.Phone,
		Answers: t.st.Answers.Clone(),
	}
	t.res.Submit = &sub
	t.sayKey("report.saved", "form", f.Title, "period", t.periodLabel(f, sub.Period),
		"revision", strconv.Itoa(sub.Revision), "time", locale.FormatDateTime(t.s.Now.In(t.e.cfg.Calendar.Location)))
	*t.st = State{Seq: t.st.Seq}
	return nil
}

func indexOf(f *fieldbot.Form, id string) int {
	for i, fl := range f.Fields {
		if fl.ID == id {
			return i
		}
	}
	return 0
}

// periodLabel names a period the way people say it ("Tuần 48/2026 (23/11–29/11/2026)").
func (t *turn) periodLabel(f *fieldbot.Form, key string) string {
	p, err := t.e.cfg.Calendar.ParsePeriod(f.Period, key)
	if err != nil {
		return key
	}
	return PeriodLabel(t.p, p)
}

// PeriodLabel names a period in the printer's language.
func PeriodLabel(p *locale.Printer, per fieldbot.Period) string {
	switch per.Kind {
	case fieldbot.PeriodWeek:
		var y, w int
		fmt.Sscanf(per.Key, "%d-W%d", &y, &w)
		return p.T("period.week", "week", strconv.Itoa(w), "year", strconv.Itoa(y),
			"from", per.Start.Format("02/01"), "to", locale.FormatDate(per.LastDay()))
	case fieldbot.PeriodMonth:
		return p.T("period.month", "month", per.Start.Format("01"), "year", per.Start.Format("2006"))
	}
	return p.T("period.year", "year", per.Key)
}
