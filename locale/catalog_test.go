package locale

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// seedKeys are the keys the rest of the program relies on.
var seedKeys = map[string][]string{
	"onboard.share_phone": nil, "onboard.share_button": nil,
	"onboard.greet": {"name", "unit", "role"}, "onboard.foreign_contact": nil,
	"onboard.stranger": {"phone"}, "onboard.need_start": nil,
	"onboard.already": {"name", "unit"},
	"role.officer":    nil, "role.leader": nil, "role.admin": nil,
	"report.no_form": nil, "report.revision_notice": {"period", "revision"},
	"report.ask":           {"n", "total", "label", "help"},
	"report.invalid_count": nil, "report.invalid_number": nil,
	"report.invalid_money": {"hint"}, "report.invalid_date": nil,
	"report.invalid_choice": nil, "report.too_long": {"max"},
	"report.below_min": {"min"}, "report.above_max": {"max"},
	"report.summary_title":  {"form", "period", "unit"},
	"report.confirm_button": nil, "report.edit_button": nil, "report.cancel_button": nil,
	"report.back_button": nil, "report.skip_button": nil,
	"report.saved":     {"form", "period", "revision", "time"},
	"report.cancelled": nil, "report.check_failed": {"message"},
	"report.stale_button": nil, "report.resumed": nil, "report.busy": nil,
	"report.pick_field": nil, "report.yes": nil, "report.no": nil, "report.empty": nil,
	"cmd.start": nil, "cmd.report": nil, "cmd.edit": nil, "cmd.status": nil,
	"cmd.ranking": nil, "cmd.missing": nil, "cmd.cancel": nil, "cmd.help": nil,
	"help.officer": nil, "help.leader": nil, "help.admin": nil,
	"error.internal": nil, "error.unknown_command": nil, "error.not_allowed": nil,
	"error.unreachable": nil,
	"period.week":       {"week", "year", "from", "to"}, "period.month": {"month", "year"},
	"period.year":          {"year"},
	"money.hint.ambiguous": {"input"},
}

func sorted(names []string) []string {
	names = slices.Clone(names)
	slices.Sort(names)
	return names
}

func TestCatalogParity(t *testing.T) {
	for key, vi := range viMessages {
		en, ok := enMessages[key]
		if !ok {
			t.Errorf("%s: missing in English", key)
			continue
		}
		if p, q := sorted(placeholders(vi)), sorted(placeholders(en)); !slices.Equal(p, q) {
			t.Errorf("%s: placeholders vi %v, en %v", key, p, q)
		}
	}
	for key := range enMessages {
		if _, ok := viMessages[key]; !ok {
			t.Errorf("%s: missing in Vietnamese", key)
		}
	}
}

func TestSeedKeys(t *testing.T) {
	for key, want := range seedKeys {
		for lang, msgs := range catalogs {
			msg, ok := msgs[key]
			if !ok {
				t.Errorf("%s: missing in %s", key, lang)
				continue
			}
			if got := sorted(placeholders(msg)); !slices.Equal(got, sorted(want)) {
				t.Errorf("%s (%s): placeholders %v, want %v", key, lang, got, want)
			}
		}
	}
}

// isVietnameseLetter reports whether r is a Latin letter with a diacritic,
// which English text does not have.
func isVietnameseLetter(r rune) bool {
	return unicode.Is(unicode.Latin, r) && r > unicode.MaxASCII && Fold(string(r)) != string(r)
}

func TestVietnameseIsVietnamese(t *testing.T) {
	for key, vi := range viMessages {
		if !strings.ContainsFunc(vi, isVietnameseLetter) {
			t.Errorf("%s: %q has no Vietnamese letter; English by mistake?", key, vi)
		}
		if vi == enMessages[key] {
			t.Errorf("%s: same text in both languages", key)
		}
		low := strings.ToLower(vi)
		for _, w := range []string{"please", "the ", " you", "report ", "error"} {
			if strings.Contains(low, w) {
				t.Errorf("%s: %q contains English %q", key, vi, w)
			}
		}
	}
	for key, en := range enMessages {
		for _, w := range []string{"anh/chị", "vui lòng", "báo cáo"} {
			if strings.Contains(strings.ToLower(en), w) {
				t.Errorf("%s: %q contains Vietnamese %q", key, en, w)
			}
		}
	}
}

func TestCatalogText(t *testing.T) {
	for lang, msgs := range catalogs {
		for key, msg := range msgs {
			if !utf8.ValidString(msg) || strings.TrimSpace(msg) != msg || msg == "" {
				t.Errorf("%s (%s): empty, invalid or padded: %q", key, lang, msg)
			}
			// Plain text, so that HTML() output is valid Telegram HTML.
			if strings.ContainsAny(msg, "<>&") {
				t.Errorf("%s (%s): contains < > or &: %q", key, lang, msg)
			}
			if strings.HasPrefix(key, "cmd.") && utf8.RuneCountInString(msg) > 256 {
				t.Errorf("%s (%s): command description longer than 256", key, lang)
			}
			if strings.Contains(msg, "%") {
				t.Errorf("%s (%s): %% in a message; use {placeholders}", key, lang)
			}
		}
	}
}

func TestButtons(t *testing.T) {
	if !strings.Contains(viMessages["report.confirm_button"], "Xác nhận") {
		t.Error("vi confirm button lacks “Xác nhận”")
	}
	if !strings.Contains(enMessages["report.confirm_button"], "Confirm") {
		t.Error("en confirm button lacks “Confirm”")
	}
	for key, want := range map[string]string{
		"onboard.share_button": "📱 Chia sẻ số điện thoại",
		"report.edit_button":   "✏️ Sửa",
		"report.cancel_button": "✖️ Hủy",
		"report.back_button":   "⬅️ Quay lại",
		"report.skip_button":   "Bỏ qua",
		"report.empty":         "(bỏ trống)",
		"role.officer":         "Cán bộ",
		"role.leader":          "Lãnh đạo",
		"role.admin":           "Quản trị",
	} {
		if got := viMessages[key]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

func TestHelpListsAliases(t *testing.T) {
	all := []string{"/baocao", "/sua", "/tiendo", "/xephang", "/huy", "/trogiup"}
	for _, lang := range []Lang{VI, EN} {
		p := New(lang)
		for _, key := range []string{"help.officer", "help.leader", "help.admin"} {
			want := all
			if key != "help.officer" {
				want = append(slices.Clone(all), "/chuabaocao")
			}
			for _, cmd := range want {
				if msg := p.T(key); !strings.Contains(msg, cmd+" ") && !strings.Contains(msg, cmd+")") {
					t.Errorf("%s (%s) does not list %s", key, lang, cmd)
				}
			}
		}
	}
}

func TestAllVietnameseNFC(t *testing.T) {
	for key, msg := range viMessages {
		if clean(msg) != strings.Join(strings.Fields(msg), " ") {
			t.Errorf("%s: not NFC", key)
		}
	}
}
