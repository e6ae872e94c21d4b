package rules_test

import (
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

var fields = map[string]fieldbot.FieldType{
	"viec_co_dieu_kien": fieldbot.FieldCount, "viec_xong": fieldbot.FieldCount, "viec_dinh_chi": fieldbot.FieldCount,
	"tien_xong": fieldbot.FieldMoney, "ghi_chu": fieldbot.FieldText,
}

func TestCompileRejects(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kind rules.Kind
		want string
	}{
		{"viec_xong <= vcdk", rules.Bool, `unknown field "vcdk"`},
		{"ghi_chu == 1", rules.Bool, `"ghi_chu" is text`},
		{"viec_xong + viec_dinh_chi", rules.Bool, "must be a comparison"},
		{"viec_xong <= viec_co_dieu_kien", rules.Number, "must be a number"},
		{"viec_xong <=", rules.Bool, "cannot parse"},
		{`len("abc") > 1`, rules.Bool, "only numbers"},
		{`"a" == "a"`, rules.Bool, "only numbers"},
	} {
		_, err := rules.Compile(tt.src, fields, tt.kind)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%q) = %v; want an error containing %q", tt.src, err, tt.want)
		}
	}
}

func TestEval(t *testing.T) {
	check, err := rules.Compile("viec_xong + viec_dinh_chi <= viec_co_dieu_kien", fields, rules.Bool)
	if err != nil {
		t.Fatal(err)
	}
	if got := check.Fields(); strings.Join(got, ",") != "viec_co_dieu_kien,viec_dinh_chi,viec_xong" {
		t.Errorf("Fields = %v", got)
	}
	vals := map[string]float64{"viec_xong": 6000, "viec_dinh_chi": 200}
	if check.Ready(vals) {
		t.Error("Ready with a field missing")
	}
	vals["viec_co_dieu_kien"] = 6199
	if r, err := check.Eval(vals); err != nil || r.Bool {
		t.Errorf("6000+200 <= 6199 = %v, %v", r, err)
	}
	vals["viec_co_dieu_kien"] = 7581
	if r, err := check.Eval(vals); err != nil || !r.Bool {
		t.Errorf("6000+200 <= 7581 = %v, %v", r, err)
	}
	rate, err := rules.Compile("(viec_xong + viec_dinh_chi) / viec_co_dieu_kien * 100", fields, rules.Number)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := rate.Eval(vals); err != nil || r.Number < 81.78 || r.Number > 81.79 {
		t.Errorf("rate = %v, %v", r, err)
	}
	if _, err := rate.Eval(map[string]float64{"viec_xong": 1}); err == nil {
		t.Error("division by zero gave no error")
	}
	big, _ := rules.Compile("tien_xong <= 470000000000000", fields, rules.Bool)
	if r, _ := big.Eval(map[string]float64{"tien_xong": 469999999999999}); !r.Bool {
		t.Error("large money compares wrongly")
	}
}
