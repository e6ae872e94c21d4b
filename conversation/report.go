package conversation

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/present"
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
	actKeep    = "k" // keep an implausible answer
	actRetype  = "r" // type it again
	actFix     = "g" // + field index: go and mend another figure of a failed check
)

func (t *turn) data(action string) string { return fmt.Sprintf("%d.%s", t.st.Seq, action) }

// startReport opens a form for the current period. args may name the form.
func (t *turn) startReport(args string) error {
	forms := t.e.cfg.Forms
	if strings.Contains(args, "=") {
		if f := t.mainForm(); f != nil {
			return t.quickEntry(f, args)
		}
		return nil
	}
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

// form is the form being filled in.
func (t *turn) form() *fieldbot.Form { return t.formOf(t.st.Form) }

// mainForm is the form that /sua, /moky, quick entry and /chuabaocao work
// on: the first one configured. It says so and returns nil when there is none.
func (t *turn) mainForm() *fieldbot.Form {
	if len(t.e.cfg.Forms) == 0 {
		t.sayKey("report.no_form")
		return nil
	}
	return &t.e.cfg.Forms[0]
}

// openForm opens f for the period /report is about (reportPeriod).
func (t *turn) openForm(f *fieldbot.Form) error {
	period, err := t.reportPeriod(f)
	if err != nil {
		return err
	}
	return t.openPeriod(f, period, nil)
}

// openPeriod starts filling in f for a period, from the answers already
// reported for it if any, or from prefill.
func (t *turn) openPeriod(f *fieldbot.Form, period fieldbot.Period, prefill fieldbot.Answers) error {
	if !t.open(f, period) {
		return nil
	}
	*t.st = State{Seq: t.st.Seq + 1, Step: StepField, Form: f.ID, Period: period.Key, Unit: t.s.Person.Unit, Answers: fieldbot.Answers{}, Shape: t.e.shapes[f.ID]}
	latest, ok, err := t.s.Latest(t.key(f, period.Key))
	if err != nil {
		return err
	}
	if ok {
		// Reporting again makes a new revision; say so before starting, and
		// start from what was reported so only changes need typing.
		t.st.Answers = latest.Answers.Clone()
		t.sayKey("report.revision_notice", "period", present.PeriodLabel(t.p, period), "revision", strconv.Itoa(latest.Revision+1))
		t.st.Step = StepSummary
	}
	if prefill != nil {
		for k, v := range prefill {
			t.st.Answers[k] = v
		}
		t.st.Step = StepSummary
	}
	if err := t.ask(); err != nil || t.st.Step != StepField {
		return err
	}
	// The first question says which form, period and unit it is about,
	// as the summary does at the end.
	first := &t.res.Messages[len(t.res.Messages)-1]
	first.Text = t.p.HTML("report.heading", "form", f.Title, "period", present.PeriodLabel(t.p, period), "unit", t.unitName(t.st.Unit)) +
		"\n" + first.Text
	return nil
}

func (t *turn) key(f *fieldbot.Form, period string) fieldbot.SubmissionKey {
	return fieldbot.SubmissionKey{Form: f.ID, Period: period, Unit: t.st.Unit, Phone: t.s.Person.Phone}
}

// open reports whether period still takes reports, and says why not.
func (t *turn) open(f *fieldbot.Form, period fieldbot.Period) bool {
	closes, ok := f.Closes(period)
	if !ok || t.s.Now.Before(closes) {
		return true
	}
	if t.s.Reopened != nil {
		until, ok, err := t.s.Reopened(f.ID, period.Key, t.s.Person.Unit)
		if err == nil && ok && t.s.Now.Before(until) {
			return true
		}
	}
	t.sayKey("report.period_closed", "period", present.PeriodLabel(t.p, period),
		"closed", locale.FormatDateTime(closes.In(t.e.cfg.Calendar.Location)))
	return false
}

// startEdit reopens the person's own submission: of the period named in
// args, else of the current period, else of the previous one while it is
// still open (Calendar.ToEdit).
func (t *turn) startEdit(args string) error {
	f := t.mainForm()
	if f == nil {
		return nil
	}
	cal := t.e.cfg.Calendar
	t.st.Unit = t.s.Person.Unit
	if key := strings.TrimSpace(args); key != "" {
		p, err := cal.ParsePeriod(f.Period, key)
		if err != nil {
			t.sayKey("report.bad_period", "period", key, "example", cal.PeriodOf(f.Period, t.s.Now).Key)
			return nil
		}
		return t.editPeriod(f, p)
	}
	for _, p := range cal.ToEdit(f, t.s.Now) {
		_, ok, err := t.s.Latest(t.key(f, p.Key))
		if err != nil {
			return err
		}
		if ok {
			return t.editPeriod(f, p)
		}
	}
	t.sayKey("report.nothing_to_edit")
	return nil
}

func (t *turn) editPeriod(f *fieldbot.Form, p fieldbot.Period) error {
	if _, ok, err := t.s.Latest(t.key(f, p.Key)); err != nil {
		return err
	} else if !ok {
		t.sayKey("report.nothing_to_edit")
		return nil
	}
	return t.openPeriod(f, p, nil)
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
		text := strings.TrimRight(t.p.HTML("report.ask", "n", strconv.Itoa(t.st.Field+1), "total", strconv.Itoa(len(f.Fields)), "label", fl.Label, "help", help), "\n")
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
	case StepImport:
		t.say(fieldbot.Message{Text: t.p.HTML("directory.pending"), Options: t.options(f)})
		return nil
	case StepPlausible:
		fl := f.Fields[t.st.Field]
		key, kv, _ := t.implausible(f, fl, t.st.Pending)
		t.say(fieldbot.Message{Text: t.p.HTML(key, kv...), Options: t.options(f), Columns: 2})
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
		// The answer's own choices are picks; the ways around the question
		// are words, so that on a typed channel a number is always an answer.
		word := func(label, action, word string) {
			opts = append(opts, fieldbot.Option{Label: label, Data: t.data(action), Word: word})
		}
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
		for _, i := range t.fixes(f) {
			word(t.p.T("report.fix_button", "label", f.Fields[i].Label), actFix+strconv.Itoa(i), t.p.T("report.fix_word", "n", strconv.Itoa(i+1)))
		}
		if !fl.Required {
			word(t.p.T("report.skip_button"), actSkip, t.p.T("report.skip_word"))
		}
		if t.st.Field > 0 || t.st.FromSummary {
			word(t.p.T("report.back_button"), actBack, t.p.T("report.back_word"))
		}
		word(t.p.T("report.cancel_button"), actCancel, t.p.T("report.cancel_word"))
	case StepSummary:
		add(t.p.T("report.confirm_button"), actConfirm)
		add(t.p.T("report.edit_button"), actEdit)
		add(t.p.T("report.cancel_button"), actCancel)
	case StepImport:
		add(t.p.T("directory.confirm_button"), actConfirm)
		add(t.p.T("report.cancel_button"), actCancel)
	case StepPlausible:
		add(t.p.T("report.keep_button"), actKeep)
		add(t.p.T("report.retype_button"), actRetype)
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
	if unit, ok := strings.CutPrefix(data, statusButton); ok && t.st.Idle() && t.e.cfg.Progress != nil {
		if _, known := t.e.cfg.Tree.Unit(unit); known && t.visible(unit) {
			t.res.Accepted = true
			return t.unitStatus(unit, true)
		}
	}
	if done, err := t.languageButtonPressed(data); done || err != nil {
		return err
	}
	seq, action, ok := parseButton(data)
	if !ok || t.st.Idle() || seq != t.st.Seq || !t.valid(action) {
		t.res.Toast = t.p.T("report.stale_button")
		return nil
	}
	t.res.Accepted = true
	return t.act(action)
}

// parseButton splits button data "<seq>.<action>". It accepts only what
// the engine itself writes: a decimal seq and a short ASCII action.
func parseButton(data string) (int, string, bool) {
	seqText, action, ok := strings.Cut(data, ".")
	if !ok || len(data) > 64 || action == "" || len(seqText) == 0 || len(seqText) > 9 {
		return 0, "", false
	}
	seq, err := strconv.Atoi(seqText)
	if err != nil || seq < 0 || strconv.Itoa(seq) != seqText {
		return 0, "", false
	}
	for _, r := range action {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return 0, "", false
		}
	}
	return seq, action, true
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
	if strings.HasPrefix(action, actFix) {
		t.mendOther(f, index())
		return t.ask()
	}
	t.st.Disputed = ""
	switch {
	case action == actCancel:
		*t.st = State{Seq: t.st.Seq}
		t.say(fieldbot.Message{Text: t.p.HTML("report.cancelled"), ClearKeyboard: true})
		return nil
	case action == actConfirm && t.st.Step == StepImport:
		return t.applyImport()
	case action == actConfirm:
		return t.confirm(f)
	case action == actKeep:
		fl, value := f.Fields[t.st.Field], t.st.Pending
		t.st.Step, t.st.Pending = StepField, ""
		return t.store(f, fl, value)
	case action == actRetype:
		t.st.Step, t.st.Pending = StepField, ""
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
	t.st.Resume = 0
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
	next := t.st.Field + 1
	switch {
	case t.st.Resume > 0:
		next, t.st.Resume = t.st.Resume-1, 0
	case t.st.Gaps:
		if next = nextGap(f, t.st.Answers, t.st.Field); next < 0 {
			next, t.st.Gaps = len(f.Fields), false
		}
	}
	if t.st.FromSummary || next >= len(f.Fields) {
		t.st.Step, t.st.FromSummary = StepSummary, false
		return
	}
	t.st.Field = next
}

// mendOther goes to field i, named by the check the current answer failed: the
// person says that figure is the wrong one, so the disputed answer stands
// and the form goes on after it once field i is answered.
func (t *turn) mendOther(f *fieldbot.Form, i int) {
	if t.st.Disputed != "" {
		if t.st.Answers == nil {
			t.st.Answers = fieldbot.Answers{}
		}
		t.st.Answers[f.Fields[t.st.Field].ID] = t.st.Disputed
		t.st.Disputed = ""
		if !t.st.FromSummary && t.st.Resume == 0 {
			t.st.Resume = t.st.Field + 2
		}
	}
	t.st.Field = i
}

// text handles typed text: an answer to the current field, or the number or
// words of an option.
func (t *turn) text(s string) error {
	f := t.form()
	if t.st.Step == StepPlausible {
		if action, ok := t.typedOption(s, t.options(f)); ok {
			return t.act(action)
		}
		t.st.Step, t.st.Pending = StepField, "" // a new value for the questioned field
	}
	if t.st.Step == StepField {
		if done, err := t.wayAround(f, s); done || err != nil {
			return err
		}
		fl := f.Fields[t.st.Field]
		if fl.Type != fieldbot.FieldChoice && fl.Type != fieldbot.FieldYesNo {
			value, perr := t.parse(fl, s)
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
	if t.st.Step == StepField && f.Fields[t.st.Field].Type == fieldbot.FieldYesNo {
		if yes, err := locale.ParseYesNo(s); err == nil { // "c", "k", "y", "0", ...
			t.st.Seq++
			value := "no"
			if yes {
				value = "yes"
			}
			return t.accept(f, f.Fields[t.st.Field], value)
		}
	}
	t.sayKey(t.typedKey("report.pick_option"), "n", strconv.Itoa(len(picks(opts))))
	return t.ask()
}

// picks are the options a number chooses: all but the ways around a
// question (those with a Word).
func picks(opts []fieldbot.Option) []fieldbot.Option {
	var out []fieldbot.Option
	for _, o := range opts {
		if o.Word == "" {
			out = append(out, o)
		}
	}
	return out
}

// navigation are the words that go around a question, in every language:
// a Vietnamese officer who switched to English may still type "quay lại".
var navigation = []struct{ action, key string }{
	{actSkip, "report.skip_word"}, {actBack, "report.back_word"}, {actCancel, "report.cancel_word"},
}

// wayAround handles a typed word that goes around the current question
// rather than answering it: skip, back, cancel, or "sửa mục 2" after a
// failed check. Only the whole text counts, in any case, with or without
// diacritics. A way that is not open here is explained, and nothing moves.
func (t *turn) wayAround(f *fieldbot.Form, s string) (bool, error) {
	folded := locale.Fold(s)
	prefix := strconv.Itoa(t.st.Seq) + "."
	for _, o := range t.options(f) {
		if o.Word != "" && foldWord(o.Word) == folded {
			return true, t.act(strings.TrimPrefix(o.Data, prefix))
		}
	}
	for _, n := range navigation {
		for _, lang := range []locale.Lang{locale.VI, locale.EN} {
			if foldWord(locale.New(lang).T(n.key)) != folded {
				continue
			}
			if t.valid(n.action) {
				return true, t.act(n.action)
			}
			switch n.action {
			case actSkip:
				t.sayKey("report.cannot_skip", "label", f.Fields[t.st.Field].Label)
			case actBack:
				t.sayKey("report.first_question")
			}
			return true, t.ask()
		}
	}
	return false, nil
}

// foldedWords holds locale.Fold of the catalog's words for going around a
// question, which wayAround compares with every typed answer: a handful of
// strings, folded once.
var foldedWords sync.Map // string → string

// foldWord is locale.Fold(w) for a word of the catalog (never typed text:
// what is folded here is kept).
func foldWord(w string) string {
	if f, ok := foldedWords.Load(w); ok {
		return f.(string)
	}
	f := locale.Fold(w)
	foldedWords.Store(w, f)
	return f
}

// typedKey is a catalog key's variant for a channel where everything is
// typed, which never tells anyone to press a button.
func (t *turn) typedKey(key string) string {
	if t.s.Typed {
		return key + ".typed"
	}
	return key
}

// typedOption matches typed text to an option by its number among the
// picks, or by its label (case and diacritics ignored), and returns the
// option's action.
func (t *turn) typedOption(s string, opts []fieldbot.Option) (string, bool) {
	prefix := strconv.Itoa(t.st.Seq) + "."
	numbered := picks(opts)
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 1 && n <= len(numbered) {
		return strings.TrimPrefix(numbered[n-1].Data, prefix), true
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

// accept takes a parsed answer if the form's checks allow it, asking
// "are you sure?" first when it is implausible against the last report.
func (t *turn) accept(f *fieldbot.Form, fl fieldbot.Field, value string) error {
	t.st.Disputed = ""
	next := t.st.Answers.Clone()
	next[fl.ID] = value
	if c, err := t.failedCheck(f, next, fl.ID); err != nil {
		return err
	} else if c != nil {
		t.st.Disputed = value
		t.say(fieldbot.Message{Text: t.checkFailed(f, c, next, fl.ID)})
		return t.ask()
	}
	if _, _, doubt := t.implausible(f, fl, value); doubt {
		t.st.Step, t.st.Pending = StepPlausible, value
		return t.ask()
	}
	return t.store(f, fl, value)
}

// store records an accepted answer and moves on.
func (t *turn) store(f *fieldbot.Form, fl fieldbot.Field, value string) error {
	if t.st.Answers == nil { // an empty map does not survive the JSON round trip
		t.st.Answers = fieldbot.Answers{}
	}
	t.st.Answers[fl.ID] = value
	t.advance(f)
	return t.ask()
}

// implausible compares a cumulative answer with the same person's report
// for the previous period of the same statistical year: such a figure
// should not go down, nor jump by more than the form's factor.
func (t *turn) implausible(f *fieldbot.Form, fl fieldbot.Field, value string) (string, []string, bool) {
	if fl.Aggregate != fieldbot.AggregateLast || !fl.Type.Numeric() {
		return "", nil, false
	}
	cal := t.e.cfg.Calendar
	cur, err := cal.ParsePeriod(f.Period, t.st.Period)
	if err != nil {
		return "", nil, false
	}
	last, err := t.earlier(f, cur, fl.ID)
	if err != nil || !last.found {
		return "", nil, false
	}
	prev, _ := last.sub.Answers.Float(fl.ID)
	v, ok := fieldbot.Answers{fl.ID: value}.Float(fl.ID)
	if !ok {
		return "", nil, false
	}
	factor := f.JumpFactor
	if factor <= 1 {
		factor = fieldbot.DefaultJumpFactor
	}
	kv := []string{"label", fl.Label, "value", display(t.p, fl, value), "previous", display(t.p, fl, last.sub.Answers[fl.ID]),
		"period", present.PeriodLabel(t.p, last.period)}
	switch {
	case v < prev:
		return "report.plausible_lower", kv, true
	case prev > 0 && v > prev*last.allowance(factor):
		return "report.plausible_jump", append(kv, "ratio", ratio(t.p.Lang(), v/prev)), true
	}
	return "", nil, false
}

// ratio writes how many times: "4", "3,7".
func ratio(lang locale.Lang, r float64) string {
	r = math.Round(r*10) / 10
	if r == math.Trunc(r) {
		return locale.FormatDecimal(lang, r, 0)
	}
	return locale.FormatDecimal(lang, r, 1)
}

// lastReport is the person's latest earlier report of the statistical year
// with an answer to a field: where it sits in the year (its period is the
// index-th of the year) and how many periods before the one being filled
// in (gap).
type lastReport struct {
	sub        fieldbot.Submission
	period     fieldbot.Period
	found      bool
	index, gap int
}

// allowance is how many times the last report a cumulative figure may be
// without a question. One period on it is the form's jump factor; each
// further period in between allows one more period of growth at the pace
// of the year so far (the figure over the periods it took to build).
func (r lastReport) allowance(factor float64) float64 {
	return factor * (1 + float64(r.gap-1)/float64(r.index))
}

// earlier finds the person's latest report before cur in cur's statistical
// year that answers field, however many periods back: an officer who
// skipped two weeks is compared with what they said three weeks ago.
func (t *turn) earlier(f *fieldbot.Form, cur fieldbot.Period, field string) (lastReport, error) {
	cal := t.e.cfg.Calendar
	year := cal.StatYear(cur.LastDay())
	var r lastReport
	p := cur
	for gap := 1; gap <= maxPeriodsPerYear; gap++ {
		p = cal.Previous(p)
		if cal.StatYear(p.LastDay()) != year {
			break // cumulative figures restart with the year
		}
		if r.found {
			r.index++
			continue
		}
		sub, ok, err := t.s.Latest(t.key(f, p.Key))
		if err != nil {
			return lastReport{}, err
		}
		if _, has := sub.Answers.Float(field); ok && has {
			r = lastReport{sub: sub, period: p, found: true, index: 1, gap: gap}
		}
	}
	return r, nil
}

// maxPeriodsPerYear bounds the walk back through a statistical year (53
// weeks at most).
const maxPeriodsPerYear = 54

// failedCheck evaluates the form's checks that involve field (every check
// when field is "") and whose fields are all known, and returns the first
// that fails, or nil.
func (t *turn) failedCheck(f *fieldbot.Form, a fieldbot.Answers, field string) (*Check, error) {
	vals := numericValues(f, a)
	checks := t.e.cfg.Checks[f.ID]
	for i := range checks {
		c := &checks[i]
		if !c.Rule.Ready(vals) || (field != "" && !slices.Contains(c.Rule.Fields(), field)) {
			continue
		}
		res, err := c.Rule.Eval(vals)
		if err != nil {
			return nil, err
		}
		if !res.Bool {
			return c, nil
		}
	}
	return nil, nil
}

// checkFailed says which check failed and shows the figures it compared,
// in form order; the one just typed (field) is marked.
func (t *turn) checkFailed(f *fieldbot.Form, c *Check, a fieldbot.Answers, field string) string {
	var b strings.Builder
	b.WriteString(t.p.HTML("report.check_failed", "message", c.Message))
	for i, fl := range f.Fields {
		v, ok := a[fl.ID]
		if !ok || !slices.Contains(c.Rule.Fields(), fl.ID) {
			continue
		}
		fmt.Fprintf(&b, "\n• %s %s: <b>%s</b>", t.p.HTML("report.item", "n", strconv.Itoa(i+1)), locale.Escape(fl.Label), locale.Escape(display(t.p, fl, v)))
		if fl.ID == field {
			b.WriteString(" " + t.p.HTML("report.just_typed"))
		}
	}
	return b.String()
}

// fixes are the other fields named by a check that the current field's
// answer (or disputed answer) fails: the person may mend one of them
// instead of this one.
func (t *turn) fixes(f *fieldbot.Form) []int {
	fl := f.Fields[t.st.Field]
	a := t.st.Answers
	if t.st.Disputed != "" {
		a = a.Clone()
		a[fl.ID] = t.st.Disputed
	}
	if _, ok := a[fl.ID]; !ok {
		return nil
	}
	c, err := t.failedCheck(f, a, fl.ID)
	if err != nil || c == nil {
		return nil
	}
	var out []int
	for i, other := range f.Fields {
		if other.ID != fl.ID && slices.Contains(c.Rule.Fields(), other.ID) {
			out = append(out, i)
		}
	}
	return out
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
	if p, err := t.e.cfg.Calendar.ParsePeriod(f.Period, t.st.Period); err == nil && !t.open(f, p) {
		*t.st = State{Seq: t.st.Seq}
		return nil
	}
	for _, fl := range f.Fields {
		if _, ok := t.st.Answers[fl.ID]; fl.Required && !ok {
			t.st.Step, t.st.Field = StepField, indexOf(f, fl.ID)
			t.sayKey("report.required_missing", "label", fl.Label)
			return t.ask()
		}
	}
	if c, err := t.failedCheck(f, t.st.Answers, ""); err != nil {
		return err
	} else if c != nil {
		// Ask again the last figure the check names; the others are offered.
		t.say(fieldbot.Message{Text: t.checkFailed(f, c, t.st.Answers, "")})
		for i, fl := range f.Fields {
			if slices.Contains(c.Rule.Fields(), fl.ID) {
				t.st.Field = i
			}
		}
		t.st.Step, t.st.FromSummary = StepField, true
		return t.ask()
	}
	key := fieldbot.SubmissionKey{Form: f.ID, Period: t.st.Period, Unit: t.st.Unit, Phone: t.s.Person.Phone}
	latest, _, err := t.s.Latest(key)
	if err != nil {
		return err
	}
	if latest.Revision > 0 && maps.Equal(latest.Answers, t.st.Answers) {
		// A revision is an official record: one that changes nothing
		// would only say, in the history, that something was corrected.
		t.sayKey("report.unchanged", "revision", strconv.Itoa(latest.Revision),
			"time", locale.FormatDateTime(latest.SubmittedAt.In(t.e.cfg.Calendar.Location)))
		*t.st = State{Seq: t.st.Seq}
		return nil
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
	return present.PeriodLabel(t.p, p)
}
