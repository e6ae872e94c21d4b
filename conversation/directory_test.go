package conversation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/directory"
	"github.com/fieldbot/fieldbot/progress"
	"github.com/fieldbot/fieldbot/sheet"
)

// administered is the province with spreadsheets on, and imports put in
// force as the relay does.
func administered(t *testing.T) *harness {
	h := province(t)
	cfg := h.e.Config()
	cfg.Sheets = directory.Sheets{Tree: cfg.Tree, Indicators: cfg.Indicators, Roster: cfg.Roster}
	h.e = conversation.New(cfg)
	ledger := cfg.Progress.(*progress.Ledger)
	h.apply = func(imp *conversation.Import) {
		switch imp.Kind {
		case conversation.SheetRoster:
			if err := cfg.Roster.Replace(imp.People); err != nil {
				t.Fatal(err)
			}
			ledger.SetRoster(cfg.Roster)
		case conversation.SheetTargets:
			ledger.SetTargets(imp.Targets)
		}
	}
	return h
}

func (h *harness) file(csv string) string {
	return said(h.send(fieldbot.Input{Kind: fieldbot.InputFile, File: &fieldbot.File{Name: "danh-sach.csv", Data: []byte(csv)}}))
}

const rosterHead = "Số điện thoại,Họ và tên,Đơn vị,Vai trò,Chức danh\n"

func TestRosterRoundTripForALeader(t *testing.T) {
	h := administered(t).as(bich)
	r := h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "danhsach"})
	if len(r.Messages) != 1 || r.Messages[0].Document == nil || !r.Messages[0].Upload {
		t.Fatalf("/danhsach = %+v; want one message with the spreadsheet and a way to send it back", r.Messages)
	}
	rows, err := sheet.Read(r.Messages[0].Document.Data)
	if err != nil {
		t.Fatal(err)
	}
	people, _, problems := directory.ReadRoster(rows, h.e.Config().Tree)
	if len(problems) != 0 || len(people) != 1 || people[0].Phone != an.Phone {
		t.Fatalf("Bích's sheet holds %+v %+v; want only An, her officer", people, problems)
	}

	// Two bad rows and two a leader may not write: all named, nothing applied.
	got := h.file(rosterHead +
		"0912345678,Nguyễn Văn An,kv1,Cán bộ,Chấp hành viên\n" +
		"09123A5678,Người Sai Số,kv1,Cán bộ,\n" +
		"0913222333,Phạm Thị Dung,kv9,Cán bộ,\n")
	mustSay(t, "bad file", got, "Dòng 3", "09123A5678", "Dòng 4", "kv9", "chưa áp dụng")
	got = h.file(rosterHead +
		"0912345678,Nguyễn Văn An,kv2,Cán bộ,\n" +
		"0913222333,Phạm Thị Dung,kv1,Lãnh đạo,\n" +
		"0919202301,Lý Thị Hạnh,kv1,Cán bộ,\n")
	mustSay(t, "out of scope", got, "Dòng 2, cột Đơn vị", "Dòng 3, cột Vai trò", "Dòng 4, cột Số điện thoại", "Lý Thị Hạnh")
	if !h.state.Idle() || len(h.e.Config().Roster.People()) != 6 {
		t.Fatalf("a refused file changed something: state %+v", h.state)
	}

	// A good file: the summary, then Xác nhận.
	got = h.file(rosterHead +
		"0912 345 678,Nguyễn Văn An,kv1,Cán bộ,Chấp hành viên chính\n" +
		"0913222333,Phạm Thị Dung,kv1,officer,Thư ký\n")
	mustSay(t, "summary", got, "Thêm 1: Phạm Thị Dung", "Sửa thông tin 1: Nguyễn Văn An")
	if labels(h.last) == "" || !strings.Contains(labels(h.last), "Xác nhận") {
		t.Fatalf("no Xác nhận button: %q", labels(h.last))
	}
	if _, ok := h.e.Config().Roster.Lookup("0913222333"); ok {
		t.Fatal("applied before Xác nhận")
	}
	h.press("Xác nhận")
	dung, ok := h.e.Config().Roster.Lookup("0913222333")
	if !ok || dung.Unit != "kv1" || dung.Role != fieldbot.RoleOfficer || dung.Title != "Thư ký" {
		t.Fatalf("after Xác nhận: %+v %v", dung, ok)
	}
	if p, _ := h.e.Config().Roster.Lookup(bich.Phone); p != bich {
		t.Errorf("the leader herself changed: %+v", p)
	}
	if len(h.e.Config().Roster.People()) != 7 {
		t.Errorf("roster has %d people; want 7", len(h.e.Config().Roster.People()))
	}
	// Removing An: one row fewer.
	got = h.file(rosterHead + "0913222333,Phạm Thị Dung,kv1,Cán bộ,Thư ký\n")
	mustSay(t, "removal", got, "Xóa 1: Nguyễn Văn An")
	h.press("Xác nhận")
	if _, ok := h.e.Config().Roster.Lookup(an.Phone); ok {
		t.Error("An is still on the roster")
	}
}

func TestRosterImportRules(t *testing.T) {
	// An officer's file is refused.
	h := administered(t).as(an)
	mustSay(t, "officer", h.file(rosterHead+"0912345678,Nguyễn Văn An,kv1,Cán bộ,\n"), "chỉ nhận tệp")

	// An admin cannot drop themselves.
	h = administered(t).as(cuong)
	mustSay(t, "admin", h.file(rosterHead+"0912345678,Nguyễn Văn An,kv1,Cán bộ,\n"), "giữ anh/chị là quản trị")

	// A file checked against an older roster is refused at Xác nhận.
	h = administered(t).as(bich)
	h.file(rosterHead + "0912345678,Nguyễn Văn An,kv1,Cán bộ,\n0913222333,Phạm Thị Dung,kv1,Cán bộ,\n")
	people := append([]fieldbot.Person(nil), h.e.Config().Roster.People()...)
	h.e.Config().Roster.Replace(append(people, fieldbot.Person{Phone: "0988000111", Name: "Người Khác", Unit: "kv2", Role: fieldbot.RoleOfficer}))
	got := said(h.press("Xác nhận"))
	mustSay(t, "stale", got, "người khác thay đổi")
	if _, ok := h.e.Config().Roster.Lookup("0913222333"); ok {
		t.Error("a stale file was applied")
	}

	// Another import committed in the same transaction batch: stored,
	// not yet in force in memory. This one was checked against the roster
	// before it and is refused.
	h = administered(t).as(bich)
	h.file(rosterHead + "0912345678,Nguyễn Văn An,kv1,Cán bộ,\n0913222333,Phạm Thị Dung,kv1,Cán bộ,\n")
	stored := append(append([]fieldbot.Person(nil), h.e.Config().Roster.People()...),
		fieldbot.Person{Phone: "0988000111", Name: "Người Khác", Unit: "kv2", Role: fieldbot.RoleOfficer})
	h.directory = func() ([]fieldbot.Person, []fieldbot.Target, bool, error) {
		return stored, h.e.Config().Progress.(*progress.Ledger).Targets(), true, nil
	}
	got = said(h.press("Xác nhận"))
	mustSay(t, "stale in the store", got, "người khác thay đổi")
	if _, ok := h.e.Config().Roster.Lookup("0913222333"); ok {
		t.Error("a file checked against the roster before another import was applied")
	}

	// Not a spreadsheet at all.
	h = administered(t).as(cuong)
	got = said(h.send(fieldbot.Input{Kind: fieldbot.InputFile, File: &fieldbot.File{Name: "x.png", Data: []byte("\x89PNG\r\n\x1a\n....")}}))
	mustSay(t, "png", got, "Không đọc được tệp")
}

func TestTargetsForNextYearLeaveThisYearAlone(t *testing.T) {
	h := administered(t).as(cuong)
	r := h.send(fieldbot.Input{Kind: fieldbot.InputCommand, Command: "chitieu"})
	if len(r.Messages) != 1 || r.Messages[0].Document == nil {
		t.Fatalf("/chitieu = %+v", r.Messages)
	}
	got := h.file("Năm thống kê,Chỉ tiêu,Đơn vị,Cán bộ,Giá trị (%)\n" +
		"2028,ty_le_viec,dongthap,,85\n" +
		"2028,ty_le_viec,kv1,,86,5\n")
	if strings.Contains(got, "lỗi") {
		t.Fatalf("targets file refused: %s", got)
	}
	mustSay(t, "targets summary", got, "Thêm 2", "2028")
	h.press("Xác nhận")
	ts := h.e.Config().Progress.Targets()
	var this, next int
	for _, tg := range ts {
		switch tg.Year {
		case 2027:
			this++
		case 2028:
			next++
		}
	}
	if this != 1 || next != 2 {
		t.Errorf("targets after the import: %+v; want this year's one kept and next year's two added", ts)
	}
	// A leader may not set the province's target.
	h.as(bich)
	mustSay(t, "leader targets", h.file("Năm thống kê,Chỉ tiêu,Đơn vị,Cán bộ,Giá trị (%)\n2028,ty_le_viec,dongthap,,90\n"), "không được đặt chỉ tiêu")
}

// Next year's targets, loaded in September, take effect on 01/10: before
// it /tiendo shows this year's, from it next year's.
func TestNextYearsTargetsTakeEffectOnYearStart(t *testing.T) {
	h := administered(t).as(cuong)
	loc := h.now.Location()
	h.now = time.Date(2027, 9, 20, 9, 0, 0, 0, loc)
	h.file("Năm thống kê,Chỉ tiêu,Đơn vị,Cán bộ,Giá trị (%)\n2028,ty_le_viec,dongthap,,85\n")
	h.press("Xác nhận")
	ledger := h.e.Config().Progress.(*progress.Ledger)
	ledger.Add(fieldbot.Submission{Form: "weekly", Period: "2027-W38", Unit: "kv1", Phone: an.Phone, Revision: 1,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "100", "viec_xong": "70"}})
	ledger.Add(fieldbot.Submission{Form: "weekly", Period: "2027-W40", Unit: "kv1", Phone: an.Phone, Revision: 1,
		Answers: fieldbot.Answers{"viec_co_dieu_kien": "100", "viec_xong": "5"}})
	h.now = time.Date(2027, 9, 23, 9, 0, 0, 0, loc) // Thursday of week 38, statistical year 2027
	mustSay(t, "September", h.ask("tiendo", ""), "Chỉ tiêu năm: 80,00%")
	h.now = time.Date(2027, 10, 7, 9, 0, 0, 0, loc) // Thursday of week 40, statistical year 2028
	mustSay(t, "October", h.ask("tiendo", ""), "Chỉ tiêu năm: 85,00%")
}

// A targets file is checked against what its sender may set when sent; at
// Xác nhận the sender must still be allowed: a leader made an officer in
// between, or moved away from the units in the file, applies nothing.
func TestTargetsImportRecheckedAtConfirm(t *testing.T) {
	const file = "Năm thống kê,Chỉ tiêu,Đơn vị,Cán bộ,Giá trị (%)\n2028,ty_le_viec,kv2,,90\n"
	for _, c := range []struct {
		name  string
		after fieldbot.Person
	}{
		{"made an officer", fieldbot.Person{Phone: em.Phone, Name: em.Name, Unit: "kv2", Role: fieldbot.RoleOfficer}},
		{"moved to kv1", fieldbot.Person{Phone: em.Phone, Name: em.Name, Unit: "kv1", Role: fieldbot.RoleLeader}},
	} {
		h := administered(t).as(fieldbot.Person{Phone: em.Phone, Name: em.Name, Unit: "dongthap", Role: fieldbot.RoleLeader})
		mustSay(t, c.name, h.file(file), "Thêm 1")
		h.as(c.after)
		got := said(h.press("Xác nhận"))
		mustSay(t, c.name, got, "không có quyền")
		for _, tg := range h.e.Config().Progress.Targets() {
			if tg.Year == 2028 {
				t.Errorf("%s: the file was applied: %+v", c.name, tg)
			}
		}
	}
}
