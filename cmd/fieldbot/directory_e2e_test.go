package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/fieldbot/fieldbot/telegramtest"
	"github.com/fieldbot/fieldbot/zalotest"
)

// The office of TestRosterFromExcelInChat: khu vực 2 beside khu vực 1, an
// admin at the province, Dung (to move) and Em (to remove) in khu vực 1.
const directoryUnits = `
[[units]]
id = "kv2"
name = "Phòng Thi hành án dân sự khu vực 2"
parent = "dongthap"
`

const directoryRoster = testRoster + `0903123456,Lê Minh Cường,dongthap,admin,Phó Trưởng
0913222333,Phạm Thị Dung,kv1,officer,Thư ký
0914000111,Võ Văn Em,kv1,officer,Chấp hành viên
`

// xlsx writes rows as Excel would save them: the first sheet, shared strings.
func xlsx(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRosterFromExcelInChat: an admin sends a roster .xlsx with three new
// officers, one move, one removal and two bad rows; the two rows are named
// and nothing changes; the corrected file, its summary and "Xác nhận"
// apply at once: a new officer links their account without a restart, the
// moved officer's next report counts in the new unit, the removed one is
// refused; the history shows who did it; a restart keeps it all.
func TestRosterFromExcelInChat(t *testing.T) {
	o := newOffice(t)
	cfg, err := os.ReadFile(o.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(o.config, append(cfg, directoryUnits...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(o.dir, "roster.csv"), []byte(directoryRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	o.start()
	cuong := telegramtest.User{ID: 1003, FirstName: "Cường", LanguageCode: "vi"}
	dung := telegramtest.User{ID: 1004, FirstName: "Dung", LanguageCode: "vi"}
	em := telegramtest.User{ID: 1005, FirstName: "Em", LanguageCode: "vi"}
	giang := telegramtest.User{ID: 1006, FirstName: "Giang", LanguageCode: "vi"}
	for _, p := range []struct {
		u     telegramtest.User
		phone string
		name  string
	}{{cuong, "0903123456", "Lê Minh Cường"}, {dung, "0913222333", "Phạm Thị Dung"}, {em, "0914000111", "Võ Văn Em"}} {
		o.onboard(p.u, p.phone)
		o.expect(p.u, p.name)
	}

	o.tg.SendText(cuong, "/danhsach")
	o.expect(cuong, "Danh sách")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := o.tg.WaitFor(ctx, cuong.ID, func(m telegramtest.Message) bool {
		return m.Document != nil && strings.HasSuffix(m.Document.Name, ".xlsx")
	}); err != nil {
		t.Fatalf("/danhsach sent no spreadsheet: %v", err)
	}

	head := []string{"Số điện thoại", "Họ và tên", "Đơn vị", "Vai trò", "Chức danh"}
	keep := [][]string{
		{"0912345678", "Nguyễn Văn An", "kv1", "Cán bộ", "Chấp hành viên"},
		{"0987654321", "Trần Thị Bích", "kv1", "Lãnh đạo", "Trưởng phòng"},
		{"0903123456", "Lê Minh Cường", "dongthap", "Quản trị", "Phó Trưởng"},
		{"0913222333", "Phạm Thị Dung", "kv2", "Cán bộ", "Thư ký"}, // moved
		{"0915000001", "Trương Thị Giang", "kv2", "Cán bộ", "Chấp hành viên"},
		{"0915000002", "Đỗ Văn Hải", "kv1", "Cán bộ", "Thư ký"},
		{"0915000003", "Mai Thị Hoa", "kv2", "Cán bộ", "Thư ký"},
	}
	bad := append([][]string{head}, keep...)
	bad = append(bad, []string{"09123A5678", "Người Sai Số", "kv1", "Cán bộ", ""}, []string{"0915000004", "Người Sai Đơn Vị", "kv7", "Cán bộ", ""})
	o.tg.SendDocument(cuong, "danh-sach.xlsx", xlsx(t, bad), "")
	got := o.expect(cuong, "chưa áp dụng").PlainText()
	for _, want := range []string{"Dòng 9", "09123A5678", "Dòng 10", "kv7"} {
		if !strings.Contains(got, want) {
			t.Errorf("the problems lack %q:\n%s", want, got)
		}
	}
	o.tg.SendText(giang, "/start")
	o.expect(giang, "chia sẻ số điện thoại")
	o.tg.SendContact(giang, telegramtest.Contact{PhoneNumber: "0915000001", FirstName: "Giang", UserID: giang.ID})
	o.expect(giang, "chưa có trong danh sách") // nothing applied yet

	o.tg.SendDocument(cuong, "danh-sach.xlsx", xlsx(t, append([][]string{head}, keep...)), "")
	summary := o.expect(cuong, "Nếu áp dụng")
	for _, want := range []string{"Thêm 3", "Chuyển đơn vị 1", "Xóa 1", "Võ Văn Em"} {
		if !strings.Contains(summary.PlainText(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary.PlainText())
		}
	}
	o.press(cuong, summary, "Xác nhận")
	o.expect(cuong, "Đã áp dụng")

	// At once, without a restart.
	o.tg.SendContact(giang, telegramtest.Contact{PhoneNumber: "0915000001", FirstName: "Giang", UserID: giang.ID})
	o.expect(giang, "Trương Thị Giang")
	o.tg.SendText(em, "/baocao")
	o.expect(em, "chia sẻ số điện thoại") // removed: a stranger now
	o.tg.SendText(dung, "/baocao viec_co_dieu_kien=50 viec_xong=20 tien_xong=1 tỷ")
	o.press(dung, o.expect(dung, "1.000.000.000 đồng"), "Xác nhận")
	o.expect(dung, "Đã lưu")
	o.tg.SendText(cuong, "/lichsu Phạm Thị Dung")
	o.expect(cuong, "Lê Minh Cường")

	// A restart with the roster file unchanged keeps what was confirmed.
	o.stop(syscall.SIGTERM)
	o.start()
	o.tg.SendText(giang, "/taikhoan")
	o.expect(giang, "Trương Thị Giang")
	o.stop(syscall.SIGTERM)
	rows := o.export()
	found := false
	for _, r := range rows[1:] {
		if r[3] == "0913222333" {
			found = true
			if r[2] != "kv2" {
				t.Errorf("the moved officer's report was saved for %s; want kv2", r[2])
			}
		}
	}
	if !found {
		t.Errorf("no report of the moved officer in the export: %v", rows)
	}
	if !strings.Contains(o.logs.String(), "confirmed in chat by 0903123456") {
		t.Errorf("the restart did not keep the roster confirmed in chat:\n%s", o.logs)
	}
	check := exec.Command(binary(t), "check-config", "-config", o.config)
	check.Env = append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token)
	out, err := check.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "People: the 7 confirmed in chat by 0903123456") {
		t.Errorf("check-config does not say which roster is in force: %v\n%s", err, out)
	}
	o.noRejections()
}

// TestRosterFromExcelOnZalo: a leader on Zalo, where no file can be sent,
// gets the roster with a one-time upload link, uploads the edited file
// there, reads the summary in Zalo and confirms it by its number; the
// officer she added links with a code at once.
func TestRosterFromExcelOnZalo(t *testing.T) {
	o := newOffice(t)
	z := zalotest.New(zaloToken)
	t.Cleanup(z.Close)
	addr := freeAddr(t)
	cfg := fmt.Sprintf(testConfig, o.tg.URL()) + fmt.Sprintf(zaloConfig, z.URL(), addr, addr, addr) + directoryUnits
	if err := os.WriteFile(o.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(o.dir, "roster.csv"), []byte(directoryRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	o.startEnv(append(os.Environ(), "FIELDBOT_TELEGRAM_TOKEN="+token, "FIELDBOT_ZALO_TOKEN="+zaloToken))
	zb := zalotest.User{ID: "z-bich", Name: "Bích"}
	zaloSay(t, o, z, zb, "xin chào", "mã mời")
	inv := exec.Command(binary(t), "invite", "-config", o.config, "-phone", "0987654321")
	inv.Env = o.cmd.Env
	out, err := inv.CombinedOutput()
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(string(out))
	if err != nil || code == "" {
		t.Fatalf("fieldbot invite: %v\n%s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(zaloSay(t, o, z, zb, code, "\n"), "Trần Thị Bích") {
		if time.Now().After(deadline) {
			t.Fatalf("the code was never accepted\nlogs:\n%s", o.logs)
		}
		time.Sleep(2 * time.Second)
	}

	head := []string{"Số điện thoại", "Họ và tên", "Đơn vị", "Vai trò", "Chức danh"}
	upload := func(rows [][]string, want string) string {
		t.Helper()
		got := zaloSay(t, o, z, zb, "danh sach", "/upload/")
		link := regexp.MustCompile(`https?://\S+/upload/[^\s)]+`).FindString(got)
		if link == "" {
			t.Fatalf("no upload link in %q", got)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "danh-sach.xlsx")
		fw.Write(xlsx(t, rows))
		mw.Close()
		before := len(z.Messages(zb.ID))
		resp, err := http.Post(link, mw.FormDataContentType(), &body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("upload: %v %v", resp, err)
		}
		resp.Body.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var said string
		if _, err := z.WaitFor(ctx, zb.ID, func(zalotest.Message) bool {
			var b strings.Builder
			for _, m := range z.Messages(zb.ID)[before:] {
				b.WriteString(m.Text + "\n")
			}
			said = b.String()
			return strings.Contains(said, want)
		}); err != nil {
			t.Fatalf("after the upload, waiting for %q in Zalo: %q\nlogs:\n%s", want, said, o.logs)
		}
		return said
	}
	// Khu vực 2 is not hers: named, nothing applied.
	got := upload([][]string{head,
		{"0912345678", "Nguyễn Văn An", "kv1", "Cán bộ", "Chấp hành viên"},
		{"0913222333", "Phạm Thị Dung", "kv2", "Cán bộ", "Thư ký"},
	}, "chưa áp dụng")
	if !strings.Contains(got, "Dòng 3, cột Đơn vị") {
		t.Errorf("the refusal does not name the row: %q", got)
	}
	summary := upload([][]string{head,
		{"0912345678", "Nguyễn Văn An", "kv1", "Cán bộ", "Chấp hành viên"},
		{"0913222333", "Phạm Thị Dung", "kv1", "Cán bộ", "Thư ký"},
		{"0915000009", "Lâm Thị Kiều", "kv1", "Cán bộ", "Thư ký"},
	}, "Gõ 1")
	for _, want := range []string{"Thêm 1: Lâm Thị Kiều", "Xóa 1: Võ Văn Em"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	zaloSay(t, o, z, zb, option(t, summary, "Xác nhận"), "Đã áp dụng")
	got = zaloSay(t, o, z, zb, "moi 0915000009", "Mã mời cho Lâm Thị Kiều")
	zk := zalotest.User{ID: "z-kieu", Name: "Kiều"}
	zaloSay(t, o, z, zk, regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(got), "Lâm Thị Kiều")
	o.stop(syscall.SIGTERM)
}
