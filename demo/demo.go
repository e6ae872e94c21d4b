// Package demo fills an empty sandbox database with a few weeks of
// plausible reports, so that status and digests show something the first
// time someone tries the bot. It is never used with a real token.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// Seed writes weekly submissions of form f for every officer of the roster,
// from the start of the statistical year up to the week before now. It does
// nothing if the form already has submissions. Numbers are deterministic.
func Seed(ctx context.Context, db *store.DB, roster *fieldbot.Roster, f *fieldbot.Form, cal fieldbot.Calendar, now time.Time) (int, error) {
	empty := true
	err := db.LatestSubmissions(f.ID, func(fieldbot.Submission) error { empty = false; return errStop })
	if err != nil && err != errStop {
		return 0, err
	}
	if !empty {
		return 0, nil
	}
	yearStart, _ := cal.YearBounds(cal.StatYear(now))
	current := cal.PeriodOf(f.Period, now)
	var weeks []fieldbot.Period
	for p := cal.PeriodOf(f.Period, yearStart); p.Start.Before(current.Start); p = cal.PeriodOf(f.Period, p.End) {
		weeks = append(weeks, p)
	}
	rng := rand.New(rand.NewPCG(2027, 10))
	n := 0
	for i, person := range roster.People() {
		if person.Role != fieldbot.RoleOfficer {
			continue
		}
		o := officer{rng: rng, base: 180 + rng.Float64()*220, moneyBase: (40 + rng.Float64()*160) * 1e9, pace: 0.75 + rng.Float64()*0.5}
		var subs []fieldbot.Submission
		for w, week := range weeks {
			// A few people missed the last week: /missing has names to show.
			if w == len(weeks)-1 && i%5 == 0 {
				continue
			}
			subs = append(subs, fieldbot.Submission{
				Form: f.ID, Period: week.Key, Unit: person.Unit, Phone: person.Phone, SubmittedBy: person.Phone,
				SubmittedAt: week.End.Add(-2*24*time.Hour - 7*time.Hour), // Friday 17:00
				Answers:     o.answers(f, w, len(weeks)),
			})
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, s := range subs {
				if _, err := tx.PutSubmission(s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(subs)
	}
	return n, nil
}

var errStop = fmt.Errorf("stop")

// officer makes one person's cumulative figures: cases with conditions
// grow slowly, completion follows a year-long curve at the person's pace.
type officer struct {
	rng             *rand.Rand
	base, moneyBase float64
	pace            float64
}

func (o officer) answers(f *fieldbot.Form, week, weeks int) fieldbot.Answers {
	progress := float64(week+1) / 52 // share of the statistical year gone by
	cases := math.Round(o.base * (1 + 0.15*progress))
	done := math.Round(cases * math.Min(0.95, 0.84*progress*o.pace))
	stopped := math.Round(cases * 0.02 * progress)
	money := math.Round(o.moneyBase*(1+0.2*progress)/1e6) * 1e6
	paid := math.Round(money*math.Min(0.9, 0.52*progress*o.pace)/1e6) * 1e6
	values := map[string]float64{
		"viec_co_dieu_kien": cases, "viec_xong": done, "viec_dinh_chi": stopped,
		"tien_co_dieu_kien": money, "tien_xong": paid, "tien_dinh_chi": math.Round(money*0.01*progress/1e6) * 1e6,
		"tiep_dan": float64(o.rng.IntN(6)),
	}
	a := fieldbot.Answers{}
	for _, fl := range f.Fields {
		if v, ok := values[fl.ID]; ok && fl.Type.Numeric() {
			a[fl.ID] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return a
}
