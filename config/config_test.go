package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot/config"
)

func noenv(string) string { return "" }

func TestExampleLoads(t *testing.T) {
	cfg, err := config.Load("../config.example.toml", noenv)
	if err != nil {
		t.Fatalf("the example config has problems:\n%v", err)
	}
	if n := len(cfg.Tree.Children("dongthap")); n != 12 {
		t.Errorf("dongthap has %d sub-units; want 12", n)
	}
	if p, ok := cfg.Roster.Lookup("+84912345678"); !ok || p.Name != "Nguyễn Văn An" || p.Unit != "kv1" {
		t.Errorf("roster lookup = %+v, %v", p, ok)
	}
	f, ok := cfg.Form("weekly")
	if !ok || len(f.Fields) != 8 || len(cfg.Checks["weekly"]) != 2 || f.CloseAfter.Hours() != 72 {
		t.Fatalf("weekly form = %+v", f)
	}
	if f.Fields[6].Required || !f.Fields[0].Required {
		t.Error("required defaults are wrong")
	}
	if cfg.Indicators[0].Form != "weekly" || cfg.Formulas["ty_le_viec"][1] == nil {
		t.Errorf("indicator form not inferred: %+v", cfg.Indicators[0])
	}
	if !filepath.IsAbs(cfg.DataDir) || !strings.HasSuffix(cfg.RosterPath, "roster.example.csv") {
		t.Errorf("paths not resolved: %s %s", cfg.DataDir, cfg.RosterPath)
	}
	if cfg.Calendar.Location.String() != "Asia/Ho_Chi_Minh" || cfg.Calendar.YearStart.String() != "10-01" {
		t.Errorf("calendar = %+v", cfg.Calendar)
	}
}

func TestTokenFromEnvironment(t *testing.T) {
	cfg, err := config.Load("../config.example.toml", func(k string) string {
		if k == "FIELDBOT_TELEGRAM_TOKEN" {
			return "123:abc"
		}
		return ""
	})
	if err != nil || cfg.Telegram.Token != "123:abc" {
		t.Errorf("token = %q, %v", cfg.Telegram.Token, err)
	}
}

// write copies the example into a temp dir with edits applied.
func write(t *testing.T, edit func(string) string, roster string) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(edit(string(data))), 0o600); err != nil {
		t.Fatal(err)
	}
	if roster == "" {
		b, _ := os.ReadFile("../roster.example.csv")
		roster = string(b)
	}
	os.WriteFile(filepath.Join(dir, "roster.example.csv"), []byte(roster), 0o600)
	return filepath.Join(dir, "config.toml")
}

func problems(t *testing.T, path string) config.Problems {
	t.Helper()
	_, err := config.Load(path, noenv)
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load = %v; want Problems", err)
	}
	return ps
}

func TestProblemsNameTheirKey(t *testing.T) {
	for _, tt := range []struct {
		name, old, new, key string
	}{
		{"field type", `type = "money"`, `type = "monee"`, "forms[0].fields[3].type"},
		{"unknown key", `year_start = "10-01"`, `year_start = "10-01"` + "\ncolour = 1", "colour"},
		{"timezone", `timezone = "Asia/Ho_Chi_Minh"`, `timezone = "Asia/Hanoi_City"`, "timezone"},
		{"language", `language = "vi"`, `language = "fr"`, "language"},
		{"year start", `year_start = "10-01"`, `year_start = "13-01"`, "year_start"},
		{"rule", `rule = "viec_xong + viec_dinh_chi <= viec_co_dieu_kien"`, `rule = "viec_xong <= vcdk"`, "forms[0].checks[0].rule"},
		{"target unit", `unit = "kv1"` + "\nyear", `unit = "kv13"` + "\nyear", "targets[2].unit"},
		{"target value", `value = 84.00`, `value = 184.00`, "targets[0].value"},
		{"milestone", `"12-31" = 25.0`, `"12-32" = 25.0`, "targets[0].milestones"},
		{"unit parent", `parent = "dongthap"`, `parent = "dong_thap"`, "units"},
		{"unit id", `id = "kv12"`, `id = "KV12"`, "units[12].id"},
		{"aggregate", `aggregate = "sum"`, `aggregate = "total"`, "forms[0].fields[6].aggregate"},
		{"close_after", `close_after = "72h"`, `close_after = "3 ngày"`, "forms[0].close_after"},
		{"api_url", `api_url = "https://api.telegram.org"`, `api_url = "api.telegram.org"`, "telegram.api_url"},
		{"listen", `listen = "127.0.0.1:8080"`, `listen = "8080"`, "http.listen"},
		{"alias", `alias = "vxong"`, `alias = "vcdk"`, "forms[0].fields[1].alias"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, func(s string) string { return strings.Replace(s, tt.old, tt.new, 1) }, "")
			ps := problems(t, path)
			for _, p := range ps {
				if p.Key == tt.key {
					if p.Line == 0 && tt.key != "units" {
						t.Errorf("problem %q has no line", p)
					}
					return
				}
			}
			t.Errorf("no problem with key %q in:\n%v", tt.key, ps)
		})
	}
}

func TestSyntaxErrorHasLine(t *testing.T) {
	path := write(t, func(s string) string { return strings.Replace(s, `language = "vi"`, `language = "vi`, 1) }, "")
	ps := problems(t, path)
	if len(ps) != 1 || ps[0].Line != 8 {
		t.Errorf("syntax error = %v; want one problem on line 8", ps)
	}
}

func TestRosterProblemsAllReported(t *testing.T) {
	roster := "\ufeffPhone,Name,Unit,Role,Title\n" +
		"0912 345 678,Nguyễn Văn An,kv1,officer,\n" +
		"+84912345678,Trùng Số,kv1,officer,\n" +
		"12345,Sai Số,kv1,officer,\n" +
		"0912000111,,kv1,officer,\n" +
		"0912000222,Đơn Vị Lạ,kv99,officer,\n" +
		"0912000333,Vai Trò Lạ,kv1,boss,\n"
	ps := problems(t, write(t, func(s string) string { return s }, roster))
	want := map[int]string{3: "line 2", 4: "phone", 5: "name", 6: "unit", 7: "role"}
	for line, what := range want {
		found := false
		for _, p := range ps {
			if p.Line == line && (p.Key == what || strings.Contains(p.Message, what)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem on roster line %d about %s in:\n%v", line, what, ps)
		}
	}
}
