package digest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/digest"
	"github.com/fieldbot/fieldbot/scheduler"
)

// set moves the world's clock without running the scheduler.
func (w *world) set(t time.Time) {
	w.mu.Lock()
	w.now = t
	w.mu.Unlock()
}

// TestPeriodFor pins which period a digest run is about, with the example's
// close_after of 72h: a Friday 17:00 digest covers this week, a Monday
// 08:00 digest the week just ended, figures as of its last second.
func TestPeriodFor(t *testing.T) {
	w := newWorld(t, monday)
	loc := w.cfg.Calendar.Location
	for _, tt := range []struct {
		run     time.Time
		key, at string
	}{
		{time.Date(2026, 11, 27, 17, 0, 0, 0, loc), "2026-W48", "27/11 17:00:00"}, // Friday
		{time.Date(2026, 11, 30, 8, 0, 0, 0, loc), "2026-W48", "29/11 23:59:59"},  // Monday
		{time.Date(2026, 12, 2, 17, 0, 0, 0, loc), "2026-W48", "29/11 23:59:59"},  // Wednesday: week 48 still open
		{time.Date(2026, 12, 3, 8, 0, 0, 0, loc), "2026-W49", "03/12 08:00:00"},   // Thursday
	} {
		p, at := w.jobs.PeriodFor(tt.run)
		if p.Key != tt.key || at.In(loc).Format("02/01 15:04:05") != tt.at {
			t.Errorf("PeriodFor(%s) = %s as of %s; want %s as of %s", tt.run.Format("Mon 02/01 15:04"),
				p.Key, at.In(loc).Format("02/01 15:04:05"), tt.key, tt.at)
		}
	}
}

// TestMondayMorningIsAboutLastWeek is issue 12's Monday: at 08:00 on
// 07/12/2026 the digest, its preview, the reminders and the escalation are
// all about Tuần 49 (still taking reports until Wednesday night), and a
// report already made for week 50 does not count in them; on Thursday they
// are about Tuần 50.
func TestMondayMorningIsAboutLastWeek(t *testing.T) {
	loc := monday.Location()
	friday := time.Date(2026, 12, 4, 17, 0, 0, 0, loc)
	mon8 := time.Date(2026, 12, 7, 8, 0, 0, 0, loc)
	w := newWorld(t, friday)
	w.report(an, 100, 80, 2, 5_000_000_000, 2_000_000_000) // week 49, on time
	w.set(mon8.Add(-time.Hour))
	w.report(dung, 50, 30, 0, 1_000_000_000, 200_000_000) // week 50 already, week 49 never
	w.set(mon8)
	const w49, w50 = "Tuần 49/2026 (30/11–06/12/2026)", "Tuần 50/2026 (07/12–13/12/2026)"

	if err := w.jobs.Remind(ctx, scheduler.Run{Job: digest.JobRemind, Scheduled: mon8}); err != nil {
		t.Fatal(err)
	}
	reminded := w.sent()
	if len(reminded[an]) != 0 {
		t.Errorf("An reported week 49 and was reminded: %v", reminded[an])
	}
	if r := reminded[dung]; len(r) != 1 || !strings.Contains(r[0].Text, w49) {
		t.Errorf("Dung, who reported week 50 but not week 49, got %+v; want one reminder about %s", r, w49)
	}
	if err := w.jobs.Escalate(ctx, scheduler.Run{Job: digest.JobEscalate, Scheduled: mon8}); err != nil {
		t.Fatal(err)
	}
	if e := w.sent()[bich]; len(e) != 1 || !strings.Contains(e[0].Text, "chưa báo cáo "+w49) || !strings.Contains(e[0].Text, "Phạm Thị Dung") {
		t.Errorf("khu vực 1's escalation on Monday = %+v; want one naming %s and Dung", e, w49)
	}

	bichP, _ := w.cfg.Roster.Lookup(bich)
	preview, err := w.jobs.Preview(bichP, "", mon8)
	if err != nil || len(preview) != 1 {
		t.Fatalf("Preview = %+v, %v", preview, err)
	}
	if err := w.jobs.Digest(ctx, scheduler.Run{Job: digest.JobDigest, Scheduled: mon8}); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"preview": preview[0].Text, "digest": digestOf(w.sent()[bich]).Text} {
		if !strings.Contains(text, "Bản tổng hợp "+w49) || !strings.Contains(text, "06/12/2026 23:59") {
			t.Errorf("Monday 08:00 %s is not about %s as of its last minute:\n%s", name, w49, text)
		}
		if !strings.Contains(text, "1/3 cán bộ") {
			t.Errorf("Monday 08:00 %s counts a week-50 report for week 49:\n%s", name, text)
		}
	}

	thu8 := time.Date(2026, 12, 10, 8, 0, 0, 0, loc)
	w.set(thu8)
	if err := w.jobs.Remind(ctx, scheduler.Run{Job: digest.JobRemind, Scheduled: thu8}); err != nil {
		t.Fatal(err)
	}
	reminded = w.sent()
	if len(reminded[dung]) != 0 {
		t.Errorf("Dung reported week 50 and was reminded on Thursday: %v", reminded[dung])
	}
	if r := reminded[an]; len(r) != 1 || !strings.Contains(r[0].Text, w50) {
		t.Errorf("An on Thursday got %+v; want one reminder about %s", r, w50)
	}
	preview, err = w.jobs.Preview(bichP, "", thu8)
	if err != nil || len(preview) != 1 || !strings.Contains(preview[0].Text, "Bản tổng hợp "+w50) {
		t.Errorf("Thursday preview = %+v, %v; want it about %s", preview, err, w50)
	}
}
