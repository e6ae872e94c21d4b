package conversation_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
)

// at moves the harness clock to a day of November 2026, office time.
func (h *harness) at(day, hour int) {
	h.now = time.Date(2026, 11, day, hour, 0, 0, 0, h.now.Location())
}

func TestQuickEntry(t *testing.T) {
	h := bound(t)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=7581 VXONG = 6300 txong=1,5 tỷ danh_gia=chua dat"})
	got := said(h.last)
	for _, want := range []string{"7.581", "6.300", "1.500.000.000 đồng", "Chưa đạt", "Xác nhận"} {
		if !strings.Contains(got, want) && !strings.Contains(labels(h.last), want) {
			t.Errorf("quick entry summary lacks %q:\n%s", want, got)
		}
	}
	h.press("Xác nhận")
	if len(h.saved) != 1 || h.saved[0].Answers["tien_xong"] != "1500000000" || h.saved[0].Answers["danh_gia"] != "Chưa đạt" {
		t.Fatalf("quick entry saved %+v", h.saved)
	}

	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=abc foo=1 txong=1.5 vxong=1 vxong=2"})
	got = said(h.last)
	for _, want := range []string{"vcdk=abc", "“foo”", "1,5 tỷ", "“vxong” được ghi hai lần", "vcdk (viec_co_dieu_kien)"} {
		if !strings.Contains(got, want) {
			t.Errorf("quick entry problems lack %q:\n%s", want, got)
		}
	}
	if len(h.last.Messages) != 1 || !h.state.Idle() {
		t.Errorf("bad quick entry started something: %d messages, state %+v", len(h.last.Messages), h.state)
	}
}

func TestEditPreviousPeriodUntilItCloses(t *testing.T) {
	h := bound(t)
	h.at(20, 10) // Friday of week 47
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=50 txong=1 tỷ"})
	h.press("Xác nhận")
	if len(h.saved) != 1 || h.saved[0].Period != "2026-W47" {
		t.Fatalf("saved %+v", h.saved)
	}

	h.at(24, 9) // Tuesday of week 48: week 47 is open until 26/11 00:00
	h.command("sua")
	if got := said(h.last); !strings.Contains(got, "Tuần 47/2026") || !strings.Contains(got, "bản thứ 2") {
		t.Errorf("/sua did not reopen week 47 as revision 2: %q", got)
	}
	h.press("Sửa")
	h.press("Số việc thi hành xong")
	h.text("55")
	h.press("Xác nhận")
	if len(h.saved) != 2 || h.saved[1].Revision != 2 || h.saved[1].Period != "2026-W47" || h.saved[1].Answers["viec_xong"] != "55" || h.saved[1].Answers["viec_co_dieu_kien"] != "100" {
		t.Fatalf("edit saved %+v", h.saved)
	}

	// Started before the close, confirmed after it: refused, nothing saved.
	h.at(25, 23)
	h.command("sua")
	h.at(26, 1)
	h.press("Xác nhận")
	if got := said(h.last); !strings.Contains(got, "đã khóa sổ") || len(h.saved) != 2 || !h.state.Idle() {
		t.Errorf("confirm after the close: %q, saved %d", got, len(h.saved))
	}
	h.command("sua")
	if got := said(h.last); !strings.Contains(got, "đã khóa sổ lúc 26/11/2026 00:00") {
		t.Errorf("/sua of a closed week: %q", got)
	}
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "sua", Text: "2026-W99"})
	if got := said(h.last); !strings.Contains(got, "2026-W48") {
		t.Errorf("/sua with a bad period: %q", got)
	}
}

func TestPlausibility(t *testing.T) {
	h := bound(t)
	h.at(20, 10)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=10 txong=1 tỷ"})
	h.press("Xác nhận")

	h.at(27, 9)
	h.command("baocao")
	h.text("90")
	if got := said(h.last); !strings.Contains(got, "nhỏ hơn") || !strings.Contains(got, "100") {
		t.Fatalf("a lower cumulative figure was not questioned: %q", got)
	}
	h.press("Nhập lại")
	h.expectAsked("Số việc có điều kiện thi hành")
	h.text("95")
	h.press("Đúng")
	h.expectAsked("Số việc thi hành xong")
	if h.state.Answers["viec_co_dieu_kien"] != "95" {
		t.Errorf("kept answer = %q", h.state.Answers["viec_co_dieu_kien"])
	}
	h.text("40") // 4× the previous 10
	if got := said(h.last); !strings.Contains(got, "gấp 4 lần") {
		t.Fatalf("a jump was not questioned: %q", got)
	}
	h.text("20") // typing a new value answers the field again
	h.expectAsked("Số tiền thi hành xong")
	if h.state.Answers["viec_xong"] != "20" {
		t.Errorf("retyped answer = %q", h.state.Answers["viec_xong"])
	}
}

func TestDoubleTapConfirmSavesOnce(t *testing.T) {
	h := bound(t)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=10 vxong=5 txong=800k"})
	summary := h.last
	h.press("Xác nhận")
	h.last = summary
	r := h.press("Xác nhận")
	if len(h.saved) != 1 || r.Toast == "" || r.Accepted {
		t.Errorf("second tap: saved %d, result %+v", len(h.saved), r)
	}
}

func labels(r conversation.Result) string {
	var b strings.Builder
	for _, m := range r.Messages {
		for _, o := range m.Options {
			b.WriteString(o.Label + "\n")
		}
	}
	return b.String()
}

func TestAdminReopensAClosedPeriod(t *testing.T) {
	h := bound(t)
	h.at(20, 10)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=50 txong=1 tỷ"})
	h.press("Xác nhận")
	h.at(27, 9)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "sua", Text: "2026-W47"})
	if !strings.Contains(said(h.last), "đã khóa sổ") {
		t.Fatalf("week 47 is not closed: %q", said(h.last))
	}
	officer := h.person
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moky", Text: "kv1 2026-W47"})
	if !strings.Contains(said(h.last), "không có quyền") && !strings.Contains(said(h.last), "quyền") {
		t.Errorf("an officer reopened a period: %q", said(h.last))
	}
	admin := fieldbot.Person{Phone: "0903123456", Name: "Lê Minh Cường", Unit: "dongthap", Role: fieldbot.RoleAdmin}
	h.person = &admin
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "moky", Text: "khu vuc 1 2026-W47"})
	if got := said(h.last); !strings.Contains(got, "Đã mở lại Tuần 47/2026 (16/11–22/11/2026) cho Phòng Thi hành án dân sự khu vực 1 đến 30/11/2026 09:00") {
		t.Fatalf("reopen: %q", got)
	}
	h.person = officer
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "sua", Text: "2026-W47"})
	h.press("Sửa")
	h.press("Số việc thi hành xong")
	h.text("55")
	h.press("Xác nhận")
	if len(h.saved) != 2 || h.saved[1].Revision != 2 || h.saved[1].Period != "2026-W47" {
		t.Fatalf("edit after reopening saved %+v", h.saved)
	}
	h.at(30, 10) // the reopening has run out
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "sua", Text: "2026-W47"})
	if !strings.Contains(said(h.last), "đã khóa sổ") {
		t.Errorf("week 47 still open after the reopening ended: %q", said(h.last))
	}
}

func TestDatePercentYesNo(t *testing.T) {
	h := bound(t)
	form := fieldbot.Form{ID: "thang", Title: "Báo cáo tháng", Period: fieldbot.PeriodMonth, Fields: []fieldbot.Field{
		{ID: "ngay", Label: "Ngày kiểm tra", Type: fieldbot.FieldDate, Required: true},
		{ID: "ty_le", Label: "Tỷ lệ tự đánh giá", Type: fieldbot.FieldPercent, Aggregate: fieldbot.AggregateLast, Required: true},
		{ID: "dat", Label: "Đạt kế hoạch", Type: fieldbot.FieldYesNo, Required: true},
	}}
	h.e = conversation.New(conversation.Config{Forms: []fieldbot.Form{form}, Tree: treeOf(t), Roster: nil, Calendar: calOf(h), Lang: "vi"})
	h.command("baocao")
	h.text("31/02/2026")
	h.expectAsked("Ngày kiểm tra")
	h.text("hôm nay")
	h.text("120")
	if got := said(h.last); !strings.Contains(got, "từ 0 đến 100") {
		t.Errorf("percent 120: %q", got)
	}
	h.text("83,99%")
	h.text("k") // "không"
	h.press("Xác nhận")
	want := fieldbot.Answers{"ngay": "2026-11-27", "ty_le": "83.99", "dat": "no"}
	if len(h.saved) != 1 || fmt.Sprint(h.saved[0].Answers) != fmt.Sprint(want) || h.saved[0].Period != "2026-11" {
		t.Fatalf("saved %+v; want %v", h.saved, want)
	}
}

func treeOf(t *testing.T) *fieldbot.Tree {
	tree, err := fieldbot.NewTree([]fieldbot.Unit{{ID: "kv1", Name: "Phòng Thi hành án dân sự khu vực 1"}})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func calOf(h *harness) fieldbot.Calendar {
	return fieldbot.Calendar{Location: h.now.Location(), YearStart: fieldbot.MonthDay{Month: time.October, Day: 1}}
}

// Confirming /sua without changing a figure saves no revision: the history
// would otherwise show a correction that corrected nothing.
func TestAnEditThatChangesNothingIsNotARevision(t *testing.T) {
	h := bound(t)
	h.at(20, 10)
	h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao", Text: "vcdk=100 vxong=50 txong=1 tỷ"})
	h.press("Xác nhận")
	h.at(21, 9)
	h.command("sua")
	h.press("Xác nhận")
	if len(h.saved) != 1 {
		t.Fatalf("an unchanged edit was saved: %+v", h.saved)
	}
	if got := said(h.last); !strings.Contains(got, "Không có số liệu nào thay đổi so với bản thứ 1") || !strings.Contains(got, "20/11/2026 10:00") {
		t.Errorf("unchanged edit answered %q", got)
	}
	if !h.state.Idle() {
		t.Errorf("state after an unchanged edit: %+v", h.state)
	}
	h.command("sua")
	h.press("Sửa")
	h.press("Số việc thi hành xong")
	h.text("55")
	h.press("Xác nhận")
	if len(h.saved) != 2 || h.saved[1].Revision != 2 || h.saved[1].Answers["viec_xong"] != "55" {
		t.Fatalf("a changed edit saved %+v", h.saved)
	}
}
