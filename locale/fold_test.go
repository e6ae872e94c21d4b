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
