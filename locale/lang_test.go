package locale

import "testing"

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"vi", VI, true}, {"VI", VI, true}, {" vi-VN ", VI, true}, {"en", EN, true},
		{"en_US", EN, true}, {"EN-gb", EN, true},
		{"", "", false}, {"fr", "", false}, {"vietnamese", "", false}, {"e", "", false},
	} {
		got, err := ParseLang(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFromTelegram(t *testing.T) {
	for in, want := range map[string]Lang{
		"vi": VI, "vi-VN": VI, "en": EN, "en-US": EN, "EN": EN,
		"": VI, "fr": VI, "ru": VI, "zh-hans": VI,
	} {
		if got := FromTelegram(in); got != want {
			t.Errorf("FromTelegram(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOr(t *testing.T) {
	for _, tc := range []struct {
		code string
		def  Lang
		want Lang
	}{
		{"", VI, VI}, {"en", VI, EN}, {"EN-us", VI, EN}, {"vi", EN, VI}, {"fr", EN, EN}, {"", "", ""}, {"xx", "", ""},
	} {
		if got := Or(tc.code, tc.def); got != tc.want {
			t.Errorf("Or(%q, %q) = %q; want %q", tc.code, tc.def, got, tc.want)
		}
	}
}
