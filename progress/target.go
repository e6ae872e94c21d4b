package progress

import (
	"sort"
	"time"

	"github.com/fieldbot/fieldbot"
)

// target is a configured target with its milestones parsed.
type target struct {
	fieldbot.Target
	milestones []milestone
}

type milestone struct {
	day   fieldbot.MonthDay
	value float64
}

// indexTargets resolves, for every statistical year that has targets, the
// target each unit uses for each indicator: its own, else its nearest
// ancestor's. Per-officer targets are kept apart.
func (l *Ledger) indexTargets(ts []fieldbot.Target) {
	indIdx := make(map[string]int, len(l.inds))
	for i, in := range l.inds {
		indIdx[in.ID] = i
	}
	type key struct {
		ind  int
		unit int32
		year int32
	}
	own := map[key]*target{}
	years := map[int32]bool{}
	for _, t := range ts {
		i, ok := indIdx[t.Indicator]
		if !ok {
			continue
		}
		tg := &target{Target: t}
		for md, v := range t.Milestones {
			if d, err := fieldbot.ParseMonthDay(md); err == nil {
				tg.milestones = append(tg.milestones, milestone{d, v})
			}
		}
		y := int32(t.Year)
		if phone, ok := personPhone(t.Unit); ok {
			l.personTgts[personTargetKey{i, phone, y}] = tg
			continue
		}
		u, ok := l.pre[t.Unit]
		if !ok {
			continue
		}
		own[key{i, u, y}] = tg
		years[y] = true
	}
	n := len(l.inds)
	l.unitTargets = make(map[int32][]*target, len(years))
	for y := range years {
		res := make([]*target, len(l.units)*n)
		for u := range l.units { // pre-order: a parent is resolved before its children
			for i := 0; i < n; i++ {
				if t := own[key{i, int32(u), y}]; t != nil {
					res[u*n+i] = t
				} else if p := l.parent[u]; p >= 0 {
					res[u*n+i] = res[int(p)*n+i]
				}
			}
		}
		l.unitTargets[y] = res
	}
}

// unitTarget returns the target unit u uses for indicator i in year y.
func (l *Ledger) unitTarget(u int32, i int, y int32) *target {
	res := l.unitTargets[y]
	if res == nil {
		return nil
	}
	return res[int(u)*len(l.inds)+i]
}

// expected is the time-phased expectation at the end of the day of `at`:
// 0 at the start of statistical year y, each milestone's value at the end
// of its day, Value at the end of the year, linear in between.
func (t *target) expected(cal fieldbot.Calendar, y int, at time.Time) float64 {
	start, end := cal.YearBounds(y)
	at = at.In(cal.Location)
	x := time.Date(at.Year(), at.Month(), at.Day()+1, 0, 0, 0, 0, cal.Location)
	if !x.After(start) {
		return 0
	}
	if !x.Before(end) {
		return t.Value
	}
	type point struct {
		t time.Time
		v float64
	}
	pts := make([]point, 0, len(t.milestones)+2)
	pts = append(pts, point{start, 0})
	for _, m := range t.milestones {
		d := time.Date(start.Year(), m.day.Month, m.day.Day, 0, 0, 0, 0, cal.Location)
		if d.Before(start) {
			d = time.Date(start.Year()+1, m.day.Month, m.day.Day, 0, 0, 0, 0, cal.Location)
		}
		pts = append(pts, point{d.AddDate(0, 0, 1), m.value})
	}
	sort.SliceStable(pts[1:], func(i, j int) bool { return pts[1+i].t.Before(pts[1+j].t) })
	pts = append(pts, point{end, t.Value})
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if x.After(b.t) {
			continue
		}
		span := b.t.Sub(a.t)
		if span <= 0 {
			return b.v
		}
		return a.v + (b.v-a.v)*float64(x.Sub(a.t))/float64(span)
	}
	return t.Value
}
