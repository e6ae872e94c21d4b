package locale

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseYesNo(t *testing.T) {
	for in, want := range map[string]bool{
		"có": true, "Có": true, "CÓ": true, "co": true, "c": true, "yes": true, "Yes": true,
		"y": true, "1": true, norm.NFD.String("có"): true, " có ": true,
		"không": false, "Không": false, "khong": false, "k": false, "ko": false, "no": false,
		"No": false, "n": false, "0": false, norm.NFD.String("không"): false,
	} {
		got, err := ParseYesNo(in)
		if err != nil || got != want {
			t.Errorf("ParseYesNo(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "có không", "maybe", "2", "yes!", "đúng"} {
		if _, err := ParseYesNo(in); err == nil {
			t.Errorf("ParseYesNo(%q): want error", in)
		} else if key := errKey(t, err); key != "report.invalid_choice" {
			t.Errorf("ParseYesNo(%q): key %s", in, key)
		}
	}
}
