package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
)

func noenv(string) string { return "" }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setup writes a config and a roster (roster.example.csv, the name the
// example uses) into a temp dir and returns the config's path.
func setup(t *testing.T, cfg, roster string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "roster.example.csv"), []byte(roster), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// problems loads path and returns its problems, failing if it loads.
func problems(t *testing.T, path string) config.Problems {
	t.Helper()
	cfg, err := config.Load(path, noenv)
	var ps config.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("Load = %v, %v; want Problems", cfg, err)
	}
	if cfg != nil {
		t.Errorf("Load returned a config along with problems")
	}
	return ps
}

func TestExampleLoads(t *testing.T) {
	cfg, err := config.Load("../config.example.toml", noenv)
	if err != nil {
		t.Fatalf("the example config has problems:\n%v", err)
	}
	if cfg.Tree.Root() != "dongthap" || len(cfg.Tree.Children("dongthap")) != 12 {
		t.Errorf("tree: root %q with %d sub-units; want dongthap with 12", cfg.Tree.Root(), len(cfg.Tree.Children("dongthap")))
	}
	if u, _ := cfg.Tree.Unit("kv12"); u.Name != "Phòng Thi hành án dân sự khu vực 12" {
		t.Errorf("kv12 = %+v", u)
	}
	f, ok := cfg.Form("weekly")
	if !ok || f.Title != "Báo cáo tiến độ tuần" || f.Period != fieldbot.PeriodWeek || f.CloseAfter != 72*time.Hour || len(f.Fields) != 8 {
		t.Fatalf("weekly = %+v, %v", f, ok)
	}
	if _, ok := cfg.Form("monthly"); ok {
		t.Error(`Form("monthly") found a form that does not exist`)
	}
	for _, fl := range f.Fields {
		if fl.Type.Numeric() && fl.Aggregate == "" {
			t.Errorf("numeric field %s has no aggregate", fl.ID)
		}
		if !norm.NFC.IsNormalString(fl.Label) {
			t.Errorf("label %q is not NFC", fl.Label)
		}
	}
	if fl := f.Fields[0]; fl.ID != "viec_co_dieu_kien" || fl.Alias != "vcdk" || !fl.Required || fl.Label != "Số việc có điều kiện thi hành (lũy kế từ 01/10)" {
		t.Errorf("first field = %+v", fl)
	}
	if fl := f.Fields[6]; fl.ID != "tiep_dan" || fl.Required || fl.Aggregate != fieldbot.AggregateSum {
		t.Errorf("tiep_dan = %+v", fl)
	}
	if fl := f.Fields[7]; fl.Type != fieldbot.FieldText || fl.Max == nil || *fl.Max != 500 || fl.Required {
		t.Errorf("ghi_chu = %+v", fl)
	}
	if len(f.Checks) != 2 || len(cfg.Checks["weekly"]) != 2 || cfg.Checks["weekly"][1].Source() != f.Checks[1].Rule {
		t.Errorf("checks = %+v / %v", f.Checks, cfg.Checks["weekly"])
	}
	if len(cfg.Indicators) != 2 || cfg.Indicators[1].Form != "weekly" {
		t.Errorf("indicators = %+v; want ty_le_tien's form inferred", cfg.Indicators)
	}
	if fs := cfg.Formulas["ty_le_tien"]; fs[0].Source() != "tien_xong" || fs[1].Source() != "tien_co_dieu_kien" {
		t.Errorf("ty_le_tien formulas = %v", fs)
	}
	if len(cfg.Targets) < 4 || cfg.Targets[0].Value != 84 || cfg.Targets[0].Milestones["03-31"] != 42 {
		t.Errorf("targets = %+v", cfg.Targets)
	}
	if cfg.Calendar.Location.String() != "Asia/Ho_Chi_Minh" || cfg.Calendar.YearStart != (fieldbot.MonthDay{Month: time.October, Day: 1}) {
		t.Errorf("calendar = %+v", cfg.Calendar)
	}
	if cfg.Language != "vi" || cfg.Telegram.APIURL != "https://api.telegram.org" || cfg.HTTP.Listen != "127.0.0.1:8080" || cfg.Telegram.Token != "" {
		t.Errorf("settings = %q %q %q %q", cfg.Language, cfg.Telegram.APIURL, cfg.HTTP.Listen, cfg.Telegram.Token)
	}
	if cfg.Digest.Schedule != "0 17 * * FRI" || cfg.Reminders.Schedule != "0 9 * * THU" || cfg.IdleTimeout != 24*time.Hour {
		t.Errorf("schedules = %+v %+v %v", cfg.Digest, cfg.Reminders, cfg.IdleTimeout)
	}
	abs, _ := filepath.Abs("..")
	if cfg.Path != filepath.Join(abs, "config.example.toml") || cfg.DataDir != filepath.Join(abs, "data") || cfg.RosterPath != filepath.Join(abs, "roster.example.csv") {
		t.Errorf("paths = %s %s %s", cfg.Path, cfg.DataDir, cfg.RosterPath)
	}
}

func TestExampleRoster(t *testing.T) {
	cfg, err := config.Load("../config.example.toml", noenv)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cfg.Roster.People()); n < 35 {
		t.Errorf("the example roster has %d people; want about 40", n)
	}
	for _, tt := range []struct {
		phone, name, unit string
		role              fieldbot.Role
	}{
		{"+84912345678", "Nguyễn Văn An", "kv1", fieldbot.RoleOfficer},
		{"0987 654 321", "Trần Thị Bích", "kv1", fieldbot.RoleLeader},
		{"84903123456", "Lê Minh Cường", "dongthap", fieldbot.RoleAdmin},
	} {
		p, ok := cfg.Roster.Lookup(tt.phone)
		if !ok || p.Name != tt.name || p.Unit != tt.unit || p.Role != tt.role {
			t.Errorf("Lookup(%s) = %+v, %v; want %s, %s, %s", tt.phone, p, ok, tt.name, tt.unit, tt.role)
		}
	}
	var firstKV1 fieldbot.Person
	for _, p := range cfg.Roster.InUnits([]string{"kv1"}) {
		if p.Role == fieldbot.RoleOfficer {
			firstKV1 = p
			break
		}
	}
	if firstKV1.Name != "Nguyễn Văn An" {
		t.Errorf("first officer of kv1 = %+v; want Nguyễn Văn An", firstKV1)
	}
	officers := map[string]int{}
	for _, p := range cfg.Roster.People() {
		if p.Role == fieldbot.RoleOfficer {
			officers[p.Unit]++
		}
		if p.Title == "" || !norm.NFC.IsNormalString(p.Name) {
			t.Errorf("person %+v: no title or name not NFC", p)
		}
	}
	for _, u := range []string{"kv1", "kv2", "kv3", "kv4"} {
		if officers[u] < 2 {
			t.Errorf("%s has %d officers; want 2 or 3", u, officers[u])
		}
	}
}

func TestTokenFromEnvironment(t *testing.T) {
	text := strings.Replace(readFile(t, "../config.example.toml"), `token = ""`, `token = "111:from-file"`, 1)
	path := setup(t, text, readFile(t, "../roster.example.csv"))
	for _, tt := range []struct{ env, want string }{
		{"", "111:from-file"},
		{"222:from-env", "222:from-env"},
		{"333:from-a-file\n", "333:from-a-file"},
	} {
		cfg, err := config.Load(path, func(k string) string {
			if k == "FIELDBOT_TELEGRAM_TOKEN" {
				return tt.env
			}
			return ""
		})
		if err != nil || cfg.Telegram.Token != tt.want {
			t.Errorf("with FIELDBOT_TELEGRAM_TOKEN=%q: token = %q, %v; want %q", tt.env, cfg.Telegram.Token, err, tt.want)
		}
	}
}

const minimal = `
[[units]]
id = "tinh"
name = "Thi hành án dân sự tỉnh"

[[forms]]
id = "thang"
title = "Báo cáo tháng"
period = "month"

  [[forms.fields]]
  id = "so_viec"
  label = "Số việc"
  type = "count"
  aggregate = "sum"
`

func TestTokenNeverInProblems(t *testing.T) {
	text := strings.Replace(readFile(t, "../config.example.toml"), `token = ""`, `token = 987654321`, 1)
	ps := problems(t, setup(t, text, readFile(t, "../roster.example.csv")))
	if len(ps) != 1 || ps[0].Key != "telegram.token" || strings.Contains(ps.Error(), "987654321") {
		t.Errorf("problems = %v; want one about telegram.token without its value", ps)
	}
}

func TestDefaults(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte(minimal), 0o600)
	os.WriteFile(filepath.Join(dir, "roster.csv"), []byte("phone,name,unit,role\n0912345678,Nguyễn Văn An,tinh,admin\n"), 0o600)
	cfg, err := config.Load(path, noenv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != filepath.Join(dir, "data") || cfg.RosterPath != filepath.Join(dir, "roster.csv") {
		t.Errorf("paths = %s %s", cfg.DataDir, cfg.RosterPath)
	}
	if cfg.Timezone != "Asia/Ho_Chi_Minh" || cfg.Calendar.Location.String() != "Asia/Ho_Chi_Minh" || cfg.Calendar.YearStart.String() != "10-01" {
		t.Errorf("calendar = %s %+v", cfg.Timezone, cfg.Calendar)
	}
	if cfg.Language != "vi" || cfg.Telegram.APIURL != "https://api.telegram.org" || cfg.HTTP.Listen != "127.0.0.1:8080" || cfg.IdleTimeout != 24*time.Hour {
		t.Errorf("defaults = %q %q %q %v", cfg.Language, cfg.Telegram.APIURL, cfg.HTTP.Listen, cfg.IdleTimeout)
	}
	f := cfg.Forms[0]
	if !f.Fields[0].Required || f.CloseAfter != 0 || f.JumpFactor != fieldbot.DefaultJumpFactor {
		t.Errorf("form defaults = %+v", f)
	}
	if cfg.Log.Format != "text" {
		t.Errorf("log format = %q; want text", cfg.Log.Format)
	}
	if cfg.Digest.Schedule != "" || cfg.Reminders.Schedule != "" || len(cfg.Indicators) != 0 || len(cfg.Checks["thang"]) != 0 {
		t.Errorf("optional parts = %+v %+v %v", cfg.Digest, cfg.Reminders, cfg.Indicators)
	}
}

func TestRelativePaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "etc")
	os.MkdirAll(filepath.Join(sub, "people"), 0o700)
	text := `data_dir = "../var/fieldbot"` + "\n" + `roster = "people/ds.csv"` + "\n" + minimal
	os.WriteFile(filepath.Join(sub, "config.toml"), []byte(text), 0o600)
	os.WriteFile(filepath.Join(sub, "people", "ds.csv"), []byte("phone,name,unit,role\n0912345678,An,tinh,admin\n"), 0o600)
	t.Chdir(dir) // the config is named relative to the working directory; its paths are not
	cfg, err := config.Load("etc/config.toml", noenv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != filepath.Join(sub, "config.toml") || cfg.DataDir != filepath.Join(dir, "var", "fieldbot") || cfg.RosterPath != filepath.Join(sub, "people", "ds.csv") {
		t.Errorf("paths = %s %s %s", cfg.Path, cfg.DataDir, cfg.RosterPath)
	}
	abs := filepath.Join(dir, "elsewhere")
	os.WriteFile(filepath.Join(sub, "config.toml"), []byte(`data_dir = "`+abs+`"`+"\n"+`roster = "people/ds.csv"`+"\n"+minimal), 0o600)
	if cfg, err := config.Load("etc/config.toml", noenv); err != nil || cfg.DataDir != abs {
		t.Errorf("absolute data_dir = %v, %v; want %s", cfg, err, abs)
	}
}

func TestByteOrderMark(t *testing.T) {
	path := setup(t, "\ufeff"+readFile(t, "../config.example.toml"), "\ufeff"+readFile(t, "../roster.example.csv"))
	if _, err := config.Load(path, noenv); err != nil {
		t.Errorf("a BOM in the files: %v", err)
	}
}

func TestMissingFiles(t *testing.T) {
	ps := problems(t, filepath.Join(t.TempDir(), "nope.toml"))
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "cannot read") {
		t.Errorf("missing config = %v", ps)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte(minimal), 0o600)
	ps = problems(t, filepath.Join(dir, "config.toml"))
	if len(ps) != 1 || !strings.HasSuffix(ps[0].File, "roster.csv") || !strings.Contains(ps[0].Message, "cannot read the roster") {
		t.Errorf("missing roster = %v", ps)
	}
}

func TestSyntaxErrorHasLine(t *testing.T) {
	text := strings.Replace(readFile(t, "../config.example.toml"), `language = "vi"`, `language = "vi`, 1)
	ps := problems(t, setup(t, text, readFile(t, "../roster.example.csv")))
	if len(ps) != 1 || ps[0].Line != lineOf(t, text, `language = "vi`) || !strings.Contains(ps[0].Message, "TOML syntax") {
		t.Errorf("syntax error = %v; want one problem on the line of language", ps)
	}
	text = readFile(t, "../config.example.toml") + "\n[http]\nlisten = \":9090\"\n"
	ps = problems(t, setup(t, text, readFile(t, "../roster.example.csv")))
	if len(ps) != 1 || ps[0].Line == 0 || !strings.Contains(ps[0].String(), "http") {
		t.Errorf("table defined twice = %v", ps)
	}
}
