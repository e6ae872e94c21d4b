// Package progress turns submissions into the figures leaders follow:
// indicators aggregated over a unit's subtree, targets inherited down the
// tree, the time-phased expectation, the change since last week and the
// same date last year. It is pure: no store, no chat, no clock (every query
// takes the date), no formatting.
//
// Aggregation follows DESIGN §1:
//
//   - A `last` field is cumulative since the start of the statistical year.
//     A unit's value is the sum, over the reporters counted in its subtree,
//     of each one's latest value at or before the end of the period of `at`,
//     within the statistical year of `at`: a skipped week carries the
//     previous value forward (and the reporter is listed as stale); a value
//     of last year never carries into the new one.
//   - A `sum` field is an amount for its period. Period is the total of the
//     submissions for the period of `at`, YearToDate the total of the year
//     up to and including it. Every such submission counts for the unit
//     written in it.
//   - A reporter who moved units: their latest submission of the year (at or
//     before the period of `at`) decides where their `last` figures count,
//     and the units they reported for earlier drop them. A cumulative figure
//     is the reporter's own running total since 1 October; counting their
//     old unit's last value as well as their new one would count the same
//     cases twice at every common ancestor, and a unit's total would no
//     longer equal the sum of its sub-units. Cases left behind in the old
//     unit are reported by whoever took them over.
//
// A period belongs to the statistical year of its last day, as in the
// guided entry. Figures at `at` are those of the statistical year of `at`,
// up to the latest period of that year that has begun by `at`: on 29/09 the
// week 28/09–04/10 already belongs to the next year, so the figures are
// those of the week before.
//
// Rates are computed from the summed raw counts (sum first, then divide),
// never as an average of rates; a denominator of 0 means no data, never NaN.
package progress

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

// Config is what a Ledger needs to know; it is read, never changed.
type Config struct {
	Tree       *fieldbot.Tree
	Roster     *fieldbot.Roster
	Form       *fieldbot.Form // the form the indicators read
	Indicators []fieldbot.Indicator
	Formulas   map[string][2]*rules.Expr // indicator id → numerator, denominator
	Targets    []fieldbot.Target
	Calendar   fieldbot.Calendar

	// From is the first statistical year held in memory; 0 holds every
	// year. Submissions of earlier years are ignored, and a query that
	// needs one (the same date last year, two years back in October)
	// reads it through Load first.
	From int
	// Load reads the stored latest revisions of the form for the periods
	// whose key is from or later, in key order, and passes each to add;
	// it stops, returning add's error, when add returns one. Nil when
	// nothing is stored (tests): the years before From then read as
	// empty. Ledger.Load and the queries call it under the ledger's write
	// lock, so it must not call back into the ledger.
	Load func(from string, add func(*Stored) error) error
}

// Stored is one stored latest revision, as the store reads it without
// building a Submission.
type Stored struct {
	Period, Unit, Phone []byte
	Revision            int
	At                  int64     // SubmittedAt, Unix nanoseconds
	Values              []float64 // one per Ledger.Fields, 0 where absent or not a number
}

// PersonTargetPrefix marks a per-officer target: Target.Unit
// "person:0912345678" applies to that reporter only.
const PersonTargetPrefix = "person:"

// Ledger holds the latest revision of every submission of the form in the
// statistical years it holds (see window.go), compactly (see slot.go) and
// indexed for fast queries. It is safe for concurrent use: Add is called
// after every commit, queries come from many chats.
type Ledger struct {
	cal    fieldbot.Calendar
	kind   fieldbot.PeriodKind
	formID string

	// Numeric fields of the form, in form order; text and choice fields
	// take no part in figures.
	fields []string
	lasts  []int // indexes into fields of `last` fields
	sums   []int // indexes into fields of `sum` fields
	lay    layout
	load   func(string, func(*Stored) error) error

	// The tree in pre-order: the subtree of unit u is [u, u+size[u]).
	units  []fieldbot.Unit
	pre    map[string]int32
	parent []int32
	size   []int32
	kids   [][]int32

	// The roster: officers per unit, in roster order.
	people    []fieldbot.Person
	rosterIdx map[string]int32
	officers  [][]int32

	inds        []fieldbot.Indicator
	formulas    [][2]*rules.Expr
	unitTargets map[int32][]*target // statistical year → resolved target per unit*len(inds)+indicator
	personTgts  map[personTargetKey]*target
	targets     []fieldbot.Target // as given, for Targets

	mu        sync.RWMutex
	from      int32                 // the first statistical year held
	batch     bool                  // loading: late records wait in pending
	pending   map[*slot][]rec       // late or revised records for rebuild at the end of a batch
	periods   map[string]periodInfo // period key → bounds, parsed once
	reporters map[string]*reporter  // by phone
	unitSlots [][]*slot             // per unit: the reporters' submission histories for it
	rosterRep []*reporter           // roster index → reporter, nil before their first submission
}

type personTargetKey struct {
	indicator int
	phone     string
	year      int32
}

type periodInfo struct {
	end  int32 // exclusive end: the day after the last, as days since 1970-01-01
	year int32 // statistical year of the period's last day
	ok   bool
}

// reporter is one phone's submissions, one slot per unit they reported for.
type reporter struct {
	phone  string
	slots  []*slot
	roster int32 // index in the roster, -1 if not in it
}

// NewLedger indexes the tree, the roster and the targets of cfg. It starts
// empty: Add every latest submission of the form.
func NewLedger(cfg Config) *Ledger {
	l := &Ledger{
		cal:        cfg.Calendar,
		pre:        map[string]int32{},
		rosterIdx:  map[string]int32{},
		periods:    map[string]periodInfo{},
		pending:    map[*slot][]rec{},
		reporters:  map[string]*reporter{},
		personTgts: map[personTargetKey]*target{},
		from:       int32(cfg.From),
		load:       cfg.Load,
	}
	if l.cal.Location == nil {
		l.cal.Location = time.UTC
	}
	if cfg.Form != nil {
		l.formID, l.kind = cfg.Form.ID, cfg.Form.Period
		for _, f := range cfg.Form.Fields {
			if !f.Type.Numeric() {
				continue
			}
			if f.Aggregate == fieldbot.AggregateSum {
				l.sums = append(l.sums, len(l.fields))
			} else {
				l.lasts = append(l.lasts, len(l.fields))
			}
			l.fields = append(l.fields, f.ID)
		}
	}
	l.lay = layout{nf: len(l.fields), sums: l.sums}
	l.indexTree(cfg.Tree)
	l.indexRoster(cfg.Roster)
	l.inds = cfg.Indicators
	l.formulas = make([][2]*rules.Expr, len(cfg.Indicators))
	for i, in := range cfg.Indicators {
		l.formulas[i] = cfg.Formulas[in.ID]
	}
	l.indexTargets(cfg.Targets)
	l.targets = append([]fieldbot.Target(nil), cfg.Targets...)
	return l
}

func (l *Ledger) indexTree(t *fieldbot.Tree) {
	if t == nil || t.Root() == "" {
		return
	}
	var walk func(id string, parent int32)
	walk = func(id string, parent int32) {
		u, _ := t.Unit(id)
		i := int32(len(l.units))
		l.units = append(l.units, u)
		l.pre[id] = i
		l.parent = append(l.parent, parent)
		l.size = append(l.size, 0)
		l.kids = append(l.kids, nil)
		if parent >= 0 {
			l.kids[parent] = append(l.kids[parent], i)
		}
		for _, c := range t.Children(id) {
			walk(c, i)
		}
		l.size[i] = int32(len(l.units)) - i
	}
	walk(t.Root(), -1)
	l.unitSlots = make([][]*slot, len(l.units))
	l.officers = make([][]int32, len(l.units))
}

func (l *Ledger) indexRoster(r *fieldbot.Roster) {
	if r == nil {
		return
	}
	l.people = r.People()
	l.rosterRep = make([]*reporter, len(l.people))
	for i, p := range l.people {
		l.rosterIdx[p.Phone] = int32(i)
		if u, ok := l.pre[p.Unit]; ok && p.Role == fieldbot.RoleOfficer {
			l.officers[u] = append(l.officers[u], int32(i))
		}
	}
}

// normPhone returns the national form of a phone, or the phone as given
// when it is not one.
func normPhone(p string) string {
	if n, err := fieldbot.NormalizePhone(p); err == nil {
		return n
	}
	return p
}

// Fields returns the ids of the form's numeric fields, in the order
// Stored.Values and AddRow's vals carry them.
func (l *Ledger) Fields() []string { return slices.Clone(l.fields) }

// Add records a submission of the form. A newer revision of the same key
// replaces the older; an older revision never replaces a newer one.
// Submissions of other forms, of unknown units, of unreadable periods or
// of years before those held are ignored.
func (l *Ledger) Add(s fieldbot.Submission) {
	if s.Form != l.formID || l.formID == "" {
		return
	}
	vals := make([]float64, len(l.fields))
	for i, id := range l.fields {
		vals[i], _ = s.Answers.Float(id) // a skipped optional amount counts as 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add([]byte(s.Period), []byte(s.Unit), []byte(s.Phone), s.Revision, s.SubmittedAt.UnixNano(), vals)
}

// AddRow is Add for a row read straight from the store: vals holds one
// value per Fields, at is SubmittedAt in Unix nanoseconds. It keeps
// nothing of the slices it is given.
func (l *Ledger) AddRow(period, unit, phone []byte, rev int, at int64, vals []float64) {
	if l.formID == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add(period, unit, phone, rev, at, vals)
}

// add records one submission. Callers hold l.mu for writing.
func (l *Ledger) add(period, unit, phone []byte, rev int, at int64, vals []float64) {
	u, ok := l.pre[string(unit)]
	if !ok || len(vals) != len(l.fields) {
		return
	}
	p := l.period(period)
	if !p.ok || p.year < l.from {
		return
	}
	r := l.reporter(phone)
	var sl *slot
	for _, x := range r.slots {
		if x.unit == u {
			sl = x
		}
	}
	if sl == nil {
		sl = &slot{rep: r, unit: u}
		r.slots = append(r.slots, sl)
		l.unitSlots[u] = append(l.unitSlots[u], sl)
	}
	// SubmittedAt is held to the second (1 to 3 bytes instead of 8): it
	// only orders two revisions of one period and a mover's two units
	// within one period. Of two such commits within the same second, the
	// one added last wins a revision's tie and the unit first in tree
	// order a mover's, as for equal nanoseconds before.
	rc := rec{day: p.end, year: p.year, rev: rev, at: floorDiv(at, 1e9), v: vals}
	switch {
	case sl.appends(&rc):
		sl.push(rc.day, rc.year, rc.rev, rc.at, rc.v, &l.lay)
	case l.batch:
		l.pending[sl] = append(l.pending[sl], rc.clone()) // rebuilt once, at the end
	default:
		sl.rebuild([]rec{rc}, &l.lay)
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// reporter returns the reporter of a phone, creating it at the first
// submission. Callers hold l.mu for writing.
func (l *Ledger) reporter(phone []byte) *reporter {
	if r := l.reporters[string(phone)]; r != nil {
		return r
	}
	norm := normPhone(string(phone))
	r := l.reporters[norm]
	if r == nil {
		r = &reporter{phone: norm, roster: -1}
		if i, ok := l.rosterIdx[norm]; ok {
			r.roster = i
			l.rosterRep[i] = r
		}
		l.reporters[norm] = r
	}
	return r
}

// flush merges the records a batch left pending and gives back the room
// appends left. Callers hold l.mu for writing.
func (l *Ledger) flush() {
	for s, recs := range l.pending {
		s.rebuild(recs, &l.lay)
	}
	clear(l.pending)
	l.compact()
}

// compact packs the slots' streams end to end into blocks of a MiB, each
// with room for a few more weeks after it. Allocated one by one, a stream
// is rounded up to a size class and the space its growth left behind
// stays in use: packed, two national years take 20.6 B a submission
// instead of 21.8. The room after each keeps the week's appends in place
// until the next compaction, at Keep every night; a stream that outgrows
// it moves out on its own.
func (l *Ledger) compact() {
	const blockSize, room = 1 << 20, 48
	var block []byte
	for _, slots := range l.unitSlots {
		for _, s := range slots {
			n := len(s.buf)
			if n+room > cap(block)-len(block) {
				block = make([]byte, 0, max(blockSize, n+room))
			}
			at := len(block)
			block = append(block, s.buf...)[:at+n+room]
			s.buf = block[at : at+n : at+n+room]
			if cap(s.keys) > len(s.keys) {
				s.keys = slices.Clone(s.keys)
			}
		}
	}
}

// period parses a period key of the form's kind, once. Callers hold l.mu
// for writing.
func (l *Ledger) period(key []byte) periodInfo {
	if p, ok := l.periods[string(key)]; ok {
		return p
	}
	var info periodInfo
	if p, err := l.cal.ParsePeriod(l.kind, string(key)); err == nil {
		info = periodInfo{end: l.day(p.End), year: int32(l.cal.StatYear(p.LastDay())), ok: true}
	}
	l.periods[string(key)] = info
	return info
}

// day numbers the calendar day of t in the calendar's location.
func (l *Ledger) day(t time.Time) int32 {
	y, m, d := t.In(l.cal.Location).Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// when is a query date turned into the bounds the index understands.
type when struct {
	year   int32 // statistical year of `at`
	effDay int32 // end of the latest period of that year begun by `at`
	curDay int32 // end of the period containing `at`
}

func (l *Ledger) when(at time.Time) when {
	y := l.cal.StatYear(at)
	cur := l.cal.PeriodOf(l.kind, at)
	eff := cur
	if l.cal.StatYear(cur.LastDay()) != y {
		eff = l.cal.Previous(cur) // the period straddles the year start and belongs to the next year
	}
	return when{year: int32(y), effDay: l.day(eff.End), curDay: l.day(cur.End)}
}

// find returns the slot's latest submission of w's year at or before w's
// period, or nil; see slot.latest for scratch.
func (s *slot) find(w when, lay *layout, scratch *rec) *rec {
	r := s.latest(w.effDay, lay, scratch)
	if r == nil || r.year != w.year {
		return nil
	}
	return r
}

// winner returns the slot whose latest submission in w decides where the
// reporter's `last` figures count, with that submission: the latest
// period, then the latest committed, then the first unit in tree order.
// scratch holds what is decoded.
func (r *reporter) winner(w when, lay *layout, scratch *[2]rec) (*slot, *rec) {
	var best *slot
	var br *rec
	free := 0
	for _, s := range r.slots {
		x := s.find(w, lay, &scratch[free])
		if x == nil {
			continue
		}
		if best == nil || x.day > br.day ||
			x.day == br.day && (x.at > br.at || x.at == br.at && s.unit < best.unit) {
			best, br = s, x
			if x == &scratch[free] {
				free ^= 1 // keep it
			}
		}
	}
	return best, br
}

func (r *reporter) reported(day int32, lay *layout) bool {
	for _, s := range r.slots {
		if s.has(day, lay) {
			return true
		}
	}
	return false
}

// acc accumulates field values: v holds the summed latest values of `last`
// fields and the year-to-date totals of `sum` fields; p the period totals
// of `sum` fields. The recs are room to decode into.
type acc struct {
	v, p []float64
	cur  rec
	win  [2]rec
}

func (l *Ledger) newAcc() *acc {
	nv := len(l.fields) + len(l.sums)
	buf := make([]float64, 2*len(l.fields)+3*nv)
	a := &acc{v: buf[:len(l.fields)], p: buf[len(l.fields) : 2*len(l.fields)]}
	buf = buf[2*len(l.fields):]
	a.cur.v, a.win[0].v, a.win[1].v = buf[:nv:nv], buf[nv:2*nv:2*nv], buf[2*nv:]
	return a
}

func (a *acc) reset() {
	clear(a.v)
	clear(a.p)
}

// addSums adds the sum fields of submission r.
func (l *Ledger) addSums(a *acc, r *rec, w when) {
	nf := len(l.fields)
	for k, f := range l.sums {
		a.v[f] += r.v[nf+k]
		if r.day == w.effDay {
			a.p[f] += r.v[f]
		}
	}
}

// addLasts adds the last fields of submission r of s, and the reporter to
// stale when the value is carried forward.
func (l *Ledger) addLasts(a *acc, s *slot, r *rec, w when, stale *[]string) {
	for _, f := range l.lasts {
		a.v[f] += r.v[f]
	}
	if stale != nil && r.day != w.effDay {
		*stale = append(*stale, s.rep.phone)
	}
}

// aggUnits adds up the units [lo, hi) of the pre-order.
func (l *Ledger) aggUnits(lo, hi int32, w when, a *acc, stale *[]string) {
	for u := lo; u < hi; u++ {
		for _, s := range l.unitSlots[u] {
			r := s.find(w, &l.lay, &a.cur)
			if r == nil {
				continue
			}
			l.addSums(a, r, w)
			if len(s.rep.slots) > 1 {
				// The reporter moved: count them only where their latest
				// submission is. That slot is met exactly once in the walk.
				if best, _ := s.rep.winner(w, &l.lay, &a.win); best != s {
					continue
				}
			}
			l.addLasts(a, s, r, w, stale)
		}
	}
}

// aggReporter adds up one reporter: sums from every unit they reported
// for, last fields from their latest submission.
func (l *Ledger) aggReporter(rp *reporter, w when, a *acc, stale *[]string) {
	for _, s := range rp.slots {
		if r := s.find(w, &l.lay, &a.cur); r != nil {
			l.addSums(a, r, w)
		}
	}
	if s, r := rp.winner(w, &l.lay, &a.win); s != nil {
		l.addLasts(a, s, r, w, stale)
	}
}

// unitIndex returns the pre-order index of a unit id.
func (l *Ledger) unitIndex(id string) (int32, error) {
	u, ok := l.pre[id]
	if !ok {
		return 0, fieldbot.Errorf(fieldbot.ENOTFOUND, "unknown unit %q", id)
	}
	return u, nil
}

// personPhone strips the per-officer prefix of a target unit.
func personPhone(unit string) (string, bool) {
	p, ok := strings.CutPrefix(unit, PersonTargetPrefix)
	if !ok {
		return "", false
	}
	return normPhone(p), true
}
