package config_test

import (
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/config"
)

// rosterProblem is a problem expected on a roster line.
type rosterProblem struct {
	line int
	key  string
	msg  string
}

func TestRosterProblems(t *testing.T) {
	example := readFile(t, "../config.example.toml")
	const header = "phone,name,unit,role,title\n"
	for _, tt := range []struct {
		name   string
		roster string
		want   []rosterProblem
	}{
		{"bad phone", header + "0912345678,Nguyễn Văn An,kv1,officer,\n12345,Sai Số,kv1,officer,\n0912abc678,Chữ Số,kv1,officer,\n",
			[]rosterProblem{{3, "phone", `"12345" is not a Vietnamese phone number`}, {4, "phone", `"0912abc678"`}}},
		{"same phone in three forms", header + "0912 345 678,Nguyễn Văn An,kv1,officer,\n+84912345678,Trùng Một,kv2,officer,\n84912345678,Trùng Hai,kv3,officer,\n",
			[]rosterProblem{{3, "phone", "same number as on line 2 (0912345678)"}, {4, "phone", "same number as on line 2"}}},
		{"unknown unit", header + "0912345678,Nguyễn Văn An,kv13,officer,\n", []rosterProblem{{2, "unit", `unknown unit "kv13"`}}},
		{"bad role", header + "0912345678,Nguyễn Văn An,kv1,chấp hành viên,\n", []rosterProblem{{2, "role", `"chấp hành viên" is not officer, leader or admin`}}},
		{"empty name", header + "0912345678, ,kv1,officer,\n", []rosterProblem{{2, "name", "empty"}}},
		{"name with a line break", header + "0912345678,\"Nguyễn\nVăn An\",kv1,officer,\n0987654321,Trần Thị Bích,kv1,leader,\n",
			[]rosterProblem{{2, "name", "line break"}}},
		{"admin below the root", header + "0903123456,Lê Minh Cường,kv1,admin,\n", []rosterProblem{{2, "unit", `root unit "dongthap"`}}},
		{"short row", header + "0912345678,Nguyễn Văn An\n", []rosterProblem{{2, "", "2 columns; the header has 5"}}},
		{"long row", header + "0912345678,Nguyễn Văn An,kv1,officer,Chấp hành viên,x\n", []rosterProblem{{2, "", "needs \"quotes\""}}},
		{"bare quote, then more rows", header + "0912345678,Nguyễn \"An\",kv1,officer,\n12,Sai,kv1,officer,\n",
			[]rosterProblem{{2, "", `bare "`}, {3, "phone", `"12"`}}},
		{"missing column", "phone,name,role\n0912345678,Nguyễn Văn An,officer\n", []rosterProblem{{1, "unit", `no "unit" column`}}},
		{"unknown column", "phone,name,unit,role,email\n0912345678,Nguyễn Văn An,kv1,officer,an@example.com\n", []rosterProblem{{1, "email", `unknown column "email"`}}},
		{"column twice", "phone,name,unit,role,Name\n0912345678,Nguyễn Văn An,kv1,officer,An\n", []rosterProblem{{1, "name", "appears twice"}}},
		{"nobody", header, []rosterProblem{{0, "", "nobody is in the roster"}}},
		{"empty file", "", []rosterProblem{{1, "", "the file is empty"}}},
		{"Excel's CSV in Windows-1258", header + "0912345678,Nguy\xea\xden V\xe3n An,kv1,officer,\r\n0987654321,Tr\xe2\xecn Th\xf2 B\xedch,kv1,leader,\r\n",
			[]rosterProblem{{2, "", `not UTF-8 text (nor is one more line): "0912345678,Nguy�n V�n An,kv1,officer,". It was probably saved by Excel as "CSV (Comma delimited)"`}}},
		{"one line not UTF-8", header + "0912345678,Nguyễn Văn An,kv1,officer,\n0987654321,Tr\xe2\xecn Th\xf2 B\xedch,kv1,leader,\n",
			[]rosterProblem{{3, "", `"CSV UTF-8 (Comma delimited) (*.csv)"`}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, setup(t, example, tt.roster))
			for _, w := range tt.want {
				found := false
				for _, p := range ps {
					found = found || (p.Line == w.line && p.Key == w.key && strings.Contains(p.Message, w.msg) && strings.HasSuffix(p.File, "roster.example.csv"))
				}
				if !found {
					t.Errorf("no problem on line %d, key %q, about %q in:\n%v", w.line, w.key, w.msg, ps)
				}
			}
			if len(ps) != len(tt.want) {
				t.Errorf("%d problems; want %d:\n%v", len(ps), len(tt.want), ps)
			}
		})
	}
}

func TestRosterEveryBadRowReported(t *testing.T) {
	roster := "\ufeffPhone,Name,Unit,Role,Title\n" + // BOM and capitalised header, as Excel saves it
		"0912 345 678,Nguyễn Văn An,kv1,officer,Chấp hành viên\n" +
		"+84912345678,Trùng Số,kv1,officer,\n" +
		"12345,Sai Số,kv1,officer,\n" +
		"0912000111,,kv1,officer,\n" +
		"0912000222,Đơn Vị Lạ,kv99,officer,\n" +
		"0912000333,Vai Trò Lạ,kv1,boss,\n"
	ps := problems(t, setup(t, readFile(t, "../config.example.toml"), roster))
	want := map[int]string{3: "phone", 4: "phone", 5: "name", 6: "unit", 7: "role"}
	for line, key := range want {
		found := false
		for _, p := range ps {
			found = found || (p.Line == line && p.Key == key)
		}
		if !found {
			t.Errorf("no problem on roster line %d about %s in:\n%v", line, key, ps)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems; want %d:\n%v", len(ps), len(want), ps)
	}
}

func TestRosterColumnsAnyOrder(t *testing.T) {
	// Decomposed Vietnamese (as some keyboards type it), title left out of
	// a short row, columns in another order, unit in capitals.
	decomposed := "Nguye\u0302\u0303n Va\u0306n An"
	roster := "ROLE, Unit ,name,phone,title\n" +
		"officer,KV1," + decomposed + ",0912.345.678\n" +
		"admin,dongthap,Lê Minh Cường,84903123456,Phó Trưởng Thi hành án dân sự tỉnh\n"
	cfg, err := config.Load(setup(t, readFile(t, "../config.example.toml"), roster), noenv)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cfg.Roster.Lookup("0912345678")
	if !ok || p.Name != "Nguyễn Văn An" || p.Unit != "kv1" || p.Role != fieldbot.RoleOfficer || p.Title != "" {
		t.Errorf("Lookup = %+v, %v; want Nguyễn Văn An (NFC), kv1, officer", p, ok)
	}
	if p, ok := cfg.Roster.Lookup("+84 903 123 456"); !ok || p.Phone != "0903123456" || p.Role != fieldbot.RoleAdmin {
		t.Errorf("Lookup admin = %+v, %v", p, ok)
	}
}

func TestRosterCheckedDespiteConfigProblems(t *testing.T) {
	text := strings.Replace(readFile(t, "../config.example.toml"), `parent = "dongthap"`, `parent = "nowhere"`, 1)
	roster := "phone,name,unit,role\n12,Sai Số,kv1,officer\n0912345678,Vai Trò Lạ,kv1,boss\n"
	ps := problems(t, setup(t, text, roster))
	var keys []string
	for _, p := range ps {
		keys = append(keys, p.Key)
	}
	// The units are broken, so roster units go unchecked; phones and roles are.
	if got := strings.Join(keys, " "); got != "units[1].parent phone role" {
		t.Errorf("problems = %s; want units[1].parent phone role:\n%v", got, ps)
	}
}
