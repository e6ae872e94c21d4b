package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

func (l *loader) indicators(f *file, cfg *Config) {
	seen := map[string]int{}
	for i, in := range f.Indicators {
		key := fmt.Sprintf("indicators[%d]", i)
		l.uniqueID("indicators", "indicator", i, in.ID, seen)
		if strings.TrimSpace(in.Label) == "" {
			l.add(key+".label", "indicator %q has no label", in.ID)
		}
		form := l.indicatorForm(key, in, cfg.Forms)
		if form == nil {
			continue
		}
		types := fieldTypes(form.Fields)
		num, err := rules.Compile(in.Numerator, types, rules.Number)
		if err != nil {
			l.add(key+".numerator", "%v", err)
		}
		den, err := rules.Compile(in.Denominator, types, rules.Number)
		if err != nil {
			l.add(key+".denominator", "%v", err)
		}
		cfg.Formulas[in.ID] = [2]*rules.Expr{num, den}
		cfg.Indicators = append(cfg.Indicators, fieldbot.Indicator{
			ID: in.ID, Label: in.Label, Form: form.ID, Numerator: in.Numerator, Denominator: in.Denominator,
		})
	}
}

// indicatorForm returns the form an indicator reads: the one it names, or
// else the only form that has every field its formulas use. An indicator
// over the fields of two forms has no single period to compute it in.
func (l *loader) indicatorForm(key string, in indicatorFile, forms []fieldbot.Form) *fieldbot.Form {
	if in.Form != "" {
		for i := range forms {
			if forms[i].ID == in.Form {
				return &forms[i]
			}
		}
		l.add(key+".form", "unknown form %q", in.Form)
		return nil
	}
	// Compile against every form's fields at once to learn which fields the
	// formulas use, and to report an unknown field or bad syntax once.
	all := map[string]fieldbot.FieldType{}
	owners := map[string][]string{}
	for _, f := range forms {
		for _, fl := range f.Fields {
			all[fl.ID] = ruleType(fl.Type)
			owners[fl.ID] = append(owners[fl.ID], f.ID)
		}
	}
	var used []string
	for _, part := range []struct{ name, src string }{{"numerator", in.Numerator}, {"denominator", in.Denominator}} {
		e, err := rules.Compile(part.src, all, rules.Number)
		if err != nil {
			l.add(key+"."+part.name, "%v", err)
			return nil
		}
		used = append(used, e.Fields()...)
	}
	var candidates []*fieldbot.Form
	for i := range forms {
		if hasAll(forms[i].Fields, used) {
			candidates = append(candidates, &forms[i])
		}
	}
	switch len(candidates) {
	case 1:
		return candidates[0]
	case 0:
		var where []string
		for _, id := range uniq(used) {
			where = append(where, fmt.Sprintf("%s (%s)", id, strings.Join(owners[id], ", ")))
		}
		l.add(key, "no single form has every field of the formulas: %s; an indicator reads one form", strings.Join(where, ", "))
	default:
		var ids []string
		for _, f := range candidates {
			ids = append(ids, f.ID)
		}
		l.add(key+".form", "missing: forms %s all have these fields; name one with form = %q", strings.Join(ids, ", "), ids[0])
	}
	return nil
}

func fieldTypes(fields []fieldbot.Field) map[string]fieldbot.FieldType {
	m := make(map[string]fieldbot.FieldType, len(fields))
	for _, f := range fields {
		m[f.ID] = ruleType(f.Type)
	}
	return m
}

func hasAll(fields []fieldbot.Field, ids []string) bool {
	types := fieldTypes(fields)
	for _, id := range ids {
		if _, ok := types[id]; !ok {
			return false
		}
	}
	return true
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
