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
	// The sandbox page and its API.
	"sandbox.digest_now": nil, "sandbox.remind_now": nil, "sandbox.title": nil,
	"sandbox.title_person": {"name"}, "sandbox.language": nil, "sandbox.pick_person": nil,
	"sandbox.pick_hint": nil, "sandbox.pick_sub": nil, "sandbox.close": nil, "sandbox.filter": nil,
	"sandbox.filter_label": nil, "sandbox.nobody": nil, "sandbox.unit_other": nil,
	"sandbox.channels": nil, "sandbox.conn_none": nil, "sandbox.conn_on": nil, "sandbox.conn_lost": nil,
	"sandbox.no_messages": nil, "sandbox.start": nil, "sandbox.start_zalo": {"hello"},
	"sandbox.hello": nil, "sandbox.zalo_join_hint": {"command"}, "sandbox.zalo_bar": nil,
	"sandbox.get_invite": nil, "sandbox.commands": nil, "sandbox.input": nil, "sandbox.input_zalo": nil,
	"sandbox.input_label": nil, "sandbox.send": nil, "sandbox.photo": nil, "sandbox.photo_alt": nil,
	"sandbox.attachment": nil, "sandbox.edited": nil, "sandbox.sticker": {"id"},
	"sandbox.shared_phone": {"phone"}, "sandbox.share_phone": nil,
	"sandbox.invite_code": {"name", "code"}, "sandbox.action_done": {"label"},
	"sandbox.error_status": {"status"}, "sandbox.load_failed": {"message"},
	"sandbox.people_failed": {"message"}, "sandbox.lang_failed": {"message"},
	"sandbox.send_failed": {"message"}, "sandbox.share_failed": {"message"},
	"sandbox.invite_failed": {"message"}, "sandbox.action_failed": {"message"},
	"sandbox.file_name": {"id"}, "sandbox.err_user": nil, "sandbox.err_unknown_user": {"user"},
	"sandbox.err_no_zalo": nil, "sandbox.err_channel": {"channel"}, "sandbox.err_empty": nil,
	"sandbox.err_too_long": {"max"}, "sandbox.err_zalo_typed": nil, "sandbox.err_press": nil,
	"sandbox.err_stale_button": nil, "sandbox.err_no_phone": nil, "sandbox.err_unknown_action": {"id"},
	"sandbox.err_action_unwired": nil, "sandbox.err_no_invites": nil, "sandbox.err_too_big": {"max"},
	"sandbox.err_content_type": nil, "sandbox.err_json": {"message"}, "sandbox.err_file_query": nil,
	"sandbox.err_no_file": nil, "sandbox.err_stopped": nil, "sandbox.err_host": nil,
	"sandbox.err_cross_site": nil,
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
