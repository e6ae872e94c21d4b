package progress

import (
	"testing"

	"github.com/fieldbot/fieldbot"
)

// An import confirmed in chat changes who the officers are at once: a new
// officer is missing until they report, a moved one is counted in the new
// unit from their next report, a removed one is no longer expected.
func TestSetRosterReindexes(t *testing.T) {
	l := newTestLedger(t)
	w := week("02/12/2026")
	l.Add(sub(phA, "kv1", w, counts{cdk: 100, xong: 10, tiepDan: -1}))
	at := day("04/12/2026")

	roster, err := fieldbot.NewRoster(testPeople)
	if err != nil {
		t.Fatal(err)
	}
	var people []fieldbot.Person
	for _, p := range testPeople {
		switch p.Phone {
		case phB: // removed
			continue
		case phA: // moved to kv2
			p.Unit = "kv2"
		}
		people = append(people, p)
	}
	people = append(people, fieldbot.Person{Phone: "0900000009", Name: "Mới Vào", Unit: "kv1", Role: fieldbot.RoleOfficer})
	if err := roster.Replace(people); err != nil {
		t.Fatal(err)
	}
	l.SetRoster(roster)

	names := func(ps []fieldbot.Person) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			m[p.Name] = true
		}
		return m
	}
	missing := names(l.Missing("kv1", at))
	if !missing["Mới Vào"] || missing["Trần Thị B"] || missing["Nguyễn Văn A"] {
		t.Errorf("kv1 missing after the import = %v; want only the new officer", missing)
	}
	kv1, _ := l.Unit("kv1", at)
	if kv1.Reporters != 1 {
		t.Errorf("kv1 has %d reporters; want 1 (the new officer)", kv1.Reporters)
	}
	rows, err := l.Officers("kv2", at)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || r.Person.Phone == phA
	}
	if !found {
		t.Errorf("the moved officer is not among kv2's officers: %+v", rows)
	}
	// A's report for kv1 stays kv1's; his next one counts in kv2.
	l.Add(sub(phA, "kv2", week("09/12/2026"), counts{cdk: 50, xong: 25, tiepDan: -1}))
	kv2, _ := l.Unit("kv2", day("11/12/2026"))
	if f := kv2.Figures[0]; !f.HasData || f.Denominator != 50 {
		t.Errorf("kv2 after the moved officer's report: %+v", f)
	}
}

func TestSetTargets(t *testing.T) {
	l := newTestLedger(t, fieldbot.Target{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2027, Value: 80})
	l.Add(sub(phA, "kv1", week("02/12/2026"), counts{cdk: 100, xong: 10, tiepDan: -1}))
	next := []fieldbot.Target{
		{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2027, Value: 80},
		{Indicator: "ty_le_viec", Unit: "dongthap", Year: 2028, Value: 85},
	}
	l.SetTargets(next)
	if got := l.Targets(); len(got) != 2 {
		t.Fatalf("Targets() = %+v", got)
	}
	this, _ := l.Unit("kv1", day("04/12/2026"))
	if f := this.Figures[0]; f.Target != 80 {
		t.Errorf("this year's target = %v; want 80 as it was", f.Target)
	}
	l.Add(sub(phA, "kv1", week("05/10/2027"), counts{cdk: 100, xong: 1, tiepDan: -1}))
	after, _ := l.Unit("kv1", day("05/10/2027"))
	if f := after.Figures[0]; f.Target != 85 {
		t.Errorf("next year's target from 01/10 = %v; want 85", f.Target)
	}
}
