package conversation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/progress"
)

// Administration without a terminal: the roster and the targets go out as
// a spreadsheet (/roster, /targets), come back edited in Excel as a file,
// are checked whole — every problem by row and column, nothing applied —
// and, once the summary of what would change is confirmed, are applied in
// one transaction and take effect at once.
//
// Who may do what, to whom: an admin imports the whole roster and every
// target; a leader imports the officers of their own subtree (adding,
// moving between their units, removing; never leaders or admins, never
// people of other units) and the targets of the units below their own and
// of their officers. What is confirmed is checked again against the roster
// as it is then: a file prepared against an older list is refused.

// Sheets reads and writes the spreadsheets people edit.
type Sheets interface {
	WriteRoster(p *locale.Printer, people []fieldbot.Person) ([]byte, error)
	WriteTargets(p *locale.Printer, targets []fieldbot.Target) ([]byte, error)
	// Read reads a spreadsheet sent back, a roster or a targets sheet told
	// apart by its headings. A file that cannot be read at all is an error
	// (a *SheetError says why in catalog terms).
	Read(data []byte) (SheetContent, error)
}

// SheetContent is what a spreadsheet sent back holds.
type SheetContent struct {
	Kind     string // SheetRoster or SheetTargets
	People   []fieldbot.Person
	Targets  []fieldbot.Target
	Rows     []int // the sheet row of each person or target, in order
	Problems []Problem
}

// row is the sheet row of the i-th person or target.
func (c SheetContent) row(i int) int {
	if i < len(c.Rows) {
		return c.Rows[i]
	}
	return i + 2 // rows follow the heading
}

// The kinds of spreadsheet.
const (
	SheetRoster  = "roster"
	SheetTargets = "targets"
)

// Problem is one thing wrong in a spreadsheet, at its row (1-based, as
// Excel numbers them) and column (the heading as written in the file).
type Problem struct {
	Row    int
	Column string
	Key    string
	Args   []string
	// Text, when set, writes the whole problem in a language (the reader
	// knows how to name its own columns); otherwise Row, Column, Key and
	// Args are used.
	Text func(*locale.Printer) string
}

// SheetError says in catalog terms why a file cannot be read at all.
type SheetError struct {
	Key  string
	Args []string
}

func (e *SheetError) Error() string { return "spreadsheet: " + e.Key }

// Import is a confirmed change to the roster or the targets, for the relay
// to store and put in force after the commit.
type Import struct {
	Kind    string
	People  []fieldbot.Person // the whole new roster (Kind roster)
	Targets []fieldbot.Target // every target after the change (Kind targets)
	Changes []fieldbot.Event  // one per person or target changed, for the history
}

// PendingImport is an import waiting for "Xác nhận": what it changes, and
// the digest of what it was checked against.
type PendingImport struct {
	Kind    string            `json:"kind"`
	Upsert  []fieldbot.Person `json:"upsert,omitempty"`
	Remove  []string          `json:"remove,omitempty"` // phones
	Targets []fieldbot.Target `json:"targets,omitempty"`
	Drop    []fieldbot.Target `json:"drop,omitempty"`
	Base    string            `json:"base"`
	Events  []fieldbot.Event  `json:"events,omitempty"`
	Counts  map[string]int    `json:"counts,omitempty"`
	Samples map[string]string `json:"samples,omitempty"`
	Years   []int             `json:"years,omitempty"`
}

// maxSamples is how many changes of a kind the summary names.
const maxSamples = 3

// note counts one change of a kind and keeps the first few to name them.
func (p *PendingImport) note(kind, text, sep string) {
	p.Counts[kind]++
	if p.Counts[kind] > maxSamples {
		return
	}
	if s := p.Samples[kind]; s != "" {
		text = s + sep + text
	}
	p.Samples[kind] = text
}

// maxProblemsShown bounds the problems listed in one answer.
const maxProblemsShown = 40

func digest(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// sendRoster answers /roster: the people the caller may change, as a
// spreadsheet to edit and send back.
func (t *turn) sendRoster() error {
	if t.e.cfg.Sheets == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	people := t.rosterScope()
	data, err := t.e.cfg.Sheets.WriteRoster(t.p, people)
	if err != nil {
		return err
	}
	key := "directory.roster_sent"
	if t.s.Person.Role != fieldbot.RoleAdmin {
		key = "directory.roster_sent_leader"
	}
	t.say(fieldbot.Message{
		Text:     t.p.HTML(key, "count", strconv.Itoa(len(people)), "unit", t.unitName(t.scope())),
		Document: &fieldbot.File{Name: "danh-sach-" + t.scope() + ".xlsx", Data: data},
		Upload:   true,
	})
	return nil
}

// sendTargets answers /targets: the targets the caller may set, as a
// spreadsheet to edit and send back.
func (t *turn) sendTargets() error {
	if t.e.cfg.Sheets == nil || t.e.cfg.Progress == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	var mine []fieldbot.Target
	for _, tg := range t.e.cfg.Progress.Targets() {
		if t.mayTarget(tg) {
			mine = append(mine, tg)
		}
	}
	data, err := t.e.cfg.Sheets.WriteTargets(t.p, mine)
	if err != nil {
		return err
	}
	t.say(fieldbot.Message{
		Text:     t.p.HTML("directory.targets_sent", "count", strconv.Itoa(len(mine)), "unit", t.unitName(t.scope())),
		Document: &fieldbot.File{Name: "chi-tieu-" + t.scope() + ".xlsx", Data: data},
		Upload:   true,
	})
	return nil
}

// rosterScope is who the caller's roster file covers: everyone for an
// admin, the officers of their subtree for a leader.
func (t *turn) rosterScope() []fieldbot.Person {
	if t.s.Person.Role == fieldbot.RoleAdmin {
		return t.e.cfg.Roster.People()
	}
	var out []fieldbot.Person
	for _, p := range t.e.cfg.Roster.InUnits(t.e.cfg.Tree.Subtree(t.scope())) {
		if p.Role == fieldbot.RoleOfficer {
			out = append(out, p)
		}
	}
	return out
}

// mayTarget reports whether the caller may set tg: admins any; leaders
// those of the units below their own and of their officers.
func (t *turn) mayTarget(tg fieldbot.Target) bool {
	if t.s.Person.Role == fieldbot.RoleAdmin {
		return true
	}
	if phone, ok := strings.CutPrefix(tg.Unit, progress.PersonTargetPrefix); ok {
		p, found := t.e.cfg.Roster.Lookup(phone)
		return found && p.Role == fieldbot.RoleOfficer && t.e.cfg.Tree.Contains(t.scope(), p.Unit)
	}
	return tg.Unit != t.scope() && t.e.cfg.Tree.Contains(t.scope(), tg.Unit)
}

// received handles a file sent to the bot: a roster or targets sheet.
func (t *turn) received(f *fieldbot.File) error {
	if !t.st.Idle() {
		t.sayKey("report.busy")
		return t.reask()
	}
	if !t.s.Person.Role.Leads() {
		t.sayKey("directory.officer_file")
		return nil
	}
	if t.e.cfg.Sheets == nil || f == nil {
		t.sayKey("error.not_yet")
		return nil
	}
	content, err := t.e.cfg.Sheets.Read(f.Data)
	if se, ok := err.(*SheetError); ok {
		t.sayKey("directory.unreadable", "reason", t.p.T(se.Key, se.Args...))
		return nil
	} else if err != nil {
		return err
	}
	switch content.Kind {
	case SheetRoster:
		return t.previewRoster(content)
	case SheetTargets:
		return t.previewTargets(content)
	}
	t.sayKey("directory.unknown_sheet")
	return nil
}

// problems says every problem of a file, by row and column, and that
// nothing was applied; it reports whether there were any.
func (t *turn) problems(ps []Problem) bool {
	if len(ps) == 0 {
		return false
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("directory.problems", "count", strconv.Itoa(len(ps))))
	for i, p := range ps {
		if i == maxProblemsShown {
			b.WriteString("\n" + t.p.HTML("directory.more_problems", "count", strconv.Itoa(len(ps)-i)))
			break
		}
		if p.Text != nil {
			b.WriteString("\n• " + locale.Escape(p.Text(t.p)))
			continue
		}
		b.WriteString("\n• " + t.p.HTML("import.problem", "row", strconv.Itoa(p.Row), "column", p.Column, "problem", t.p.T(p.Key, p.Args...)))
	}
	t.say(fieldbot.Message{Text: b.String()})
	return true
}

// previewRoster checks a roster sheet against what the caller may do and
// shows what would change, with "Xác nhận".
func (t *turn) previewRoster(c SheetContent) error {
	me := t.s.Person
	problems := append([]Problem(nil), c.Problems...)
	admin := me.Role == fieldbot.RoleAdmin
	old := t.rosterScope()
	inScope := map[string]bool{}
	for _, p := range old {
		inScope[p.Phone] = true
	}
	keepsMe := false // an admin's file keeps the admin an admin
	for i, p := range c.People {
		row := c.row(i)
		if admin {
			if p.Role == fieldbot.RoleAdmin && p.Phone == me.Phone {
				keepsMe = true
			}
			continue
		}
		if !t.e.cfg.Tree.Contains(t.scope(), p.Unit) {
			problems = append(problems, Problem{Row: row, Column: t.p.T("directory.col_unit"), Key: "directory.unit_outside", Args: []string{"unit", p.Unit}})
		}
		if p.Role != fieldbot.RoleOfficer {
			problems = append(problems, Problem{Row: row, Column: t.p.T("directory.col_role"), Key: "directory.officers_only"})
		}
		if cur, ok := t.e.cfg.Roster.Lookup(p.Phone); ok && !inScope[cur.Phone] {
			problems = append(problems, Problem{Row: row, Column: t.p.T("directory.col_phone"), Key: "directory.someone_else", Args: []string{"phone", p.Phone, "name", cur.Name}})
		}
	}
	if admin && !keepsMe {
		problems = append(problems, Problem{Row: 1, Column: t.p.T("directory.col_role"), Key: "directory.keep_yourself"})
	}
	if t.problems(problems) {
		return nil
	}
	pend := &PendingImport{Kind: SheetRoster, Base: digest(t.e.cfg.Roster.People()), Counts: map[string]int{}, Samples: map[string]string{}}
	seen := map[string]bool{}
	sample := func(kind, text string) { pend.note(kind, text, ", ") }
	for _, p := range c.People {
		seen[p.Phone] = true
		cur, ok := t.e.cfg.Roster.Lookup(p.Phone)
		switch {
		case !ok:
			sample("added", p.Name)
			pend.Events = append(pend.Events, rosterEvent(p.Unit, p.Phone, nil, &p))
		case cur.Unit != p.Unit:
			sample("moved", p.Name+" ("+t.unitName(cur.Unit)+" → "+t.unitName(p.Unit)+")")
			pend.Events = append(pend.Events, rosterEvent(p.Unit, p.Phone, &cur, &p))
		case cur != p:
			sample("changed", p.Name)
			pend.Events = append(pend.Events, rosterEvent(p.Unit, p.Phone, &cur, &p))
		default:
			continue
		}
		pend.Upsert = append(pend.Upsert, p)
	}
	for _, p := range old {
		if !seen[p.Phone] {
			sample("removed", p.Name)
			pend.Remove = append(pend.Remove, p.Phone)
			q := p
			pend.Events = append(pend.Events, rosterEvent(p.Unit, p.Phone, &q, nil))
		}
	}
	return t.offerImport(pend, len(c.People))
}

// rosterEvent records one person added (old nil), changed, or removed
// (new nil).
func rosterEvent(unit, phone string, old, new *fieldbot.Person) fieldbot.Event {
	e := fieldbot.Event{Kind: fieldbot.EventRoster, Unit: unit, Person: phone}
	field := func(name, a, b string) {
		if a != b {
			e.Changes = append(e.Changes, fieldbot.Change{Field: name, Old: a, New: b})
		}
	}
	var o, n fieldbot.Person
	if old != nil {
		o = *old
	}
	if new != nil {
		n = *new
	}
	field("name", o.Name, n.Name)
	field("unit", o.Unit, n.Unit)
	field("role", string(o.Role), string(n.Role))
	field("title", o.Title, n.Title)
	return e
}

// previewTargets checks a targets sheet against what the caller may set
// and shows what would change, with "Xác nhận". The years in the file are
// replaced (within the caller's scope); other years stay as they are.
func (t *turn) previewTargets(c SheetContent) error {
	problems := append([]Problem(nil), c.Problems...)
	years := map[int]bool{}
	for i, tg := range c.Targets {
		years[tg.Year] = true
		if !t.mayTarget(tg) {
			problems = append(problems, Problem{Row: c.row(i), Column: t.p.T("directory.col_unit"), Key: "directory.target_outside", Args: []string{"unit", tg.Unit}})
		}
	}
	if t.problems(problems) {
		return nil
	}
	current := t.e.cfg.Progress.Targets()
	pend := &PendingImport{Kind: SheetTargets, Base: digest(current), Counts: map[string]int{}, Samples: map[string]string{}}
	have := map[string]fieldbot.Target{}
	for _, tg := range current {
		have[targetKey(tg)] = tg
	}
	inFile := map[string]bool{}
	sample := func(kind string, tg fieldbot.Target, text string) {
		pend.note(kind, t.targetName(tg)+" "+strconv.Itoa(tg.Year)+": "+text, "; ")
	}
	pct := func(v float64) string { return locale.FormatPercent(t.p.Lang(), v) }
	for _, tg := range c.Targets {
		inFile[targetKey(tg)] = true
		cur, ok := have[targetKey(tg)]
		switch {
		case !ok:
			sample("added", tg, pct(tg.Value))
		case cur.Value != tg.Value:
			sample("changed", tg, pct(cur.Value)+" → "+pct(tg.Value))
		case digest(cur.Milestones) != digest(tg.Milestones):
			sample("changed", tg, t.p.T("directory.milestones_changed"))
		default:
			continue
		}
		pend.Targets = append(pend.Targets, tg)
		pend.Events = append(pend.Events, targetEvent(tg.Unit, targetKey(tg), cur.Value, ok, tg.Value, true))
	}
	for _, tg := range current {
		if years[tg.Year] && t.mayTarget(tg) && !inFile[targetKey(tg)] {
			sample("removed", tg, pct(tg.Value))
			pend.Drop = append(pend.Drop, tg)
			pend.Events = append(pend.Events, targetEvent(tg.Unit, targetKey(tg), tg.Value, true, 0, false))
		}
	}
	for y := range years {
		pend.Years = append(pend.Years, y)
	}
	slices.Sort(pend.Years)
	return t.offerImport(pend, len(c.Targets))
}

// targetKey identifies a target: its year, indicator and unit (or officer).
func targetKey(tg fieldbot.Target) string {
	return strconv.Itoa(tg.Year) + "/" + tg.Indicator + "/" + tg.Unit
}

func targetEvent(unit, ref string, old float64, hadOld bool, new float64, hasNew bool) fieldbot.Event {
	e := fieldbot.Event{Kind: fieldbot.EventTargets, Unit: unit, Ref: ref}
	if phone, ok := strings.CutPrefix(unit, progress.PersonTargetPrefix); ok {
		e.Unit, e.Person = "", phone
	}
	c := fieldbot.Change{Field: "value"}
	if hadOld {
		c.Old = strconv.FormatFloat(old, 'f', -1, 64)
	}
	if hasNew {
		c.New = strconv.FormatFloat(new, 'f', -1, 64)
	}
	e.Changes = []fieldbot.Change{c}
	return e
}

// targetName names a target's unit or officer and its indicator for people.
func (t *turn) targetName(tg fieldbot.Target) string {
	who := t.unitName(tg.Unit)
	if phone, ok := strings.CutPrefix(tg.Unit, progress.PersonTargetPrefix); ok {
		who = t.personName(phone)
	}
	for _, ind := range t.e.cfg.Indicators {
		if ind.ID == tg.Indicator {
			return who + " · " + ind.Label
		}
	}
	return who + " · " + tg.Indicator
}

// offerImport shows what an import would change and asks for "Xác nhận".
func (t *turn) offerImport(pend *PendingImport, rows int) error {
	total := 0
	for _, n := range pend.Counts {
		total += n
	}
	if total == 0 {
		t.sayKey("directory.no_change", "rows", strconv.Itoa(rows))
		return nil
	}
	var b strings.Builder
	b.WriteString(t.p.HTML("directory.summary_"+pend.Kind, "rows", strconv.Itoa(rows)))
	for _, kind := range []string{"added", "moved", "changed", "removed"} {
		n := pend.Counts[kind]
		if n == 0 {
			continue
		}
		countKey := "directory.count_" + kind
		if kind == "changed" && pend.Kind == SheetTargets {
			countKey = "directory.count_changed_target"
		}
		line := t.p.HTML(countKey, "count", strconv.Itoa(n))
		if s := pend.Samples[kind]; s != "" {
			line += ": " + locale.Escape(s)
			if n > maxSamples {
				line += " …"
			}
		}
		b.WriteString("\n• " + line)
	}
	if len(pend.Years) > 0 {
		years := make([]string, len(pend.Years))
		for i, y := range pend.Years {
			years[i] = strconv.Itoa(y)
		}
		b.WriteString("\n" + t.p.HTML("directory.years", "years", strings.Join(years, ", ")))
	}
	*t.st = State{Seq: t.st.Seq + 1, Step: StepImport, Import: pend}
	t.say(fieldbot.Message{Text: b.String(), Options: t.options(nil)})
	return nil
}

// directory is the roster and the targets an import is checked and
// merged against: as stored in this input's transaction, which has every
// import committed before it (even one committed in the same batch, not
// yet in force in memory), or the engine's own when none is stored.
func (t *turn) directory() ([]fieldbot.Person, []fieldbot.Target, error) {
	people, targets := t.e.cfg.Roster.People(), []fieldbot.Target(nil)
	if t.e.cfg.Progress != nil {
		targets = t.e.cfg.Progress.Targets()
	}
	if t.s.Directory == nil {
		return people, targets, nil
	}
	stored, storedTargets, ok, err := t.s.Directory()
	if err != nil || !ok {
		return people, targets, err
	}
	return stored, storedTargets, nil
}

// applyImport turns the confirmed import into the new roster or targets,
// unless what it was checked against has changed since.
func (t *turn) applyImport() error {
	pend := t.st.Import
	*t.st = State{Seq: t.st.Seq}
	if pend == nil {
		return nil
	}
	imp := &Import{Kind: pend.Kind}
	people, targets, err := t.directory()
	if err != nil {
		return err
	}
	switch pend.Kind {
	case SheetRoster:
		current := people
		if digest(current) != pend.Base {
			t.sayKey("directory.stale")
			return nil
		}
		gone := map[string]bool{}
		for _, phone := range pend.Remove {
			gone[phone] = true
		}
		imp.People = merge(current, pend.Upsert, gone, func(p fieldbot.Person) string { return p.Phone })
	case SheetTargets:
		current := targets
		if digest(current) != pend.Base {
			t.sayKey("directory.stale")
			return nil
		}
		// Checked against who the sender was when they sent the file; a
		// roster import's Base covers that (the sender is on the roster),
		// a targets import's does not.
		mayNot := func(tg fieldbot.Target) bool { return !t.mayTarget(tg) }
		if !t.s.Person.Role.Leads() || slices.ContainsFunc(pend.Targets, mayNot) || slices.ContainsFunc(pend.Drop, mayNot) {
			t.sayKey("error.not_allowed")
			return nil
		}
		drop := map[string]bool{}
		for _, tg := range pend.Drop {
			drop[targetKey(tg)] = true
		}
		imp.Targets = merge(current, pend.Targets, drop, targetKey)
	}
	for _, e := range pend.Events {
		e.At, e.By = t.s.Now, t.s.Person.Phone
		imp.Changes = append(imp.Changes, e)
	}
	t.res.Import = imp
	t.say(fieldbot.Message{Text: t.p.HTML("directory.applied_"+pend.Kind, "count", strconv.Itoa(len(pend.Events))), ClearKeyboard: true})
	return nil
}

// merge is current without what gone names, each entry replaced by the one
// of upsert with the same key, in current's order; then the entries of
// upsert that replaced nothing, in upsert's order.
func merge[T any](current, upsert []T, gone map[string]bool, key func(T) string) []T {
	var out []T
	up := map[string]T{}
	for _, v := range upsert {
		up[key(v)] = v
	}
	for _, v := range current {
		k := key(v)
		if gone[k] {
			continue
		}
		if n, ok := up[k]; ok {
			v = n
			delete(up, k)
		}
		out = append(out, v)
	}
	for _, v := range upsert {
		if _, ok := up[key(v)]; ok {
			out = append(out, v)
		}
	}
	return out
}
