package conversation_test

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// history reads h.events as store.EventsOf does: newest first, those about
// any of units (none: any) and, if given, about person.
func (h *harness) history(units []string, person string, limit int) ([]fieldbot.Event, error) {
	var out []fieldbot.Event
	for i := len(h.events) - 1; i >= 0 && len(out) < limit; i-- {
		e := h.events[i]
		if (len(units) == 0 || slices.Contains(units, e.Unit)) && (person == "" || e.Person == person) {
			out = append(out, e)
		}
	}
	return out, nil
}

// officeHistory is a province whose history holds a revision in kv1 and in
// kv2, an invitation in kv2 and a reopening of kv1.
func officeHistory(t *testing.T) *harness {
	h := province(t)
	at := time.Date(2026, 12, 6, 17, 5, 0, 0, h.now.Location())
	h.events = []fieldbot.Event{
		{At: at.Add(-time.Hour), Kind: fieldbot.EventRevision, By: hanh.Phone, Via: "telegram:77", Unit: "kv2", Person: hanh.Phone, Ref: "weekly/2026-W49#1",
			Changes: []fieldbot.Change{{Field: "viec_xong", New: "90"}}},
		{At: at.Add(-30 * time.Minute), Kind: fieldbot.EventInvite, By: em.Phone, Via: "zalo:em", Unit: "kv2", Person: khai.Phone},
		{At: at.Add(-10 * time.Minute), Kind: fieldbot.EventReopen, By: cuong.Phone, Via: "telegram:9", Unit: "kv1", Ref: "weekly/2026-W47",
			Changes: []fieldbot.Change{{Field: "until", New: "2026-12-07T10:05:00Z"}}},
		{At: at, Kind: fieldbot.EventRevision, By: bich.Phone, Via: "zalo:b1", Unit: "kv1", Person: an.Phone, Ref: "weekly/2026-W49#2",
			// By id, as the store gives them: shown in the form's order, then
			// fields the form no longer has by id.
			Changes: []fieldbot.Change{{Field: "a_cu", Old: "7", New: ""}, {Field: "ghi_chu", Old: "a<b", New: ""}, {Field: "tien_xong", Old: "1500000000", New: "2000000000"},
				{Field: "viec_xong", Old: "40", New: "45"}, {Field: "z_cu", New: "1"}}},
	}
	return h
}

func TestHistoryScopes(t *testing.T) {
	h := officeHistory(t)
	kv1 := "của Nguyễn Văn An, bản 2"
	reopen := "Mở lại Tuần 47/2026"
	kv2 := "Cấp mã mời cho Trương Công Khải"

	got := h.as(bich).ask("lichsu", "")
	mustSay(t, "Bích's /lichsu", got, kv1, reopen)
	mustNotSay(t, "Bích's /lichsu", got, kv2, "Lý Thị Hạnh")
	// Another unit, by name or by one of its people: not hers.
	for _, q := range []string{"kv2", "khu vực 2", "Lý Thị Hạnh", hanh.Phone} {
		got := h.ask("lichsu", q)
		mustSay(t, "Bích's /lichsu "+q, got, "Không tìm thấy")
		mustNotSay(t, "Bích's /lichsu "+q, got, kv2, "của Lý Thị Hạnh, bản 1")
	}
	// A person of hers.
	got = h.ask("lichsu", "nguyen van an")
	mustSay(t, "Bích's /lichsu An", got, kv1)
	mustNotSay(t, "Bích's /lichsu An", got, reopen)

	// Officers may not; admins see everything, or one unit.
	if got := h.as(an).ask("lichsu", ""); !strings.Contains(got, locale.New(locale.VI).HTML("error.not_allowed")) || strings.Contains(got, "Tuần 49") {
		t.Errorf("an officer's /lichsu: %q", got)
	}
	mustSay(t, "Cường's /lichsu", h.as(cuong).ask("lichsu", ""), kv1, reopen, kv2, "của Lý Thị Hạnh, bản 1")
	got = h.ask("lichsu", "kv2")
	mustSay(t, "Cường's /lichsu kv2", got, kv2, "của Lý Thị Hạnh, bản 1")
	mustNotSay(t, "Cường's /lichsu kv2", got, kv1, reopen)
	mustSay(t, "Em's /history", h.as(em).ask("history", ""), kv2)
}

func TestHistoryLines(t *testing.T) {
	h := officeHistory(t)
	got := h.as(bich).ask("lichsu", "")
	for _, want := range []string{
		"06/12/2026 17:05 · Trần Thị Bích (Zalo) · Báo cáo Tuần 49/2026 (30/11–06/12/2026) của Nguyễn Văn An, bản 2: " +
			"Số việc thi hành xong 40 → 45; Số tiền thi hành xong 1.500.000.000 đồng → 2.000.000.000 đồng; Ghi chú &lt;khó khăn&gt; a&lt;b → (trống); a_cu 7 → (trống); z_cu 1",
		"06/12/2026 16:55 · Lê Minh Cường (Telegram) · Mở lại Tuần 47/2026 (16/11–22/11/2026) cho Phòng Thi hành án dân sự khu vực 1: đến 07/12/2026 17:05",
	} {
		mustSay(t, "Vietnamese lines", got, want)
	}
	if strings.Index(got, "17:05 ·") > strings.Index(got, "16:55 ·") {
		t.Errorf("not newest first:\n%s", got)
	}
	if h.last.Messages[0].Document != nil {
		t.Error("a spreadsheet attached unasked to a short history")
	}

	h.lang = locale.EN
	got = h.as(cuong).ask("history", "")
	for _, want := range []string{
		"06/12/2026 17:05 · Trần Thị Bích (Zalo) · Nguyễn Văn An's report for Week 49/2026",
		"revision 2: Số việc thi hành xong 40 → 45; Số tiền thi hành xong 1,500,000,000",
		"06/12/2026 16:35 · Võ Văn Em (Zalo) · Invitation code for Trương Công Khải",
		"06/12/2026 16:05 · Lý Thị Hạnh (Telegram) · Lý Thị Hạnh's report for Week 49/2026",
	} {
		mustSay(t, "English lines", got, want)
	}
}

// sheetText is every worksheet part of an .xlsx, as XML.
func sheetText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			rc, _ := f.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			b.Write(raw)
		}
	}
	return b.String()
}

func TestHistorySpreadsheet(t *testing.T) {
	h := officeHistory(t)
	h.as(bich).ask("lichsu", "excel")
	doc := h.last.Messages[0].Document
	if doc == nil || !strings.HasSuffix(doc.Name, ".xlsx") {
		t.Fatalf("/lichsu excel attached %+v", doc)
	}
	sheet := sheetText(t, doc.Data)
	for _, want := range []string{"Thời gian", "Người thực hiện", "Kênh", "Việc", "Đơn vị", "Người liên quan", "Mục", "Giá trị cũ", "Giá trị mới",
		"Số tiền thi hành xong", "1.500.000.000 đồng", "2.000.000.000 đồng", "a&lt;b", "Trần Thị Bích", "Zalo", "Nguyễn Văn An", "06/12/2026 17:05"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the spreadsheet lacks %q", want)
		}
	}
	// One row per change (5 + 1), after the title and the header, in the
	// form's order.
	if n := strings.Count(sheet, "<row "); n != 2+6 {
		t.Errorf("the spreadsheet has %d rows; want 8 (title, header, 6 changes)", n)
	}
	if i, j, k := strings.Index(sheet, "Số việc thi hành xong"), strings.Index(sheet, "Số tiền thi hành xong"), strings.Index(sheet, "z_cu"); i < 0 || i > j || j > k {
		t.Errorf("the spreadsheet's changes are not in the form's order")
	}
	if strings.Contains(sheet, "Khải") {
		t.Error("the spreadsheet holds another unit's history")
	}

	// More than a message holds: the newest 20 in the text, all in the sheet.
	base := h.events[3]
	for i := range 30 {
		e := base
		e.At = base.At.Add(time.Duration(i+1) * time.Minute)
		e.Changes = []fieldbot.Change{{Field: "viec_xong", Old: "1", New: "2"}}
		h.events = append(h.events, e)
	}
	got := h.ask("lichsu", "")
	if n := strings.Count(got, " · Trần Thị Bích (Zalo) · "); n != 20 {
		t.Errorf("%d lines in the message; want 20", n)
	}
	doc = h.last.Messages[0].Document
	if doc == nil {
		t.Fatal("no spreadsheet for 32 events")
	}
	if n := strings.Count(sheetText(t, doc.Data), "<row "); n != 2+30+6 {
		t.Errorf("the spreadsheet has %d rows; want 38", n)
	}
	mustSay(t, "a long history", got, "32 mục")
}
