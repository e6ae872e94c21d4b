package config_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot/config"
)

// edit replaces the first old with new; an empty old appends new.
type edit struct{ old, new string }

func apply(t *testing.T, text string, edits ...edit) string {
	t.Helper()
	for _, e := range edits {
		if e.old == "" {
			text += "\n" + e.new + "\n"
			continue
		}
		if !strings.Contains(text, e.old) {
			t.Fatalf("the example has no %q", e.old)
		}
		text = strings.Replace(text, e.old, e.new, 1)
	}
	return text
}

// lineOf returns the line of the first occurrence of s in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("no %q in the config", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

const monthlyForm = `
[[forms]]
id = "monthly"
title = "Báo cáo tháng"
period = "month"

  [[forms.fields]]
  id = "don_khieu_nai"
  label = "Số đơn khiếu nại, tố cáo"
  type = "count"
  aggregate = "sum"
`

func TestProblemsNameTheirKey(t *testing.T) {
	example := readFile(t, "../config.example.toml")
	roster := readFile(t, "../roster.example.csv")
	for _, tt := range []struct {
		name  string
		edits []edit
		key   string
		msg   string // part of the message
		at    string // the problem is on the line of this text
		above bool   // … or on the table header just above it (a key is missing)
	}{
		// Keys and types.
		{name: "unknown key", edits: []edit{{`year_start = "10-01"`, "colour = \"đỏ\"\nyear_start = \"10-01\""}},
			key: "colour", msg: "unknown key", at: `colour = "đỏ"`},
		{name: "misspelt key", edits: []edit{{`aggregate = "sum"`, `agregate = "sum"`}},
			key: "forms[0].fields[6].agregate", msg: `did you mean "aggregate"?`, at: `agregate = "sum"`},
		{name: "top-level key after a table", edits: []edit{{"", `language = "en"`}},
			key: "targets[4].language", msg: "top-level keys must come before the first [table]", at: `language = "en"`},
		{name: "unknown table", edits: []edit{{"", "[smtp]\nhost = \"mail\""}},
			key: "smtp", msg: "unknown key", at: "[smtp]"},
		{name: "wrong type", edits: []edit{{"min = 0\n  alias = \"vcdk\"", "min = \"0\"\n  alias = \"vcdk\""}},
			key: "forms[0].fields[0].min", msg: `must be a number, not the string "0"`, at: `min = "0"`},
		{name: "wrong type of table", edits: []edit{{"[http]\nlisten = \"127.0.0.1:8080\"", ""}, {`year_start = "10-01"`, "year_start = \"10-01\"\nhttp = \"localhost\""}},
			key: "http", msg: "must be a table [http]", at: `http = "localhost"`},
		{name: "one table for an array of tables", edits: []edit{
			{"[[forms.checks]]\n  rule = \"tien_xong + tien_dinh_chi <= tien_co_dieu_kien\"\n  message = \"Số tiền", "message = \"Số tiền"},
			{"message = \"Số tiền thi hành xong cộng số tiền đình chỉ không thể lớn hơn số tiền có điều kiện thi hành.\"", ""},
			{"[[forms.checks]]", "[forms.checks]"}},
			key: "forms[0].checks", msg: "write [[forms.checks]], not [forms.checks]", at: "[forms.checks]"},
		{name: "digest chats are whole numbers", edits: []edit{{`# chats = [-1001234567890]`, `chats = [-1001234567890, "-1009"]`}},
			key: "digest.chats[1]", msg: "must be a whole number", at: `chats = [`},
		{name: "digest chat 0", edits: []edit{{`# chats = [-1001234567890]`, `chats = [0]`}},
			key: "digest.chats[0]", msg: "not a Telegram chat id", at: `chats = [0]`},

		// Settings.
		{name: "timezone", edits: []edit{{`timezone = "Asia/Ho_Chi_Minh"`, `timezone = "Asia/Hanoi"`}},
			key: "timezone", msg: `"Asia/Hanoi" is not a known`, at: `timezone = "Asia/Hanoi"`},
		{name: "language", edits: []edit{{`language = "vi"`, `language = "fr"`}},
			key: "language", msg: `"fr" is not "vi" or "en"`, at: `language = "fr"`},
		{name: "year start", edits: []edit{{`year_start = "10-01"`, `year_start = "13-01"`}},
			key: "year_start", msg: "MM-DD", at: `year_start = "13-01"`},
		{name: "idle timeout", edits: []edit{{`idle_timeout = "24h"`, `idle_timeout = "1 ngày"`}},
			key: "idle_timeout", msg: "duration", at: `idle_timeout = "1 ngày"`},
		{name: "api url", edits: []edit{{`api_url = "https://api.telegram.org"`, `api_url = "api.telegram.org"`}},
			key: "telegram.api_url", msg: "http:// or https://", at: `api_url = "api.telegram.org"`},
		{name: "listen", edits: []edit{{`listen = "127.0.0.1:8080"`, `listen = "8080"`}},
			key: "http.listen", msg: "host:port", at: `listen = "8080"`},
		{name: "listen port", edits: []edit{{`listen = "127.0.0.1:8080"`, `listen = "127.0.0.1:80800"`}},
			key: "http.listen", msg: "0 to 65535", at: `listen = "127.0.0.1:80800"`},
		{name: "digest schedule", edits: []edit{{`schedule = "0 17 * * FRI"`, `schedule = "0 17 * * FRIDAY"`}},
			key: "digest.schedule", msg: "day of week", at: `schedule = "0 17 * * FRIDAY"`},
		{name: "reminder schedule", edits: []edit{{`schedule = "0 9 * * THU"`, `schedule = "0 9 * THU"`}},
			key: "reminders.schedule", msg: "want 5", at: `schedule = "0 9 * THU"`},
		{name: "escalation schedule", edits: []edit{{`escalate = "0 14 * * FRI"`, `escalate = "CRON_TZ=Asia/Ho_Chi_Minh"`}},
			key: "reminders.escalate", msg: "TZ= prefix", at: `escalate = "CRON_TZ=Asia/Ho_Chi_Minh"`},
		{name: "zalo mode", edits: []edit{{`mode = "webhook"`, `mode = "push"`}},
			key: "zalo.mode", msg: `"push" is not "webhook" or "polling"`, at: `mode = "push"`},
		{name: "zalo webhook secret", edits: []edit{{`token = ""                         # from Zalo`, `token = "12:zalo-secret"            # from Zalo`}},
			key: "zalo.webhook_secret", msg: "8 to 256", at: `webhook_secret = ""`},
		{name: "zalo webhook without a path", edits: []edit{{`token = ""                         # from Zalo`, `token = "12:zalo-secret"            # from Zalo`},
			{`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`},
			{`webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn"`}},
			key: "zalo.webhook_url", msg: "needs a path of its own", at: `webhook_url = "https://fieldbot.example.gov.vn"`},
		{name: "zalo webhook at the root", edits: []edit{{`token = ""                         # from Zalo`, `token = "12:zalo-secret"            # from Zalo`},
			{`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`},
			{`webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/"`}},
			key: "zalo.webhook_url", msg: "needs a path of its own", at: `webhook_url = "https://fieldbot.example.gov.vn/"`},
		{name: "zalo webhook among the public files", edits: []edit{{`token = ""                         # from Zalo`, `token = "12:zalo-secret"            # from Zalo`},
			{`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`},
			{`webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/files/hook"`}},
			key: "zalo.webhook_url", msg: "under /files/", at: `webhook_url = "https://fieldbot.example.gov.vn/files/hook"`},
		{name: "zalo public url", edits: []edit{{`public_url = "https://fieldbot.example.gov.vn"`, `public_url = "fieldbot.example.gov.vn"`}},
			key: "zalo.public_url", msg: "http:// or https://", at: `public_url = "fieldbot.example.gov.vn"`},
		{name: "telegram mode", edits: []edit{{`mode = "polling"`, `mode = "hook"`}},
			key: "telegram.mode", msg: `"hook" is not "polling" or "webhook"`, at: `mode = "hook"`},
		{name: "telegram webhook secret missing", edits: []edit{{`token = ""                         # from @BotFather`, `token = "12:tg-secret"              # from @BotFather`}, {`mode = "polling"`, `mode = "webhook"`}, {`# webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:8443"`}, {`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`}},
			key: "telegram.webhook_secret", msg: "1 to 256 of the characters", at: "[telegram]"},
		{name: "telegram webhook secret characters", edits: []edit{{`token = ""                         # from @BotFather`, `token = "12:tg-secret"              # from @BotFather`}, {`mode = "polling"`, `mode = "webhook"`}, {`# webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:8443"`}, {`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`}, {`# webhook_secret = "paste-openssl-rand-hex-24-here"`, `webhook_secret = "mật khẩu"`}},
			key: "telegram.webhook_secret", msg: "A-Z, a-z, 0-9, _ and -", at: `webhook_secret = "mật khẩu"`},
		{name: "telegram webhook over http", edits: []edit{{`token = ""                         # from @BotFather`, `token = "12:tg-secret"              # from @BotFather`}, {`mode = "polling"`, `mode = "webhook"`}, {`# webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:8443"`}, {`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`}, {`# webhook_secret = "paste-openssl-rand-hex-24-here"`, `webhook_secret = "s3cret_-"`},
			{`webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "http://fieldbot.example.gov.vn/telegram/webhook"`}},
			key: "telegram.webhook_url", msg: "Telegram posts only to https://", at: `webhook_url = "http://fieldbot.example.gov.vn/telegram/webhook"`},
		{name: "telegram webhook without listen", edits: []edit{{`token = ""                         # from @BotFather`, `token = "12:tg-secret"              # from @BotFather`}, {`mode = "polling"`, `mode = "webhook"`}, {`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`}, {`# webhook_secret = "paste-openssl-rand-hex-24-here"`, `webhook_secret = "s3cret_-"`}},
			key: "telegram.webhook_listen", msg: "host:port", at: "[telegram]"},
		{name: "telegram and zalo webhooks at one path", edits: []edit{{`token = ""                         # from @BotFather`, `token = "12:tg-secret"              # from @BotFather`}, {`mode = "polling"`, `mode = "webhook"`}, {`# webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:8443"`}, {`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`}, {`# webhook_secret = "paste-openssl-rand-hex-24-here"`, `webhook_secret = "s3cret_-"`},
			{`webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`},
			{`token = ""                         # from Zalo`, `token = "12:zalo-secret"            # from Zalo`}, {`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`}},
			key: "telegram.webhook_url", msg: "same path", at: `webhook_url = "https://fieldbot.example.gov.vn/zalo/webhook"`},
		{name: "telegram proxy", edits: []edit{{`# proxy = "http://proxy.example.gov.vn:3128"`, `proxy = "proxy.example.gov.vn:3128"`}},
			key: "telegram.proxy", msg: "is not a proxy address", at: `proxy = "proxy.example.gov.vn:3128"`},
		{name: "zalo proxy", edits: []edit{{`proxy = ""                         # every Zalo`, `proxy = "ftp://u:pw@proxy:21"       # every Zalo`}},
			key: "zalo.proxy", msg: "is not a proxy address", at: `proxy = "ftp://u:pw@proxy:21"`},
		{name: "grace", edits: []edit{{`grace = "12h"`, `grace = "nửa ngày"`}},
			key: "digest.grace", msg: "duration", at: `grace = "nửa ngày"`},
		{name: "holiday", edits: []edit{{`"2027-02-16"`, `"16/02/2027"`}},
			key: "calendar.holidays[1]", msg: "YYYY-MM-DD", at: `holidays = [`},
		{name: "excel", edits: []edit{{`excel = true`, `excel = "có"`}},
			key: "digest.excel", msg: "", at: `excel = "có"`},
		{name: "log format", edits: []edit{{`format = "text"`, `format = "xml"`}},
			key: "log.format", msg: `"xml" is not "text" or "json"`, at: `format = "xml"`},

		// Units.
		{name: "unit id", edits: []edit{{`id = "kv12"`, `id = "KV12"`}},
			key: "units[12].id", msg: `"KV12" is not a valid id`, at: `id = "KV12"`},
		{name: "duplicate unit", edits: []edit{{`id = "kv12"`, `id = "kv11"`}},
			key: "units[12].id", msg: "already defined at units[11]", at: "id = \"kv11\"\nname = \"Phòng Thi hành án dân sự khu vực 12\""},
		{name: "unit without name", edits: []edit{{`name = "Phòng Thi hành án dân sự khu vực 12"`, ``}},
			key: "units[12].name", msg: "no name", at: `id = "kv12"`, above: true},
		{name: "unknown parent", edits: []edit{{`parent = "dongthap"`, `parent = "dong_thap"`}},
			key: "units[1].parent", msg: `unknown unit "dong_thap"`, at: `parent = "dong_thap"`},
		{name: "two roots", edits: []edit{{"name = \"Phòng Thi hành án dân sự khu vực 5\"\nparent = \"dongthap\"", `name = "Phòng Thi hành án dân sự khu vực 5"`}},
			key: "units[5].parent", msg: `"dongthap" is already the root`, at: `id = "kv5"`, above: true},
		{name: "cycle", edits: []edit{{`name = "Thi hành án dân sự tỉnh Đồng Tháp"`, "name = \"Thi hành án dân sự tỉnh Đồng Tháp\"\nparent = \"kv1\""}},
			key: "units[0].parent", msg: "cycle: dongthap → kv1 → dongthap", at: `parent = "kv1"`},

		// Forms and fields.
		{name: "form id", edits: []edit{{`id = "weekly"`, `id = "Weekly"`}},
			key: "forms[0].id", msg: "not a valid id", at: `id = "Weekly"`},
		{name: "duplicate form", edits: []edit{{"", strings.Replace(monthlyForm, `id = "monthly"`, `id = "weekly"`, 1)}},
			key: "forms[1].id", msg: "already defined at forms[0]", at: "id = \"weekly\"\ntitle = \"Báo cáo tháng\""},
		{name: "period", edits: []edit{{`period = "week"`, `period = "weekly"`}},
			key: "forms[0].period", msg: `"weekly" is not one of week, month, year`, at: `period = "weekly"`},
		{name: "close_after", edits: []edit{{`close_after = "72h"`, `close_after = "3 ngày"`}},
			key: "forms[0].close_after", msg: "duration", at: `close_after = "3 ngày"`},
		{name: "jump_factor", edits: []edit{{`jump_factor = 3.0`, `jump_factor = 0.5`}},
			key: "forms[0].jump_factor", msg: "greater than 1", at: `jump_factor = 0.5`},
		{name: "field type", edits: []edit{{`type = "count"`, `type = "cout"`}},
			key: "forms[0].fields[0].type", msg: `"cout" is not one of count, money, number, percent, text, choice, date, yesno`, at: `type = "cout"`},
		{name: "field id", edits: []edit{{`id = "viec_dinh_chi"`, `id = "viec-dinh-chi"`}},
			key: "forms[0].fields[2].id", msg: "not a valid id", at: `id = "viec-dinh-chi"`},
		{name: "duplicate field", edits: []edit{{`id = "viec_dinh_chi"`, `id = "viec_xong"`}},
			key: "forms[0].fields[2].id", msg: `"viec_xong" is defined twice`, at: "id = \"viec_xong\"\n  label = \"Số việc đình chỉ"},
		{name: "field without label", edits: []edit{{`label = "Số việc thi hành xong (lũy kế từ 01/10)"`, ``}},
			key: "forms[0].fields[1].label", msg: "no label", at: `id = "viec_xong"`, above: true},
		{name: "aggregate missing", edits: []edit{{`aggregate = "sum"`, ``}},
			key: "forms[0].fields[6].aggregate", msg: `missing; a count field needs aggregate = "last"`, at: `id = "tiep_dan"`, above: true},
		{name: "aggregate unknown", edits: []edit{{`aggregate = "sum"`, `aggregate = "total"`}},
			key: "forms[0].fields[6].aggregate", msg: `"total"`, at: `aggregate = "total"`},
		{name: "aggregate on text", edits: []edit{{`type = "text"`, "type = \"text\"\n  aggregate = \"last\""}},
			key: "forms[0].fields[7].aggregate", msg: "only numeric fields aggregate", at: "aggregate = \"last\"\n  max = 500"},
		{name: "choice without options", edits: []edit{{`type = "text"`, `type = "choice"`}},
			key: "forms[0].fields[7].options", msg: "needs options", at: `id = "ghi_chu"`, above: true},
		{name: "options on a count", edits: []edit{{`alias = "td"`, "alias = \"td\"\n  options = [\"1\", \"2\"]"}},
			key: "forms[0].fields[6].options", msg: "only choice fields have options", at: `options = ["1", "2"]`},
		{name: "repeated option", edits: []edit{{`type = "text"`, "type = \"choice\"\n  options = [\"Đạt\", \"Đạt\"]"}},
			key: "forms[0].fields[7].options[1]", msg: "repeated", at: `options = ["Đạt", "Đạt"]`},
		{name: "min above max", edits: []edit{{"min = 0\n  alias = \"vcdk\"", "min = 10\n  max = 5\n  alias = \"vcdk\""}},
			key: "forms[0].fields[0].min", msg: "min 10 is greater than max 5", at: `min = 10`},
		{name: "negative count", edits: []edit{{"min = 0\n  alias = \"vcdk\"", "min = -1\n  alias = \"vcdk\""}},
			key: "forms[0].fields[0].min", msg: "never negative", at: `min = -1`},
		{name: "text max", edits: []edit{{`max = 500`, `max = 0`}},
			key: "forms[0].fields[7].max", msg: "not a length", at: `max = 0`},
		{name: "alias shape", edits: []edit{{`alias = "vcdk"`, `alias = "v cdk"`}},
			key: "forms[0].fields[0].alias", msg: "not a valid id", at: `alias = "v cdk"`},
		{name: "alias twice", edits: []edit{{`alias = "vxong"`, `alias = "vcdk"`}},
			key: "forms[0].fields[1].alias", msg: "already used by forms[0].fields[0]", at: "alias = \"vcdk\"\n\n  [[forms.fields]]\n  id = \"viec_dinh_chi\""},
		{name: "alias is a field id", edits: []edit{{`alias = "vdc"`, `alias = "viec_xong"`}},
			key: "forms[0].fields[2].alias", msg: "also the id of another field", at: `alias = "viec_xong"`},

		// Checks.
		{name: "check over an unknown field", edits: []edit{{`rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, `rule = "viec_xong <= vcdk"`}},
			key: "forms[0].checks[0].rule", msg: `unknown field "vcdk"`, at: `rule = "viec_xong <= vcdk"`},
		{name: "check over a text field", edits: []edit{{`rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, `rule = "ghi_chu <= viec_co_dieu_kien"`}},
			key: "forms[0].checks[0].rule", msg: `"ghi_chu" is text`, at: `rule = "ghi_chu`},
		{name: "check that is not a comparison", edits: []edit{{`rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, `rule = "viec_xong + viec_dinh_chi"`}},
			key: "forms[0].checks[0].rule", msg: "must be a comparison", at: `rule = "viec_xong + viec_dinh_chi"`},
		{name: "check syntax", edits: []edit{{`rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, `rule = "viec_xong + <= viec_co_dieu_kien"`}},
			key: "forms[0].checks[0].rule", msg: "cannot parse", at: `rule = "viec_xong + <=`},
		{name: "check without message", edits: []edit{{`message = "Số việc thi hành xong cộng số việc đình chỉ không thể lớn hơn số việc có điều kiện thi hành."`, ``}},
			key: "forms[0].checks[0].message", msg: "missing", at: `rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, above: true},

		// Indicators.
		{name: "indicator form unknown", edits: []edit{{`form = "weekly"`, `form = "weeky"`}},
			key: "indicators[0].form", msg: `unknown form "weeky"`, at: `form = "weeky"`},
		{name: "indicator over an unknown field", edits: []edit{{`numerator = "viec_xong + viec_dinh_chi"`, `numerator = "viec_xong + vdc"`}},
			key: "indicators[0].numerator", msg: `unknown field "vdc"`, at: `numerator = "viec_xong + vdc"`},
		{name: "indicator over two forms", edits: []edit{{"", monthlyForm + "\n[[indicators]]\nid = \"ty_le_kn\"\nlabel = \"Tỷ lệ khiếu nại\"\nnumerator = \"don_khieu_nai\"\ndenominator = \"viec_co_dieu_kien\""}},
			key: "indicators[2]", msg: "don_khieu_nai (monthly), viec_co_dieu_kien (weekly)", at: `id = "ty_le_kn"`, above: true},
		{name: "indicator form ambiguous", edits: []edit{{"", monthlyForm + strings.ReplaceAll(monthlyForm[strings.Index(monthlyForm, "  [[forms.fields]]"):], "don_khieu_nai", "tien_xong") +
			strings.ReplaceAll(monthlyForm[strings.Index(monthlyForm, "  [[forms.fields]]"):], "don_khieu_nai", "tien_co_dieu_kien")}},
			key: "indicators[1].form", msg: "forms weekly, monthly all have these fields", at: `id = "ty_le_tien"`, above: true},
		{name: "indicator denominator empty", edits: []edit{{`denominator = "viec_co_dieu_kien"`, `denominator = ""`}},
			key: "indicators[0].denominator", msg: "empty", at: `denominator = ""`},

		// Targets.
		{name: "target indicator", edits: []edit{{`indicator = "ty_le_viec"`, `indicator = "ty_le_vie"`}},
			key: "targets[0].indicator", msg: `unknown indicator "ty_le_vie"`, at: `indicator = "ty_le_vie"`},
		{name: "target unit", edits: []edit{{`unit = "kv2"`, `unit = "kv13"`}},
			key: "targets[4].unit", msg: `unknown unit "kv13"`, at: `unit = "kv13"`},
		{name: "target value", edits: []edit{{`value = 84.00`, `value = 184.00`}},
			key: "targets[0].value", msg: "not a percentage", at: `value = 184.00`},
		{name: "target value missing", edits: []edit{{`value = 48.00`, ``}},
			key: "targets[4].value", msg: "missing", at: "indicator = \"ty_le_tien\"\nunit = \"kv2\"", above: true},
		{name: "target year", edits: []edit{{"unit = \"kv2\"\nyear = 2027", "unit = \"kv2\"\nyear = 27"}},
			key: "targets[4].year", msg: "27 is not a statistical year", at: `year = 27`},
		{name: "duplicate target", edits: []edit{{`unit = "kv2"`, `unit = "kv1"`}},
			key: "targets[4]", msg: "targets[3] already sets ty_le_tien for unit kv1 in 2027", at: "indicator = \"ty_le_tien\"\nunit = \"kv1\"\nyear = 2027\nvalue = 48.00", above: true},
		{name: "milestone day", edits: []edit{{`"12-31" = 21.0`, `"12-32" = 21.0`}},
			key: "targets[0].milestones.12-32", msg: `"12-32" is not a day`, at: `"12-32" = 21.0`},
		{name: "milestone percent", edits: []edit{{`"03-31" = 42.0`, `"03-31" = -42.0`}},
			key: "targets[0].milestones.03-31", msg: "not a percentage", at: `"03-31" = -42.0`},
		{name: "milestone above target", edits: []edit{{`"08-31" = 77.0`, `"08-31" = 97.0`}},
			key: "targets[0].milestones.08-31", msg: "above the year-end target 84", at: `"08-31" = 97.0`},
		{name: "milestones fall", edits: []edit{{`"06-30" = 63.0`, `"06-30" = 30.0`}},
			key: "targets[0].milestones.06-30", msg: "below 42 at 03-31", at: `"06-30" = 30.0`},
		{name: "milestone type", edits: []edit{{`"06-30" = 63.0`, `"06-30" = "63%"`}},
			key: "targets[0].milestones.06-30", msg: "must be a number", at: `"06-30" = "63%"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := apply(t, example, tt.edits...)
			ps := problems(t, setup(t, text, roster))
			var p *config.Problem
			for i := range ps {
				if ps[i].Key == tt.key && strings.Contains(ps[i].Message, tt.msg) {
					p = &ps[i]
					break
				}
			}
			if p == nil {
				t.Fatalf("no problem with key %q and message %q in:\n%v", tt.key, tt.msg, ps)
			}
			if tt.at == "" {
				return
			}
			want := lineOf(t, text, tt.at)
			if tt.above {
				want--
			}
			if p.Line != want {
				t.Errorf("%s is on line %d; want %d", p, p.Line, want)
			}
			if !strings.HasSuffix(p.File, "config.toml") {
				t.Errorf("problem file = %q; want the config", p.File)
			}
		})
	}
}

// check-config and run see the environment the same way: a Zalo token
// from FIELDBOT_ZALO_TOKEN switches on the webhook's checks just as one in
// the file does (an empty webhook_secret would refuse every delivery with
// 403 while /healthz says ok).
func TestTokensFromTheEnvironmentAreChecked(t *testing.T) {
	example := readFile(t, "../config.example.toml")
	path := setup(t, example, readFile(t, "../roster.example.csv"))
	env := func(k string) string { return map[string]string{config.ZaloTokenEnv: "12:zalo-secret\n"}[k] }
	cfg, err := config.Load(path, env)
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load with %s set and webhook_secret = \"\" = %+v, %v; want the secret refused", config.ZaloTokenEnv, cfg, err)
	}
	if len(ps) != 1 || ps[0].Key != "zalo.webhook_secret" || ps[0].Line != lineOf(t, example, `webhook_secret = ""`) {
		t.Errorf("problems = %v; want zalo.webhook_secret on its line", ps)
	}
	// With a secret, the token from the environment is the channel's.
	path = setup(t, apply(t, example, edit{`webhook_secret = ""`, `webhook_secret = "0123456789abcdef"`}), readFile(t, "../roster.example.csv"))
	if cfg, err = config.Load(path, env); err != nil || cfg.Zalo.Token != "12:zalo-secret" {
		t.Fatalf("Load = %v; zalo token %q", err, cfg.Zalo.Token)
	}
}

// A Telegram token from FIELDBOT_TELEGRAM_TOKEN switches on the webhook's
// checks as one in the file does; a good webhook table loads as written,
// sharing Zalo's webhook_listen, and a secret never appears in a message.
func TestTelegramWebhookWithTheTokenFromTheEnvironment(t *testing.T) {
	example := apply(t, readFile(t, "../config.example.toml"), edit{`mode = "polling"`, `mode = "webhook"`},
		edit{`# webhook_listen = "127.0.0.1:8443"`, `webhook_listen = "127.0.0.1:8443"`},
		edit{`# webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`, `webhook_url = "https://fieldbot.example.gov.vn/telegram/webhook"`},
		edit{`# webhook_secret = "paste-openssl-rand-hex-24-here"`, `webhook_secret = "bad secret!"`},
		edit{`# proxy = "http://proxy.example.gov.vn:3128"`, `proxy = "http://u:pw@proxy.example.gov.vn:3128"`})
	env := func(k string) string { return map[string]string{config.TokenEnv: "12:tg-secret\n"}[k] }
	_, err := config.Load(setup(t, example, readFile(t, "../roster.example.csv")), env)
	var ps config.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Key != "telegram.webhook_secret" || ps[0].Line != lineOf(t, example, `webhook_secret = "bad secret!"`) {
		t.Fatalf("Load with %s set and a bad webhook_secret = %v; want telegram.webhook_secret on its line", config.TokenEnv, err)
	}
	if strings.Contains(err.Error(), "bad secret") {
		t.Errorf("the secret is in the message: %v", err)
	}
	good := apply(t, example, edit{`webhook_secret = "bad secret!"`, `webhook_secret = "AZaz09_-"`})
	cfg, err := config.Load(setup(t, good, readFile(t, "../roster.example.csv")), env)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Telegram{Token: "12:tg-secret", APIURL: "https://api.telegram.org", Mode: "webhook", WebhookListen: "127.0.0.1:8443",
		WebhookURL: "https://fieldbot.example.gov.vn/telegram/webhook", WebhookSecret: "AZaz09_-", Proxy: "http://u:pw@proxy.example.gov.vn:3128"}
	if cfg.Telegram != want {
		t.Errorf("Telegram = %+v; want %+v", cfg.Telegram, want)
	}
	// Without a token the same table is only shaped: nothing to refuse.
	if _, err := config.Load(setup(t, example, readFile(t, "../roster.example.csv")), func(string) string { return "" }); err != nil {
		t.Errorf("Load without a token = %v", err)
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	text := apply(t, readFile(t, "../config.example.toml"),
		edit{`timezone = "Asia/Ho_Chi_Minh"`, `timezone = "Mars/Olympus"`},
		edit{`language = "vi"`, `language = 1`},
		edit{`type = "count"`, `type = "cout"`},
		edit{"min = 0\n  alias = \"vcdk\"", "min = \"0\"\n  alias = \"vcdk\""},
		edit{`alias = "vxong"`, `alias = "vcdk"`},
		edit{`required = false`, `required = "không"`},
		edit{`close_after = "72h"`, `close_after = "3d"`},
		edit{`parent = "dongthap"`, `parent = "dong_thap"`},
		edit{`value = 84.00`, `value = 184.00`},
		edit{`year_start = "10-01"`, "year_start = \"10-01\"\ncolor = 1"},
	)
	roster := strings.Replace(readFile(t, "../roster.example.csv"), "0912345678,Nguyễn Văn An,kv1,officer", "0912345678,Nguyễn Văn An,kv1,chief", 1)
	ps := problems(t, setup(t, text, roster))
	want := []string{"timezone", "language", "forms[0].fields[0].type", "forms[0].fields[0].min", "forms[0].fields[1].alias",
		"forms[0].fields[6].required", "forms[0].close_after", "units[1].parent", "targets[0].value", "color", "role"}
	for _, key := range want {
		found := false
		for _, p := range ps {
			found = found || p.Key == key
		}
		if !found {
			t.Errorf("no problem with key %q in:\n%v", key, ps)
		}
	}
	// Problems come in file order, then line order: the config, then the roster.
	for i := 1; i < len(ps); i++ {
		if ps[i-1].File == ps[i].File && ps[i-1].Line > ps[i].Line {
			t.Errorf("problems out of order: %v before %v", ps[i-1], ps[i])
		}
	}
	if last := ps[len(ps)-1]; !strings.HasSuffix(last.File, "roster.example.csv") {
		t.Errorf("last problem = %v; want the roster's", last)
	}
}

func TestProblemsError(t *testing.T) {
	ps := config.Problems{
		{File: "config.toml", Line: 12, Key: "forms[0].fields[2].type", Message: `"cout" is not one of count, money`},
		{File: "config.toml", Key: "units", Message: "at least one [[units]] is needed"},
		{File: "roster.csv", Line: 4, Key: "phone", Message: `"12345" is not a Vietnamese phone number`},
	}
	want := "config.toml:12: forms[0].fields[2].type: \"cout\" is not one of count, money\n" +
		"config.toml: units: at least one [[units]] is needed\n" +
		"roster.csv:4: phone: \"12345\" is not a Vietnamese phone number"
	if got := ps.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}
