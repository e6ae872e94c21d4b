package config

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/fieldbot/fieldbot"
)

func (l *loader) targets(f *file, cfg *Config) {
	known := map[string]bool{}
	for _, in := range cfg.Indicators {
		known[in.ID] = true
	}
	seen := map[[3]string]int{}
	for i, t := range f.Targets {
		key := fmt.Sprintf("targets[%d]", i)
		// An indicator that failed to load has been reported already.
		if !known[t.Indicator] && !declared(f, t.Indicator) {
			l.add(key+".indicator", "unknown indicator %q", t.Indicator)
		}
		if cfg.Tree != nil {
			if _, ok := cfg.Tree.Unit(t.Unit); !ok {
				l.add(key+".unit", "unknown unit %q", t.Unit)
			}
		}
		switch {
		case t.Year == 0:
			l.add(key+".year", "missing: the statistical year, e.g. 2027 for 01/10/2026–30/09/2027")
		case t.Year < 2000 || t.Year > 2100:
			l.add(key+".year", "%d is not a statistical year", t.Year)
		}
		id := [3]string{t.Indicator, t.Unit, fmt.Sprint(t.Year)}
		if j, dup := seen[id]; dup {
			l.add(key, "targets[%d] already sets %s for unit %s in %d", j, t.Indicator, t.Unit, t.Year)
		}
		seen[id] = i
		if t.Value == nil {
			l.add(key+".value", "missing: the year-end target, a percentage such as 83.90")
			continue
		}
		if *t.Value < 0 || *t.Value > 100 {
			l.add(key+".value", "%v is not a percentage from 0 to 100", *t.Value)
		}
		l.milestones(key+".milestones", t, cfg.Calendar.YearStart)
		cfg.Targets = append(cfg.Targets, fieldbot.Target{
			Indicator: t.Indicator, Unit: t.Unit, Year: int(t.Year), Value: *t.Value, Milestones: t.Milestones,
		})
	}
}

// declared reports whether the file declares an indicator id, even one
// with problems of its own.
func declared(f *file, id string) bool {
	for _, in := range f.Indicators {
		if in.ID == id {
			return true
		}
	}
	return false
}

// milestones checks the "MM-DD" = percent pairs: valid days, percentages,
// none above the year-end value, and rising through the statistical year,
// as a completion rate does.
func (l *loader) milestones(key string, t targetFile, yearStart fieldbot.MonthDay) {
	type point struct {
		md  string
		day time.Time
		v   float64
	}
	var points []point
	for _, md := range slices.Sorted(maps.Keys(t.Milestones)) {
		v, mkey := t.Milestones[md], key+"."+md
		d, err := fieldbot.ParseMonthDay(md)
		if err != nil {
			l.add(mkey, "%q is not a day written MM-DD", md)
			continue
		}
		switch {
		case v < 0 || v > 100:
			l.add(mkey, "%v is not a percentage from 0 to 100", v)
		case v > *t.Value:
			l.add(mkey, "%v is above the year-end target %v", v, *t.Value)
		}
		// 2000 is a leap year, so "02-29" has a place; a day before the
		// start of the statistical year belongs to its second calendar year.
		day := time.Date(2000, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		if day.Before(time.Date(2000, yearStart.Month, yearStart.Day, 0, 0, 0, 0, time.UTC)) {
			day = day.AddDate(1, 0, 0)
		}
		points = append(points, point{md, day, v})
	}
	sort.Slice(points, func(i, j int) bool { return points[i].day.Before(points[j].day) })
	for i := 1; i < len(points); i++ {
		if points[i].v < points[i-1].v {
			l.add(key+"."+points[i].md, "%v is below %v at %s: expectations rise through the year", points[i].v, points[i-1].v, points[i-1].md)
		}
	}
}
