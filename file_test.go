package fieldbot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("danh sách ", 30) + ".xlsx"
	tests := []struct{ in, want string }{
		{"danh-sach.xlsx", "danh-sach.xlsx"},
		{"Danh sách cán bộ.xlsx", "Danh sách cán bộ.xlsx"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\an\chi tieu.csv`, "chi tieu.csv"},
		{"..", "tep"},
		{".hidden.csv", "hidden.csv"},
		{"a\x00b\r\n<c>.csv", "abc.csv"},
		{"evil\u202Excsl.exe", "evilxcsl.exe"},
		{"", "tep"},
		{"   ", "tep"},
	}
	for _, tt := range tests {
		if got := CleanFileName(tt.in); got != tt.want {
			t.Errorf("CleanFileName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	got := CleanFileName(long)
	if utf8.RuneCountInString(got) != maxFileName || !strings.HasSuffix(got, ".xlsx") || !utf8.ValidString(got) {
		t.Errorf("CleanFileName(long) = %q (%d runes); want %d ending .xlsx", got, utf8.RuneCountInString(got), maxFileName)
	}
}
