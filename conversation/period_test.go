package conversation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/progress"
)

// Issue 12's Monday and Thursday, with the form's close_after of 72h.
const (
	week49 = "Tuần 49/2026 (30/11–06/12/2026)"
	week50 = "Tuần 50/2026 (07/12–13/12/2026)"
)

func (h *harness) on(month time.Month, day, hour int) {
	h.now = time.Date(2026, month, day, hour, 0, 0, 0, h.now.Location())
}

// TestLeadersAskAboutThePeriodInQuestion: on Monday 07/12/2026 08:00 week
// 49 still takes reports, so /chuabaocao, /tiendo and /xephang are about
// it, name it, and do not count a report already made for week 50; on
// Thursday, week 49 closed, they are about week 50.
func TestLeadersAskAboutThePeriodInQuestion(t *testing.T) {
	h := province(t) // week 48: An 30/100, Hạnh 90/200
	ledger := h.e.Config().Progress.(*progress.Ledger)
	ledger.Add(fieldbot.Submission{Form: "weekly", Period: "2026-W49", Unit: "kv1", Phone: an.Phone, Revision: 1,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "100", "viec_xong": "40"}})
	ledger.Add(fieldbot.Submission{Form: "weekly", Period: "2026-W50", Unit: "kv2", Phone: hanh.Phone, Revision: 1,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "200", "viec_xong": "150"}})

	h.on(time.December, 7, 8)
	h.as(cuong)
	got := h.ask("chuabaocao", "")
	mustSay(t, "Monday /chuabaocao", got, "Chưa báo cáo "+week49+": 2 người", "Lý Thị Hạnh", "Trương Công Khải")
	mustNotSay(t, "Monday /chuabaocao", got, "Nguyễn Văn An", "Tuần 50")
	got = h.ask("tiendo", "")
	mustSay(t, "Monday /tiendo", got, week49, "06/12/2026", "40,00%", "45,00%", "1/3")
	mustNotSay(t, "Monday /tiendo", got, "Tuần 50", "75,00%")
	got = h.ask("xephang", "")
	mustSay(t, "Monday /xephang", got, week49, "45,00%")
	mustNotSay(t, "Monday /xephang", got, "Tuần 50", "75,00%")

	h.on(time.December, 10, 8)
	got = h.ask("chuabaocao", "")
	mustSay(t, "Thursday /chuabaocao", got, "Chưa báo cáo "+week50+": 2 người", "Nguyễn Văn An", "Trương Công Khải")
	mustNotSay(t, "Thursday /chuabaocao", got, "Lý Thị Hạnh")
	got = h.ask("tiendo", "")
	mustSay(t, "Thursday /tiendo", got, week50, "10/12/2026", "75,00%")
	got = h.ask("xephang", "")
	mustSay(t, "Thursday /xephang", got, week50, "75,00%")

	// An officer's own /tiendo names the period too.
	got = h.as(an).ask("tiendo", "")
	mustSay(t, "officer's /tiendo", got, week50)
}

// TestReportOpensThePeriodInQuestion: on Monday an officer who has not
// reported last week is asked for it, one who has starts this week's; the
// first question names the form and the period. Quick entry does the same.
func TestReportOpensThePeriodInQuestion(t *testing.T) {
	h := bound(t)
	h.on(time.December, 7, 8)
	r := h.command("baocao")
	first := r.Messages[len(r.Messages)-1].Text
	if !strings.HasPrefix(first, "Báo cáo tiến độ tuần — "+week49+"\n") || !strings.Contains(first, "Số việc có điều kiện thi hành") {
		t.Errorf("Monday, week 49 not reported: the first question is\n%s\nwant it headed by the form and %s", first, week49)
	}
	if h.state.Period != "2026-W49" {
		t.Errorf("Monday, week 49 not reported: /baocao opened %s; want 2026-W49", h.state.Period)
	}
	h.text("100")
	h.text("40")
	h.text("1 tỷ")
	h.press("Bỏ qua")
	h.press("Bỏ qua")
	h.press("Xác nhận")
	if len(h.saved) != 1 || h.saved[0].Period != "2026-W49" {
		t.Fatalf("saved %+v; want week 49", h.saved)
	}

	r = h.command("baocao")
	first = r.Messages[len(r.Messages)-1].Text
	if !strings.HasPrefix(first, "Báo cáo tiến độ tuần — "+week50+"\n") || h.state.Period != "2026-W50" {
		t.Errorf("Monday, week 49 reported: /baocao opened %s with\n%s\nwant week 50", h.state.Period, first)
	}
	h.command("huy")

	// /sua on Monday: the week-49 report, named.
	got := said(h.command("sua"))
	if !strings.Contains(got, week49) || h.state.Period != "2026-W49" {
		t.Errorf("Monday /sua opened %s: %q; want week 49 named", h.state.Period, got)
	}
	h.command("huy")

	// Quick entry follows the same choice.
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=45 txong=1 tỷ"})
	if got := said(h.last); !strings.Contains(got, week50) || h.state.Period != "2026-W50" {
		t.Errorf("Monday quick entry, week 49 reported: period %s, %q; want week 50", h.state.Period, got)
	}
	h.command("huy")

	h2 := bound(t)
	h2.on(time.December, 7, 8)
	h2.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=45 txong=1 tỷ"})
	if got := said(h2.last); !strings.Contains(got, week49) || h2.state.Period != "2026-W49" {
		t.Errorf("Monday quick entry, week 49 not reported: period %s, %q; want week 49", h2.state.Period, got)
	}

	// Thursday: week 49 is closed, /baocao is about week 50 for everyone.
	h3 := bound(t)
	h3.on(time.December, 10, 8)
	r = h3.command("baocao")
	if first := r.Messages[len(r.Messages)-1].Text; !strings.HasPrefix(first, "Báo cáo tiến độ tuần — "+week50+"\n") {
		t.Errorf("Thursday: the first question is\n%s\nwant it headed by %s", first, week50)
	}
}
