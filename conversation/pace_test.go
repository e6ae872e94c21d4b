package conversation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
)

// People of the first-quarter province: a leader of the province, officers
// of khu vực 1 and 2, and an officer attached to the province itself.
var (
	tinh = fieldbot.Person{Phone: "0903000001", Name: "Đặng Văn Tỉnh", Unit: "dongthap", Role: fieldbot.RoleLeader}
	dao  = fieldbot.Person{Phone: "0903000002", Name: "Đào Thị Tỉnh Vụ", Unit: "dongthap", Role: fieldbot.RoleOfficer}
	binh = fieldbot.Person{Phone: "0903000003", Name: "Phan Văn Bình", Unit: "kv1", Role: fieldbot.RoleOfficer}
	chi  = fieldbot.Person{Phone: "0903000004", Name: "Hồ Thị Chi", Unit: "kv1", Role: fieldbot.RoleOfficer}
)

// firstQuarter is a province on Monday 07/12/2026, ten weeks into the
// statistical year 2027: the target of 80% leads linearly to 80 × 67/365 =
// 14,68% by the end of week 49, the period in question on a Monday. Everyone is far below 80%; only those
// below 14,68% are behind.
//
//	kv1 (leader Bích): An 20/100, Bình 10/100 ⚠️, Chi 16/100 → 46/300 = 15,33%
//	kv2 (leader Em):   Hạnh 20/200 ⚠️, Khải nothing          → 10,00% ⚠️
//	dongthap itself:   Đào 5/100 (an officer attached to the province)
func firstQuarter(t *testing.T) *harness {
	h := newHarness(t)
	h.now = time.Date(2026, 12, 7, 9, 0, 0, 0, h.now.Location())
	var subs []fieldbot.Submission
	for _, r := range []struct {
		p         fieldbot.Person
		cdk, xong string
	}{{an, "100", "20"}, {binh, "100", "10"}, {chi, "100", "16"}, {hanh, "200", "20"}, {dao, "100", "5"}} {
		subs = append(subs, fieldbot.Submission{Form: "weekly", Period: "2026-W49", Unit: r.p.Unit, Phone: r.p.Phone, Revision: 1,
			Answers: fieldbot.Answers{"viec_co_dieu_kien": r.cdk, "viec_xong": r.xong}})
	}
	return provinceWith(t, h, []fieldbot.Person{an, binh, chi, bich, em, hanh, khai, cuong, tinh, dao}, subs)
}

// flagged returns the lines of got that carry ⚠️.
func flagged(got string) []string {
	var out []string
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "⚠️") {
			out = append(out, l)
		}
	}
	return out
}

// mustFlagExactly checks that the ⚠️ lines are exactly one per name given.
func mustFlagExactly(t *testing.T, who, got string, names ...string) {
	t.Helper()
	lines := flagged(got)
	if len(lines) != len(names) {
		t.Errorf("%s: %d lines flagged; want %d (%v):\n%s", who, len(lines), len(names), names, got)
		return
	}
	for i, n := range names {
		if !strings.Contains(lines[i], n) {
			t.Errorf("%s: flagged line %q; want %s", who, lines[i], n)
		}
	}
}

func TestRankingBehindPace(t *testing.T) {
	h := firstQuarter(t)
	for _, p := range []fieldbot.Person{cuong, tinh} {
		got := h.as(p).ask("xephang", "")
		mustSay(t, p.Name, got, "1. Phòng Thi hành án dân sự khu vực 1: <b>15,33%</b> (vượt tiến độ 0,65 điểm; còn thiếu 64,67 điểm so với chỉ tiêu năm)",
			"2. Phòng Thi hành án dân sự khu vực 2: <b>10,00%</b> (chậm tiến độ 4,68 điểm")
		mustFlagExactly(t, p.Name, got, "khu vực 2")
		mustNotSay(t, p.Name, got, "Nguyễn Văn An", "20,00%")
	}
}

func TestRankingLeafLeaderRanksOfficers(t *testing.T) {
	h := firstQuarter(t)
	got := h.as(bich).ask("xephang", "")
	mustNotSay(t, "leader of kv1", got, "không có đơn vị trực thuộc", "khu vực 2", "Lý Thị Hạnh", "Đào Thị")
	mustSay(t, "leader of kv1", got, "cán bộ", "1. Nguyễn Văn An: <b>20,00%</b>", "2. Hồ Thị Chi: <b>16,00%</b>", "3. Phan Văn Bình: <b>10,00%</b>")
	mustFlagExactly(t, "leader of kv1", got, "Phan Văn Bình")

	got = h.as(em).ask("xephang", "")
	mustSay(t, "leader of kv2", got, "1. Lý Thị Hạnh: <b>10,00%</b>", "2. Trương Công Khải: chưa có số liệu")
	mustFlagExactly(t, "leader of kv2", got, "Lý Thị Hạnh")
	mustNotSay(t, "leader of kv2", got, "Nguyễn Văn An", "khu vực 1")
}

func TestRankingOfficerSeesOwnPlaceOnly(t *testing.T) {
	h := firstQuarter(t)
	got := h.as(chi).ask("xephang", "")
	mustSay(t, "officer Chi", got, "Vị trí của anh/chị: 2/3", "16,00%")
	mustNotSay(t, "officer Chi", got, "Nguyễn Văn An", "Phan Văn Bình", "20,00%", "10,00%", "khu vực 2", "15,33%", "⚠️")

	got = h.as(binh).ask("xephang", "")
	mustSay(t, "officer Bình", got, "Vị trí của anh/chị: 3/3", "⚠️")

	got = h.as(khai).ask("xephang", "")
	mustSay(t, "officer Khải without data", got, "chưa có số liệu")
	mustNotSay(t, "officer Khải", got, "Lý Thị Hạnh", "10,00%")

	// An officer attached to the province sees no ranking of its sub-units.
	got = h.as(dao).ask("xephang", "")
	mustSay(t, "officer of the province", got, "Vị trí của anh/chị: 1/1")
	mustNotSay(t, "officer of the province", got, "khu vực 1", "khu vực 2", "15,33%", "10,00%", "Nguyễn Văn An")
}

func TestStatusBehindPaceAndNamedFigures(t *testing.T) {
	h := firstQuarter(t)
	got := h.as(bich).ask("tiendo", "")
	mustSay(t, "leader of kv1", got, "<b>15,33%</b>", "Cần đạt đến nay: 14,68% (vượt tiến độ 0,65 điểm)", "Chỉ tiêu năm: 80,00%",
		"• <b>Phan Văn Bình</b>\n   ⚠️ Tỷ lệ thi hành xong về việc: <b>10,00%</b> (chậm tiến độ 4,68 điểm; còn thiếu 70,00 điểm so với chỉ tiêu năm)",
		"• <b>Nguyễn Văn An</b>\n   Tỷ lệ thi hành xong về việc: <b>20,00%</b> (vượt tiến độ 5,32 điểm")
	mustFlagExactly(t, "leader of kv1", got, "10,00%") // Bình's, as above

	// The province (Đào's 5% counts too) and khu vực 2 are behind.
	got = h.as(cuong).ask("tiendo", "")
	mustFlagExactly(t, "admin", got, "Cần đạt đến nay: 14,68% (chậm tiến độ 2,85 điểm)", "10,00%")
	mustSay(t, "admin", got, "• <b>Phòng Thi hành án dân sự khu vực 2</b>\n   ⚠️ Tỷ lệ thi hành xong về việc: <b>10,00%</b>")
}
