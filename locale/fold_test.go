package locale

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"KHU VỰC 3": "khu vuc 3",
		"Phòng Thi hành án dân sự khu vực 1": "phong thi hanh an dan su khu vuc 1",
		"hòa":                              "hoa",
		"hoà":                              "hoa",
		"HOÀ":                              "hoa",
		"Đồng Tháp":                        "dong thap",
		"đ Đ":                              "d d",
		"  Nguyễn   Văn\tAn \n":            "nguyen van an",
		"Trương Thị Ưng Ơn":                "truong thi ung on",
		"Lê Văn Ấn Ẩn Ẫn Ậ":                "le van an an an a",
		norm.NFD.String("Nguyễn Thị Thủy"): "nguyen thi thuy",
		"":                                 "",
		"abc 123":                          "abc 123",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if Fold("Thủy") != Fold("Thuỷ") {
		t.Error("old and new tone placement fold differently")
	}
}

// The ASCII shortcut folds exactly as the general way does.
func TestFoldASCII(t *testing.T) {
	for _, in := range []string{
		"", " ", "  \t\n", "120", "250tr", "bo qua", "Bo  Qua", " bo qua ", "BỎ QUA"[:2],
		"a\tb", "a\vb\fc\rd", "\n x \n", "ghi chu", "/huy", "A", "a ", " a", "a  b", "abc XYZ 09",
	} {
		got, ok := foldASCII(in)
		if want := foldUnicode(in); ok && got != want {
			t.Errorf("foldASCII(%q) = %q; want %q", in, got, want)
		}
	}
	for c := range 128 {
		for _, in := range []string{string(rune(c)), "x" + string(rune(c)) + "Y", " " + string(rune(c)) + " z"} {
			if got, want := Fold(in), foldUnicode(in); got != want {
				t.Errorf("Fold(%q) = %q; want %q", in, got, want)
			}
		}
	}
}
