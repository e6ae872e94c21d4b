package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestConfigChangeMidForm: an officer stops at "Ghi chú", the field is
// removed from the config and the bot restarted. Her next message mends the
// form instead of crashing the bot, and the report is saved without it.
func TestConfigChangeMidForm(t *testing.T) {
	o := newOffice(t)
	o.start()
	o.onboard(an, "0912 345 678")
	o.expect(an, "Nguyễn Văn An")
	o.tg.SendText(an, "/baocao")
	o.expect(an, "Số việc có điều kiện thi hành")
	o.tg.SendText(an, "120")
	o.expect(an, "Số việc thi hành xong")
	o.tg.SendText(an, "100")
	o.expect(an, "Số tiền thi hành xong")
	o.tg.SendText(an, "250tr")
	o.expect(an, "Ghi chú")
	o.stop(syscall.SIGTERM)

	cfg, err := os.ReadFile(o.config)
	if err != nil {
		t.Fatal(err)
	}
	note := "\n  [[forms.fields]]\n  id = \"ghi_chu\"\n  label = \"Ghi chú\"\n  type = \"text\"\n  required = false\n"
	if !strings.Contains(string(cfg), note) {
		t.Fatalf("the test config has no note field to remove:\n%s", cfg)
	}
	if err := os.WriteFile(o.config, []byte(strings.Replace(string(cfg), note, "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	o.start()
	o.tg.SendText(an, "xe hỏng, chưa xác minh được")
	o.expect(an, "vừa được cập nhật")
	summary := o.expect(an, "250.000.000 đồng")
	if strings.Contains(summary.PlainText(), "xe hỏng") {
		t.Errorf("the text went into a field that no longer exists: %q", summary.PlainText())
	}
	o.press(an, summary, "Xác nhận")
	o.expect(an, "Đã lưu")

	// The bot serves everyone else too.
	o.onboard(bich, "0987 654 321")
	o.expect(bich, "Trần Thị Bích")
	o.stop(syscall.SIGTERM)
	if strings.Contains(o.logs.String(), "panic") {
		t.Errorf("the bot panicked:\n%s", o.logs)
	}
	rows := o.export()
	if len(rows) != 2 || rows[1][7] != "120" || rows[1][8] != "100" || rows[1][9] != "250000000" || len(rows[0]) != 12 {
		t.Errorf("export after the change = %v", rows)
	}
	o.noRejections()
}
