package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

var fields = map[string]fieldbot.FieldType{
	"viec_co_dieu_kien": fieldbot.FieldCount, "viec_xong": fieldbot.FieldCount, "viec_dinh_chi": fieldbot.FieldCount,
	"tien_co_dieu_kien": fieldbot.FieldMoney, "tien_xong": fieldbot.FieldMoney,
	"ty_le": fieldbot.FieldPercent, "he_so": fieldbot.FieldNumber,
	"ghi_chu": fieldbot.FieldText, "ket_qua": fieldbot.FieldChoice, "ngay": fieldbot.FieldDate, "xong": fieldbot.FieldYesNo,
}

func TestCompileAccepts(t *testing.T) {
	for _, tt := range []struct {
		src    string
		kind   rules.Kind
		fields string
	}{
		{"viec_xong + viec_dinh_chi <= viec_co_dieu_kien", rules.Bool, "viec_co_dieu_kien,viec_dinh_chi,viec_xong"},
		{"tien_xong <= tien_co_dieu_kien and not (ty_le > 100)", rules.Bool, "tien_co_dieu_kien,tien_xong,ty_le"},
		{"viec_xong >= 0 || he_so != 1.5", rules.Bool, "he_so,viec_xong"},
		{"tien_co_dieu_kien == 0 or tien_xong / tien_co_dieu_kien <= 1", rules.Bool, "tien_co_dieu_kien,tien_xong"},
		{"(viec_xong + viec_dinh_chi) / viec_co_dieu_kien * 100", rules.Number, "viec_co_dieu_kien,viec_dinh_chi,viec_xong"},
		{"tien_xong", rules.Number, "tien_xong"},
		{"-he_so / 2 / 4", rules.Number, "he_so"},
		{"100", rules.Number, ""},
	} {
		e, err := rules.Compile(tt.src, fields, tt.kind)
		if err != nil {
			t.Errorf("Compile(%q) = %v", tt.src, err)
			continue
		}
		if got := strings.Join(e.Fields(), ","); got != tt.fields {
			t.Errorf("Compile(%q).Fields() = %s; want %s", tt.src, got, tt.fields)
		}
		if e.Source() != tt.src {
			t.Errorf("Source() = %q; want %q", e.Source(), tt.src)
		}
	}
}

func TestCompileRejects(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kind rules.Kind
		want string
	}{
		{"viec_xong <= vcdk", rules.Bool, `unknown field "vcdk"`},
		{"ghi_chu == 1", rules.Bool, `field "ghi_chu" is text, not a number`},
		{"ket_qua > 0", rules.Bool, `field "ket_qua" is choice`},
		{"ngay > 0", rules.Bool, `field "ngay" is date`},
		{"xong == 1", rules.Bool, `field "xong" is yesno`},
		{"viec_xong + viec_dinh_chi", rules.Bool, "must be a comparison"},
		{"viec_xong <= viec_co_dieu_kien", rules.Number, "must be a number"},
		{"viec_xong and viec_dinh_chi", rules.Bool, "must be a comparison"},
		{"viec_xong <=", rules.Bool, "cannot parse"},
		{"viec_xong = viec_co_dieu_kien", rules.Bool, "write == or <="},
		{"", rules.Number, "empty"},
		{`len("abc") > 1`, rules.Bool, "functions such as len"},
		{`max(viec_xong, 1) > 1`, rules.Bool, "functions such as max"},
		{`tinh(viec_xong) > 1`, rules.Bool, "functions such as tinh"},
		{`"a" == "a"`, rules.Bool, `text such as "a"`},
		{`viec_xong % 2 == 0`, rules.Bool, `operator "%"`},
		{`viec_xong ** 2 > 0`, rules.Bool, `operator "**"`},
		{`viec_xong in [1, 2]`, rules.Bool, `operator "in"`},
		{`viec_xong > 0 ? true : false`, rules.Bool, "is not allowed"},
		{`viec_xong.a > 0`, rules.Bool, "is not allowed"},
		{`nil == viec_xong`, rules.Bool, "is not allowed"},
	} {
		_, err := rules.Compile(tt.src, fields, tt.kind)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%q) = %v; want an error containing %q", tt.src, err, tt.want)
		}
	}
}

func compile(t *testing.T, src string, kind rules.Kind) *rules.Expr {
	t.Helper()
	e, err := rules.Compile(src, fields, kind)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEvalCheck(t *testing.T) {
	check := compile(t, "viec_xong + viec_dinh_chi <= viec_co_dieu_kien", rules.Bool)
	vals := map[string]float64{"viec_xong": 6000, "viec_dinh_chi": 200}
	if check.Ready(vals) {
		t.Error("Ready with viec_co_dieu_kien missing = true; want false")
	}
	for _, tt := range []struct {
		cdk  float64
		want bool
	}{{6199, false}, {6200, true}, {7581, true}} {
		vals["viec_co_dieu_kien"] = tt.cdk
		if !check.Ready(vals) {
			t.Fatal("Ready with every field = false; want true")
		}
		if r, err := check.Eval(vals); err != nil || r.Bool != tt.want {
			t.Errorf("6000+200 <= %v = %v, %v; want %v", tt.cdk, r.Bool, err, tt.want)
		}
	}
}

func TestEvalFormula(t *testing.T) {
	rate := compile(t, "(viec_xong + viec_dinh_chi) / viec_co_dieu_kien * 100", rules.Number)
	r, err := rate.Eval(map[string]float64{"viec_xong": 6000, "viec_dinh_chi": 200, "viec_co_dieu_kien": 7581})
	if err != nil || r.Number < 81.78 || r.Number > 81.79 {
		t.Errorf("rate = %v, %v; want 81.78…", r.Number, err)
	}
	// A missing field counts as 0.
	if r, err := compile(t, "viec_xong + viec_dinh_chi", rules.Number).Eval(map[string]float64{"viec_xong": 5}); err != nil || r.Number != 5 {
		t.Errorf("5 + missing = %v, %v; want 5", r.Number, err)
	}
	if r, err := compile(t, "100", rules.Number).Eval(nil); err != nil || r.Number != 100 {
		t.Errorf("100 = %v, %v", r.Number, err)
	}
}

func TestEvalDivisionByZero(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kind rules.Kind
		vals map[string]float64
	}{
		{"(viec_xong + viec_dinh_chi) / viec_co_dieu_kien", rules.Number, map[string]float64{"viec_xong": 1}}, // +Inf
		{"viec_xong / viec_co_dieu_kien * 100", rules.Number, map[string]float64{}},                           // NaN
		{"-viec_xong / viec_co_dieu_kien", rules.Number, map[string]float64{"viec_xong": 3}},                  // -Inf
		{"tien_xong / tien_co_dieu_kien <= 1", rules.Bool, map[string]float64{"tien_xong": 5}},                // inside a check
		{"he_so * 1e308 * 10", rules.Number, map[string]float64{"he_so": 1}},                                  // overflow
		{"viec_xong / (viec_co_dieu_kien - viec_dinh_chi)", rules.Number, map[string]float64{"viec_xong": 1, "viec_co_dieu_kien": 2, "viec_dinh_chi": 2}},
	} {
		r, err := compile(t, tt.src, tt.kind).Eval(tt.vals)
		if err == nil {
			t.Errorf("Eval(%q, %v) = %+v; want an error", tt.src, tt.vals, r)
		}
	}
	_, err := compile(t, "viec_xong / viec_co_dieu_kien", rules.Number).Eval(map[string]float64{"viec_xong": 1})
	if !errors.Is(err, rules.ErrDivisionByZero) {
		t.Errorf("Eval(1/0) = %v; want ErrDivisionByZero", err)
	}
	// A guard short-circuits the division.
	guarded := compile(t, "tien_co_dieu_kien == 0 or tien_xong / tien_co_dieu_kien <= 1", rules.Bool)
	if r, err := guarded.Eval(map[string]float64{"tien_xong": 5}); err != nil || !r.Bool {
		t.Errorf("guarded division = %v, %v; want true", r.Bool, err)
	}
}

func TestEvalLargeMoney(t *testing.T) {
	// 10^13 đồng and more stay exact in float64 (integers below 2^53).
	check := compile(t, "tien_xong + 1 <= tien_co_dieu_kien", rules.Bool)
	vals := map[string]float64{"tien_xong": 4_699_999_999_999_998, "tien_co_dieu_kien": 4_699_999_999_999_999}
	if r, err := check.Eval(vals); err != nil || !r.Bool {
		t.Errorf("large money: %v, %v; want true", r.Bool, err)
	}
	vals["tien_xong"] = 4_699_999_999_999_999
	if r, err := check.Eval(vals); err != nil || r.Bool {
		t.Errorf("large money off by one: %v, %v; want false", r.Bool, err)
	}
}

func TestConcurrentEval(t *testing.T) {
	rate := compile(t, "viec_xong / viec_co_dieu_kien", rules.Number)
	done := make(chan bool)
	for i := range 8 {
		go func() {
			defer func() { done <- true }()
			for j := 1; j < 200; j++ {
				r, err := rate.Eval(map[string]float64{"viec_xong": float64(i * j), "viec_co_dieu_kien": float64(j)})
				if err != nil || r.Number != float64(i) {
					t.Errorf("Eval = %v, %v; want %d", r.Number, err, i)
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}
