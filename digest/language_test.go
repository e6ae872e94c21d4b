package digest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/store"
)

// TestEachRecipientsLanguage: in the same runs, people who chose English
// get their reminder, escalation, digest and correction notice in English
// while everyone else gets Vietnamese.
func TestEachRecipientsLanguage(t *testing.T) {
	w := newWorld(t, monday)
	err := w.db.Update(ctx, func(tx *store.Tx) error {
		for _, phone := range []string{bich, em, dung} {
			if err := tx.SetLanguage(phone, "en"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.report(an, 100, 80, 2, 5_000_000_000, 2_000_000_000)

	w.until(monday.Add(3*24*time.Hour + 9*time.Hour + 5*time.Minute)) // Thursday 09:05
	reminded := w.sent()
	if r := reminded[dung]; len(r) != 1 || !strings.Contains(r[0].Text, "Reminder: you have not sent") || !strings.Contains(r[0].Text, "Week 48/2026") {
		t.Errorf("Dung chose English; reminder %+v", r)
	}
	if r := reminded[hanh]; len(r) != 1 || !strings.Contains(r[0].Text, "Tuần 48/2026") || strings.Contains(r[0].Text, "Reminder") {
		t.Errorf("Hạnh chose nothing; reminder %+v; want Vietnamese", r)
	}

	w.report(dung, 50, 30, 0, 1_000_000_000, 200_000_000)
	w.until(monday.Add(4*24*time.Hour + 17*time.Hour + 30*time.Minute)) // Friday 17:30
	got := w.sent()
	kv1, kv2, admin := digestOf(got[bich]), digestOf(got[em]), digestOf(got[cuong])
	for who, d := range map[string]fieldbot.Message{"Bích": kv1, "Em": kv2} {
		if !strings.Contains(d.Text, "Digest for Week 48/2026") || strings.Contains(d.Text, "Bản tổng hợp") {
			t.Errorf("%s chose English; digest:\n%s", who, d.Text)
		}
		if strings.Contains(d.Caption, "Tuần") {
			t.Errorf("%s chose English; chart caption %q", who, d.Caption)
		}
	}
	if !strings.Contains(admin.Text, "Bản tổng hợp Tuần 48/2026") || strings.Contains(admin.Text, "Digest for") {
		t.Errorf("the admin chose nothing; digest:\n%s", admin.Text)
	}
	if admin.Photo == nil || kv1.Photo == nil || admin.Photo.Ref == kv1.Photo.Ref {
		t.Errorf("charts: admin %+v, kv1 %+v", admin.Photo, kv1.Photo)
	}
	escalation := func(msgs []fieldbot.Message) string {
		for _, m := range msgs {
			if m.Photo == nil {
				return m.Text
			}
		}
		return ""
	}
	if e := escalation(got[em]); !strings.Contains(e, "have not reported Week 48/2026") {
		t.Errorf("Em chose English; escalation %q", e)
	}
	if e := escalation(got[cuong]); !strings.Contains(e, "chưa báo cáo Tuần 48/2026") {
		t.Errorf("the admin chose nothing; escalation %q", e)
	}

	// Saturday: a correction, told to each in their language.
	w.until(monday.Add(5*24*time.Hour + 8*time.Hour))
	w.report(dung, 50, 31, 0, 1_000_000_000, 200_000_000)
	notices := w.sent()
	if n := notices[bich]; len(n) != 1 || !strings.Contains(n[0].Text, "changed after the digest") || !strings.Contains(n[0].Text, "revision 2") {
		t.Errorf("Bích chose English; notice %+v", n)
	}
	if n := notices[cuong]; len(n) != 1 || strings.Contains(n[0].Text, "changed after the digest") || !strings.Contains(n[0].Text, "lần 2") {
		t.Errorf("the admin chose nothing; notice %+v", n)
	}
}

// TestPreviewInALanguage: /digest is built in the language asked for.
func TestPreviewInALanguage(t *testing.T) {
	w := newWorld(t, monday.Add(4*24*time.Hour+10*time.Hour))
	p, _ := w.cfg.Roster.Lookup(bich)
	msgs, err := w.jobs.Preview(p, "en", w.clock())
	if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Digest for Week 48/2026") {
		t.Fatalf("Preview(en) = %+v, %v", msgs, err)
	}
}
