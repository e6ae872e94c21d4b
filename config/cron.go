package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// checkCron checks a schedule the way robfig/cron's standard parser reads
// it, so that a typo stops start-up with the key named instead of failing
// (or panicking) later inside the scheduler. "" means no schedule.
func checkCron(spec string) error {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		return nil
	case strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ="):
		return errors.New("schedules run in the configured timezone: remove the TZ= prefix")
	case strings.HasPrefix(spec, "@every "):
		if d, err := time.ParseDuration(strings.TrimSpace(spec[len("@every "):])); err != nil || d <= 0 {
			return errors.New(`"@every" needs a positive duration such as "24h"`)
		}
		return nil
	case strings.HasPrefix(spec, "@"):
		switch spec {
		case "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly":
			return nil
		}
		return errors.New("unknown descriptor: use @daily, @weekly, @monthly, @every 24h or five fields")
	}
	fields := strings.Fields(spec)
	if len(fields) != 5 {
		return fmt.Errorf("has %d fields; want 5: minute hour day-of-month month day-of-week, e.g. \"0 17 * * FRI\"", len(fields))
	}
	for i, f := range fields {
		if err := cronFields[i].check(f); err != nil {
			return fmt.Errorf("%s %q: %v", cronFields[i].name, f, err)
		}
	}
	return nil
}

type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var cronFields = []cronField{
	{name: "minute", max: 59},
	{name: "hour", max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// check accepts a comma list of "*", "?", "a", "a-b", each with an
// optional "/step".
func (c cronField) check(s string) error {
	for _, part := range strings.Split(s, ",") {
		rng, step, hasStep := strings.Cut(part, "/")
		if hasStep {
			if n, err := strconv.Atoi(step); err != nil || n <= 0 {
				return fmt.Errorf("step %q is not a positive number", step)
			}
		}
		if rng == "*" || rng == "?" {
			continue
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		a, err := c.value(lo)
		if err != nil {
			return err
		}
		if isRange {
			b, err := c.value(hi)
			if err != nil {
				return err
			}
			if a > b {
				return fmt.Errorf("range %s is backwards", rng)
			}
		}
	}
	return nil
}

func (c cronField) value(s string) (int, error) {
	for i, n := range c.names {
		if strings.EqualFold(s, n) {
			return c.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < c.min || n > c.max {
		if c.names != nil {
			return 0, fmt.Errorf("%q is not %d–%d or %s–%s", s, c.min, c.max, c.names[0], c.names[len(c.names)-1])
		}
		return 0, fmt.Errorf("%q is not %d–%d", s, c.min, c.max)
	}
	return n, nil
}
