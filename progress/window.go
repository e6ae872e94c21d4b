package progress

import (
	"errors"
	"slices"
	"time"

	"github.com/fieldbot/fieldbot"
)

// The ledger holds a window of statistical years: Config.From on, what
// queries of this year and of "cùng kỳ" last year need. A query about an
// older year reads it from the store first (Config.Load) and the window
// widens until the next Keep.

// FirstPeriod returns the key of the first period of statistical year y:
// the one containing its first day (a week straddling the year start
// belongs to the year of its last day). Keys of one kind sort in time
// order, so reading from it reads year y and every later one.
func (l *Ledger) FirstPeriod(y int) string {
	start, _ := l.cal.YearBounds(y)
	return l.cal.PeriodOf(l.kind, start).Key
}

// From returns the first statistical year held.
func (l *Ledger) From() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return int(l.from)
}

// Load reads every held year through Config.Load: at start, into an empty
// ledger.
func (l *Ledger) Load() error {
	if l.load == nil || l.formID == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.read(l.from, 1<<30)
}

// errHeld stops a read at the first period already held.
var errHeld = errors.New("progress: year already held")

// read adds the stored submissions of years [from, to). Callers hold l.mu
// for writing.
func (l *Ledger) read(from, to int32) error {
	l.batch = true
	defer func() { l.flush(); l.batch = false }()
	first := "" // every year
	if from > 0 {
		first = l.FirstPeriod(int(from))
	}
	err := l.load(first, func(r *Stored) error {
		p := l.period(r.Period)
		if p.ok && p.year >= to {
			return errHeld
		}
		l.add(r.Period, r.Unit, r.Phone, r.Revision, r.At, r.Values)
		return nil
	})
	if errors.Is(err, errHeld) {
		err = nil
	}
	return err
}

// Keep forgets the statistical years before from; the bot calls it
// nightly so that what a query read on demand does not stay, and the room
// a day's appends left is given back. A from earlier than the window
// forgets nothing.
func (l *Ledger) Keep(from int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keep(max(int32(from), l.from))
}

func (l *Ledger) keep(from int32) {
	l.from = from
	for u, slots := range l.unitSlots {
		for _, s := range slots {
			s.keep(from)
		}
		l.unitSlots[u] = slices.DeleteFunc(slots, (*slot).empty)
	}
	for _, r := range l.reporters {
		r.slots = slices.DeleteFunc(r.slots, (*slot).empty)
	}
	l.compact()
}

// KeepFrom is the window to hold at now: this statistical year and the
// one before it, and in the first month of a year also the one before
// that (the digest of the last week of September compares with the same
// date two statistical years before now).
func KeepFrom(cal fieldbot.Calendar, now time.Time) int {
	return cal.StatYear(now.AddDate(0, -13, 0))
}

// rlock takes the read lock for a query at `at`, having first read from the
// store the years it needs that are not held: that of `at`, of a week
// before and of a year before.
func (l *Ledger) rlock(at time.Time) error {
	need := int32(l.cal.StatYear(at.AddDate(-1, 0, 0)))
	l.mu.RLock()
	if need >= l.from || l.load == nil {
		return nil
	}
	l.mu.RUnlock()
	l.mu.Lock()
	if old := l.from; need < old {
		l.from = need
		if err := l.read(need, old); err != nil {
			l.keep(old) // what was read in part goes; the next query tries again
			l.mu.Unlock()
			return err
		}
	}
	l.mu.Unlock()
	l.mu.RLock()
	return nil
}
