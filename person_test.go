package fieldbot_test

import (
	"testing"

	"github.com/fieldbot/fieldbot"
)

func TestNormalizePhone(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0912 345 678", "0912345678"},
		{"+84912345678", "0912345678"},
		{"84912345678", "0912345678"},
		{"+84 912.345.678", "0912345678"},
		{"0084912345678", "0912345678"},
		{"912345678", "0912345678"},
		{"(028) 3822 1234", "02838221234"},
	} {
		if got, err := fieldbot.NormalizePhone(tt.in); err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "12345", "0912-abc-678", "+1 415 555 0100 12", "09123456789012"} {
		if got, err := fieldbot.NormalizePhone(bad); err == nil {
			t.Errorf("NormalizePhone(%q) = %q; want an error", bad, got)
		}
	}
}

func TestRosterLookupAnyForm(t *testing.T) {
	r, err := fieldbot.NewRoster([]fieldbot.Person{{Phone: "0912345678", Name: "Nguyễn Văn An", Unit: "kv1", Role: fieldbot.RoleOfficer}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"0912345678", "+84912345678", "84 912 345 678"} {
		if p, ok := r.Lookup(in); !ok || p.Name != "Nguyễn Văn An" {
			t.Errorf("Lookup(%q) = %v, %v", in, p, ok)
		}
	}
	if _, ok := r.Lookup("0987654321"); ok {
		t.Error("Lookup of a stranger succeeded")
	}
	if _, err := fieldbot.NewRoster([]fieldbot.Person{{Phone: "0912345678"}, {Phone: "0912345678"}}); err == nil {
		t.Error("NewRoster accepted a duplicate phone")
	}
}

func TestTree(t *testing.T) {
	tree, err := fieldbot.NewTree([]fieldbot.Unit{
		{ID: "dongthap"}, {ID: "kv1", Parent: "dongthap"}, {ID: "kv2", Parent: "dongthap"}, {ID: "to1", Parent: "kv1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := tree.Subtree("kv1"); len(got) != 2 || got[0] != "kv1" || got[1] != "to1" {
		t.Errorf("Subtree(kv1) = %v", got)
	}
	if !tree.Contains("dongthap", "to1") || tree.Contains("kv2", "to1") || !tree.Contains("kv1", "kv1") {
		t.Error("Contains is wrong")
	}
	if p := tree.Path("to1"); len(p) != 3 || p[0] != "dongthap" {
		t.Errorf("Path(to1) = %v", p)
	}
	for name, units := range map[string][]fieldbot.Unit{
		"two roots":      {{ID: "a"}, {ID: "b"}},
		"unknown parent": {{ID: "a"}, {ID: "b", Parent: "x"}},
		"cycle":          {{ID: "r"}, {ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}},
		"duplicate":      {{ID: "a"}, {ID: "a"}},
	} {
		if _, err := fieldbot.NewTree(units); err == nil {
			t.Errorf("NewTree(%s) accepted", name)
		}
	}
}

func TestTreeName(t *testing.T) {
	tree, err := fieldbot.NewTree([]fieldbot.Unit{{ID: "dongthap", Name: "Thi hành án dân sự tỉnh Đồng Tháp"}, {ID: "kv1", Parent: "dongthap"}})
	if err != nil {
		t.Fatal(err)
	}
	var none *fieldbot.Tree
	for _, c := range []struct {
		tree     *fieldbot.Tree
		id, want string
	}{
		{tree, "dongthap", "Thi hành án dân sự tỉnh Đồng Tháp"},
		{tree, "kv9", "kv9"}, // no such unit: its id
		{none, "kv1", "kv1"}, // no tree: the id
	} {
		if got := c.tree.Name(c.id); got != c.want {
			t.Errorf("Name(%q) = %q; want %q", c.id, got, c.want)
		}
	}
}
