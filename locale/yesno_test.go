package locale

import (
	"fmt"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseYesNo(t *testing.T) {
	for in, want := range map[string]bool{
		"có": true, "Có": true, "CÓ": true, "co": true, "c": true, "yes": true, "Yes": true,
		"y": true, "1": true, norm.NFD.String("có"): true, " có ": true,
		"YES": true, "Y": true, "C": true, norm.NFD.String("CÓ"): true, "\u200bcó\u00a0": true,
		"không": false, "Không": false, "khong": false, "k": false, "ko": false, "no": false,
		"No": false, "n": false, "0": false, norm.NFD.String("không"): false,
		"KHÔNG": false, "KO": false, "K": false, "NO": false, "N": false,
	} {
		got, err := ParseYesNo(in)
		if err != nil || got != want {
			t.Errorf("ParseYesNo(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", " ", "có không", "maybe", "2", "yes!", "đúng", "sai", "ok", "OK", "coo", "khongg",
		"yess", "nope", "yeah", "true", "false", "-1", "01", "1.0", "c ó", "k o", "có.", "không!",
		"có ạ", "dạ", "ừ", "vâng", "✅", "👍", "❌", "y/n", "có/không", "Có (1)", "1 có",
		"Bỏ qua", "nil", "null", "không có", "có có",
		"1\u030b", "0\u0301", "\u0301", // combining marks on digits, or on nothing
	} {
		got, err := ParseYesNo(in)
		if err == nil {
			t.Errorf("ParseYesNo(%q) = %v, want error", in, got)
			continue
		}
		checkParseError(t, fmt.Sprintf("ParseYesNo(%q)", in), err, "report.invalid_choice")
	}
}
