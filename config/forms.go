package config

import (
	"fmt"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

func (l *loader) forms(f *file, cfg *Config) {
	seen := map[string]bool{}
	for i, ff := range f.Forms {
		key := fmt.Sprintf("forms[%d]", i)
		if l.id(key+".id", ff.ID) && seen[ff.ID] {
			l.add(key+".id", "form %q is defined twice", ff.ID)
		}
		seen[ff.ID] = true
		form := fieldbot.Form{ID: ff.ID, Title: ff.Title, Period: fieldbot.PeriodKind(ff.Period)}
		if ff.Title == "" {
			l.add(key+".title", "form %q has no title", ff.ID)
		}
		if !form.Period.Valid() {
			l.add(key+".period", "%q is not one of week, month, year", ff.Period)
		}
		if ff.CloseAfter != "" {
			d, err := time.ParseDuration(ff.CloseAfter)
			if err != nil || d < 0 {
				l.add(key+".close_after", "%q is not a duration like \"72h\"", ff.CloseAfter)
			}
			form.CloseAfter = d
		}
		form.JumpFactor = ff.JumpFactor
		if ff.JumpFactor == 0 {
			form.JumpFactor = fieldbot.DefaultJumpFactor
		} else if ff.JumpFactor <= 1 {
			l.add(key+".jump_factor", "%v must be greater than 1", ff.JumpFactor)
		}
		if len(ff.Fields) == 0 {
			l.add(key+".fields", "form %q has no fields", ff.ID)
		}
		types := map[string]fieldbot.FieldType{}
		aliases := map[string]bool{}
		for j, fl := range ff.Fields {
			field := l.field(fmt.Sprintf("%s.fields[%d]", key, j), fl, types, aliases)
			form.Fields = append(form.Fields, field)
		}
		for id := range aliases {
			if _, clash := types[id]; clash {
				l.add(key+".fields", "alias %q is also a field id", id)
			}
		}
		for j, c := range ff.Checks {
			ck := fmt.Sprintf("%s.checks[%d]", key, j)
			expr, err := rules.Compile(c.Rule, types, rules.Bool)
			if err != nil {
				l.add(ck+".rule", "form %q: %v", ff.ID, err)
			}
			if c.Message == "" {
				l.add(ck+".message", "the check %q needs a message for the officer", c.Rule)
			}
			form.Checks = append(form.Checks, fieldbot.Check{Rule: c.Rule, Message: c.Message})
			cfg.Checks[ff.ID] = append(cfg.Checks[ff.ID], expr)
		}
		cfg.Forms = append(cfg.Forms, form)
	}
}

func (l *loader) field(key string, fl fieldFile, types map[string]fieldbot.FieldType, aliases map[string]bool) fieldbot.Field {
	field := fieldbot.Field{
		ID: fl.ID, Label: fl.Label, Type: fieldbot.FieldType(fl.Type), Aggregate: fieldbot.Aggregate(fl.Aggregate),
		Min: fl.Min, Max: fl.Max, Required: fl.Required == nil || *fl.Required, Help: fl.Help, Options: fl.Options, Alias: fl.Alias,
	}
	if l.id(key+".id", fl.ID) {
		if _, dup := types[fl.ID]; dup {
			l.add(key+".id", "field %q is defined twice in the form", fl.ID)
		}
	}
	if fl.Label == "" {
		l.add(key+".label", "field %q has no label", fl.ID)
	}
	if !field.Type.Valid() {
		l.add(key+".type", "%q is not one of count, money, number, percent, text, choice, date, yesno", fl.Type)
	}
	types[fl.ID] = field.Type
	switch {
	case field.Type.Numeric() && field.Aggregate != fieldbot.AggregateLast && field.Aggregate != fieldbot.AggregateSum:
		l.add(key+".aggregate", "numeric field %q needs aggregate = \"last\" (cumulative since the year start) or \"sum\" (per period); got %q", fl.ID, fl.Aggregate)
	case !field.Type.Numeric() && field.Type.Valid() && fl.Aggregate != "":
		l.add(key+".aggregate", "field %q is %s: only numeric fields aggregate", fl.ID, fl.Type)
	}
	if field.Type == fieldbot.FieldChoice && len(fl.Options) == 0 {
		l.add(key+".options", "choice field %q needs options", fl.ID)
	}
	if field.Type != fieldbot.FieldChoice && len(fl.Options) > 0 {
		l.add(key+".options", "only choice fields have options")
	}
	if fl.Min != nil && fl.Max != nil && *fl.Min > *fl.Max {
		l.add(key+".min", "min %v is greater than max %v", *fl.Min, *fl.Max)
	}
	if fl.Alias != "" {
		if l.id(key+".alias", fl.Alias) && aliases[fl.Alias] {
			l.add(key+".alias", "alias %q is used twice in the form", fl.Alias)
		}
		aliases[fl.Alias] = true
	}
	return field
}

func (l *loader) indicators(f *file, cfg *Config) {
	seen := map[string]bool{}
	for i, in := range f.Indicators {
		key := fmt.Sprintf("indicators[%d]", i)
		if l.id(key+".id", in.ID) && seen[in.ID] {
			l.add(key+".id", "indicator %q is defined twice", in.ID)
		}
		seen[in.ID] = true
		if in.Label == "" {
			l.add(key+".label", "indicator %q has no label", in.ID)
		}
		form, ok := l.indicatorForm(key, in.Form, in.Numerator, in.Denominator, cfg)
		if !ok {
			continue
		}
		types := map[string]fieldbot.FieldType{}
		for _, fl := range form.Fields {
			types[fl.ID] = fl.Type
		}
		num, err1 := rules.Compile(in.Numerator, types, rules.Number)
		if err1 != nil {
			l.add(key+".numerator", "indicator %q: %v", in.ID, err1)
		}
		den, err2 := rules.Compile(in.Denominator, types, rules.Number)
		if err2 != nil {
			l.add(key+".denominator", "indicator %q: %v", in.ID, err2)
		}
		cfg.Formulas[in.ID] = [2]*rules.Expr{num, den}
		cfg.Indicators = append(cfg.Indicators, fieldbot.Indicator{ID: in.ID, Label: in.Label, Form: form.ID, Numerator: in.Numerator, Denominator: in.Denominator})
	}
}

// indicatorForm finds the form an indicator reads: the named one, or the
// only form whose fields the formulas can all be compiled against.
func (l *loader) indicatorForm(key, name, num, den string, cfg *Config) (*fieldbot.Form, bool) {
	if name != "" {
		if f, ok := cfg.Form(name); ok {
			return f, true
		}
		l.add(key+".form", "unknown form %q", name)
		return nil, false
	}
	var found []*fieldbot.Form
	for i := range cfg.Forms {
		types := map[string]fieldbot.FieldType{}
		for _, fl := range cfg.Forms[i].Fields {
			types[fl.ID] = fl.Type
		}
		_, e1 := rules.Compile(num, types, rules.Number)
		_, e2 := rules.Compile(den, types, rules.Number)
		if e1 == nil && e2 == nil {
			found = append(found, &cfg.Forms[i])
		}
	}
	switch len(found) {
	case 1:
		return found[0], true
	case 0:
		l.add(key, "no single form has every field of %q and %q", num, den)
	default:
		l.add(key+".form", "several forms have these fields: name one with form = \"...\"")
	}
	return nil, false
}

func (l *loader) targets(f *file, cfg *Config) {
	known := map[string]bool{}
	for _, in := range cfg.Indicators {
		known[in.ID] = true
	}
	for i, t := range f.Targets {
		key := fmt.Sprintf("targets[%d]", i)
		if !known[t.Indicator] {
			l.add(key+".indicator", "unknown indicator %q", t.Indicator)
		}
		if cfg.Tree != nil {
			if _, ok := cfg.Tree.Unit(t.Unit); !ok {
				l.add(key+".unit", "unknown unit %q", t.Unit)
			}
		}
		if t.Year < 2000 || t.Year > 2100 {
			l.add(key+".year", "%d is not a statistical year", t.Year)
		}
		if t.Value == nil {
			l.add(key+".value", "a target needs a value (a percentage)")
			continue
		}
		if *t.Value < 0 || *t.Value > 100 {
			l.add(key+".value", "%v is not a percentage between 0 and 100", *t.Value)
		}
		for md, v := range t.Milestones {
			if _, err := fieldbot.ParseMonthDay(md); err != nil {
				l.add(key+".milestones", "%q is not MM-DD", md)
			}
			if v < 0 || v > 100 {
				l.add(key+".milestones", "%q = %v is not a percentage between 0 and 100", md, v)
			}
		}
		cfg.Targets = append(cfg.Targets, fieldbot.Target{Indicator: t.Indicator, Unit: t.Unit, Year: t.Year, Value: *t.Value, Milestones: t.Milestones})
	}
}
