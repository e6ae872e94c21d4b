package progress

import "github.com/fieldbot/fieldbot"

// The roster and the targets can change while the bot runs (an import
// confirmed in chat). The ledger re-indexes them under its write lock, so
// a query sees either the old people and targets or the new ones, never a
// mix; submissions already recorded stay where they are and are counted
// under the unit they were reported for, as for a move between restarts.

// SetRoster re-indexes the roster's current people: who the officers of
// each unit are, and whose submissions are a roster officer's.
func (l *Ledger) SetRoster(r *fieldbot.Roster) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rosterIdx = map[string]int32{}
	for i := range l.officers {
		l.officers[i] = nil
	}
	l.indexRoster(r)
	for phone, rep := range l.reporters {
		rep.roster = -1
		if i, ok := l.rosterIdx[phone]; ok {
			rep.roster = i
			l.rosterRep[i] = rep
		}
	}
}

// SetTargets replaces every target.
func (l *Ledger) SetTargets(ts []fieldbot.Target) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.personTgts = map[personTargetKey]*target{}
	l.indexTargets(ts)
	l.targets = append([]fieldbot.Target(nil), ts...)
}

// Targets returns the targets in force, as last set.
func (l *Ledger) Targets() []fieldbot.Target {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return append([]fieldbot.Target(nil), l.targets...)
}
