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
	"sort"
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
}

// PersonTargetPrefix marks a per-officer target: Target.Unit
// "person:0912345678" applies to that reporter only.
const PersonTargetPrefix = "person:"

// Ledger holds the latest revision of every submission of the form,
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
	end  int64 // exclusive end, Unix seconds
	year int32 // statistical year of the period's last day
	ok   bool
}

// reporter is one phone's submissions, one slot per unit they reported for.
type reporter struct {
	phone  string
	slots  []*slot
	roster int32 // index in the roster, -1 if not in it
}

// slot is one reporter's submissions for one unit, sorted by period end,
// held as parallel arrays so that a binary search touches one slice.
type slot struct {
	rep  *reporter
	unit int32
	end  []int64   // period end, Unix seconds, ascending
	year []int32   // statistical year of the period
	at   []int64   // SubmittedAt, Unix nanoseconds
	rev  []int     // revision
	vals []float64 // len(end)*len(fields): the answers
	ytd  []float64 // len(end)*len(sums): running totals of sum fields within the year
}

// NewLedger indexes the tree, the roster and the targets of cfg. It starts
// empty: Add every latest submission of the form.
func NewLedger(cfg Config) *Ledger {
	l := &Ledger{
		cal:        cfg.Calendar,
		pre:        map[string]int32{},
		rosterIdx:  map[string]int32{},
		periods:    map[string]periodInfo{},
		reporters:  map[string]*reporter{},
		personTgts: map[personTargetKey]*target{},
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

// Add records a submission of the form. A newer revision of the same key
// replaces the older; an older revision never replaces a newer one.
// Submissions of other forms, of unknown units or of unreadable periods
// are ignored.
func (l *Ledger) Add(s fieldbot.Submission) {
	if s.Form != l.formID || l.formID == "" {
		return
	}
	u, ok := l.pre[s.Unit]
	if !ok {
		return
	}
	vals := make([]float64, len(l.fields))
	for i, id := range l.fields {
		vals[i], _ = s.Answers.Float(id) // a skipped optional amount counts as 0
	}
	phone := normPhone(s.Phone)

	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.period(s.Period)
	if !p.ok {
		return
	}
	r := l.reporters[phone]
	if r == nil {
		r = &reporter{phone: phone, roster: -1}
		if i, ok := l.rosterIdx[phone]; ok {
			r.roster = i
			l.rosterRep[i] = r
		}
		l.reporters[phone] = r
	}
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
	sl.put(p, s.Revision, s.SubmittedAt.UnixNano(), vals, l.sums)
}

// period parses a period key of the form's kind, once. Callers hold l.mu.
func (l *Ledger) period(key string) periodInfo {
	if p, ok := l.periods[key]; ok {
		return p
	}
	var info periodInfo
	if p, err := l.cal.ParsePeriod(l.kind, key); err == nil {
		info = periodInfo{end: p.End.Unix(), year: int32(l.cal.StatYear(p.LastDay())), ok: true}
	}
	l.periods[key] = info
	return info
}

// put inserts or replaces the submission for period p.
func (s *slot) put(p periodInfo, rev int, at int64, vals []float64, sums []int) {
	nf := len(vals)
	i := sort.Search(len(s.end), func(i int) bool { return s.end[i] >= p.end })
	if i < len(s.end) && s.end[i] == p.end {
		if rev < s.rev[i] || rev == s.rev[i] && at < s.at[i] {
			return // an older revision arriving late
		}
		s.rev[i], s.at[i] = rev, at
		copy(s.vals[i*nf:(i+1)*nf], vals)
	} else {
		s.end = slices.Insert(s.end, i, p.end)
		s.year = slices.Insert(s.year, i, p.year)
		s.at = slices.Insert(s.at, i, at)
		s.rev = slices.Insert(s.rev, i, rev)
		s.vals = slices.Insert(s.vals, i*nf, vals...)
		s.ytd = slices.Insert(s.ytd, i*len(sums), make([]float64, len(sums))...)
	}
	// Running totals of the sum fields from i on, restarting with each year.
	ns := len(sums)
	for j := i; j < len(s.end); j++ {
		for k, f := range sums {
			v := s.vals[j*nf+f]
			if j > 0 && s.year[j-1] == s.year[j] {
				v += s.ytd[(j-1)*ns+k]
			}
			s.ytd[j*ns+k] = v
		}
	}
}

// when is a query date turned into the bounds the index understands.
type when struct {
	year   int32 // statistical year of `at`
	effEnd int64 // end of the latest period of that year begun by `at`
	curEnd int64 // end of the period containing `at`
}

func (l *Ledger) when(at time.Time) when {
	y := l.cal.StatYear(at)
	cur := l.cal.PeriodOf(l.kind, at)
	eff := cur
	if l.cal.StatYear(cur.LastDay()) != y {
		eff = l.cal.Previous(cur) // the period straddles the year start and belongs to the next year
	}
	return when{year: int32(y), effEnd: eff.End.Unix(), curEnd: cur.End.Unix()}
}

// find returns the index of the slot's latest submission of w's year at or
// before w's period, or -1.
func (s *slot) find(w when) int {
	i := sort.Search(len(s.end), func(i int) bool { return s.end[i] > w.effEnd }) - 1
	if i < 0 || s.year[i] != w.year {
		return -1
	}
	return i
}

// has reports whether the slot holds a submission for the period ending at end.
func (s *slot) has(end int64) bool {
	i := sort.Search(len(s.end), func(i int) bool { return s.end[i] >= end })
	return i < len(s.end) && s.end[i] == end
}

// winner returns the slot whose latest submission in w decides where the
// reporter's `last` figures count: the latest period, then the latest
// committed, then the first unit in tree order.
func (r *reporter) winner(w when) (*slot, int) {
	var best *slot
	bi := -1
	for _, s := range r.slots {
		i := s.find(w)
		if i < 0 {
			continue
		}
		if best == nil || s.end[i] > best.end[bi] ||
			s.end[i] == best.end[bi] && (s.at[i] > best.at[bi] || s.at[i] == best.at[bi] && s.unit < best.unit) {
			best, bi = s, i
		}
	}
	return best, bi
}

func (r *reporter) reported(end int64) bool {
	for _, s := range r.slots {
		if s.has(end) {
			return true
		}
	}
	return false
}

// acc accumulates field values: v holds the summed latest values of `last`
// fields and the year-to-date totals of `sum` fields; p the period totals
// of `sum` fields.
type acc struct {
	v, p []float64
}

func (l *Ledger) newAcc() *acc {
	buf := make([]float64, 2*len(l.fields))
	return &acc{v: buf[:len(l.fields)], p: buf[len(l.fields):]}
}

func (a *acc) reset() {
	clear(a.v)
	clear(a.p)
}

// addSums adds the sum fields of submission i of s.
func (l *Ledger) addSums(a *acc, s *slot, i int, w when) {
	nf, ns := len(l.fields), len(l.sums)
	for k, f := range l.sums {
		a.v[f] += s.ytd[i*ns+k]
		if s.end[i] == w.effEnd {
			a.p[f] += s.vals[i*nf+f]
		}
	}
}

// addLasts adds the last fields of submission i of s, and the reporter to
// stale when the value is carried forward.
func (l *Ledger) addLasts(a *acc, s *slot, i int, w when, stale *[]string) {
	nf := len(l.fields)
	for _, f := range l.lasts {
		a.v[f] += s.vals[i*nf+f]
	}
	if stale != nil && s.end[i] != w.effEnd {
		*stale = append(*stale, s.rep.phone)
	}
}

// aggUnits adds up the units [lo, hi) of the pre-order.
func (l *Ledger) aggUnits(lo, hi int32, w when, a *acc, stale *[]string) {
	for u := lo; u < hi; u++ {
		for _, s := range l.unitSlots[u] {
			i := s.find(w)
			if i < 0 {
				continue
			}
			l.addSums(a, s, i, w)
			if len(s.rep.slots) > 1 {
				// The reporter moved: count them only where their latest
				// submission is. That slot is met exactly once in the walk.
				if best, _ := s.rep.winner(w); best != s {
					continue
				}
			}
			l.addLasts(a, s, i, w, stale)
		}
	}
}

// aggReporter adds up one reporter: sums from every unit they reported
// for, last fields from their latest submission.
func (l *Ledger) aggReporter(r *reporter, w when, a *acc, stale *[]string) {
	for _, s := range r.slots {
		if i := s.find(w); i >= 0 {
			l.addSums(a, s, i, w)
		}
	}
	if s, i := r.winner(w); s != nil {
		l.addLasts(a, s, i, w, stale)
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
