package config

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/rules"
)

func (l *loader) forms(f *file, cfg *Config) {
	seen := map[string]int{}
	for i, ff := range f.Forms {
		key := fmt.Sprintf("forms[%d]", i)
		l.uniqueID("forms", "form", i, ff.ID, seen)
		cfg.Forms = append(cfg.Forms, l.form(key, ff, cfg))
	}
}

func (l *loader) form(key string, ff formFile, cfg *Config) fieldbot.Form {
	form := fieldbot.Form{ID: ff.ID, Title: ff.Title, Period: fieldbot.PeriodKind(ff.Period), JumpFactor: fieldbot.DefaultJumpFactor}
	if strings.TrimSpace(ff.Title) == "" {
		l.add(key+".title", "form %q has no title", ff.ID)
	}
	if !form.Period.Valid() {
		l.add(key+".period", "%q is not one of week, month, year", ff.Period)
	}
	if ff.CloseAfter != "" {
		d, err := time.ParseDuration(ff.CloseAfter)
		if err != nil || d < 0 {
			l.add(key+".close_after", "%q is not a duration such as \"72h\" or \"36h30m\"", ff.CloseAfter)
		}
		form.CloseAfter = d
	}
	if ff.JumpFactor != nil {
		form.JumpFactor = *ff.JumpFactor
		if *ff.JumpFactor <= 1 {
			l.add(key+".jump_factor", "%v must be greater than 1", *ff.JumpFactor)
		}
	}
	if len(ff.Fields) == 0 {
		l.add(key+".fields", "form %q has no [[forms.fields]]", ff.ID)
	}
	types := map[string]fieldbot.FieldType{}
	aliases := map[string]string{} // alias → key of the field that has it
	for j, fl := range ff.Fields {
		fkey := fmt.Sprintf("%s.fields[%d]", key, j)
		if l.id(fkey+".id", fl.ID) {
			if _, dup := types[fl.ID]; dup {
				l.add(fkey+".id", "field %q is defined twice in form %q", fl.ID, ff.ID)
			}
			types[fl.ID] = ruleType(fieldbot.FieldType(fl.Type))
		}
		if fl.Alias != "" && l.id(fkey+".alias", fl.Alias) {
			if other, dup := aliases[fl.Alias]; dup {
				l.add(fkey+".alias", "alias %q is already used by %s", fl.Alias, other)
			}
			aliases[fl.Alias] = fkey
		}
		form.Fields = append(form.Fields, l.field(fkey, fl))
	}
	for j, fl := range ff.Fields {
		if _, clash := types[fl.Alias]; clash && fl.Alias != fl.ID {
			l.add(fmt.Sprintf("%s.fields[%d].alias", key, j), "alias %q is also the id of another field", fl.Alias)
		}
	}
	for j, c := range ff.Checks {
		ckey := fmt.Sprintf("%s.checks[%d]", key, j)
		expr, err := rules.Compile(c.Rule, types, rules.Bool)
		if err != nil {
			l.add(ckey+".rule", "%v", err)
		}
		if strings.TrimSpace(c.Message) == "" {
			l.add(ckey+".message", "missing: the message the officer sees when the check fails")
		}
		form.Checks = append(form.Checks, fieldbot.Check{Rule: c.Rule, Message: c.Message})
		cfg.Checks[ff.ID] = append(cfg.Checks[ff.ID], expr)
	}
	return form
}

func (l *loader) field(key string, fl fieldFile) fieldbot.Field {
	field := fieldbot.Field{
		ID: fl.ID, Label: fl.Label, Type: fieldbot.FieldType(fl.Type), Aggregate: fieldbot.Aggregate(fl.Aggregate),
		Min: fl.Min, Max: fl.Max, Required: fl.Required == nil || *fl.Required,
		Help: fl.Help, Options: fl.Options, Alias: fl.Alias,
	}
	if strings.TrimSpace(fl.Label) == "" {
		l.add(key+".label", "field %q has no label: the label is the question the officer sees", fl.ID)
	}
	t := field.Type
	if !t.Valid() {
		l.add(key+".type", "%q is not one of count, money, number, percent, text, choice, date, yesno", fl.Type)
		return field
	}
	switch {
	case t.Numeric() && field.Aggregate != fieldbot.AggregateLast && field.Aggregate != fieldbot.AggregateSum:
		got := "missing"
		if fl.Aggregate != "" {
			got = fmt.Sprintf("%q", fl.Aggregate)
		}
		l.add(key+".aggregate", "%s; a %s field needs aggregate = \"last\" (a cumulative figure since the year start) or \"sum\" (an amount for the period)", got, t)
	case !t.Numeric() && fl.Aggregate != "":
		l.add(key+".aggregate", "only numeric fields aggregate; %q is %s", fl.ID, t)
	}
	switch {
	case t == fieldbot.FieldChoice && len(fl.Options) == 0:
		l.add(key+".options", "choice field %q needs options = [\"...\", \"...\"]", fl.ID)
	case t != fieldbot.FieldChoice && fl.Options != nil:
		l.add(key+".options", "only choice fields have options; %q is %s", fl.ID, t)
	}
	seen := map[string]bool{}
	for i, o := range fl.Options {
		if strings.TrimSpace(o) == "" || seen[o] {
			l.add(fmt.Sprintf("%s.options[%d]", key, i), "option %q is empty or repeated", o)
		}
		seen[o] = true
	}
	l.bounds(key, fl, t)
	return field
}

// bounds checks min and max: limits for numbers, a maximum length for text,
// nothing for the other types.
func (l *loader) bounds(key string, fl fieldFile, t fieldbot.FieldType) {
	switch {
	case t.Numeric():
		if fl.Min != nil && fl.Max != nil && *fl.Min > *fl.Max {
			l.add(key+".min", "min %v is greater than max %v", *fl.Min, *fl.Max)
		}
		if t == fieldbot.FieldCount || t == fieldbot.FieldMoney {
			for _, b := range bounds(fl) {
				if *b.v < 0 {
					l.add(key+"."+b.name, "%v: a %s is never negative", *b.v, t)
				}
			}
		}
	case t == fieldbot.FieldText:
		if fl.Min != nil {
			l.add(key+".min", "a text field has only max (its maximum length)")
		}
		if fl.Max != nil && (*fl.Max < 1 || *fl.Max != math.Trunc(*fl.Max)) {
			l.add(key+".max", "%v is not a length of 1 or more characters", *fl.Max)
		}
	default:
		for _, b := range bounds(fl) {
			l.add(key+"."+b.name, "a %s field has no %s", t, b.name)
		}
	}
}

type bound struct {
	name string
	v    *float64
}

// bounds returns the bounds fl sets, min first.
func bounds(fl fieldFile) []bound {
	var out []bound
	if fl.Min != nil {
		out = append(out, bound{"min", fl.Min})
	}
	if fl.Max != nil {
		out = append(out, bound{"max", fl.Max})
	}
	return out
}

// ruleType is the type a rule sees for a field. A field whose type is
// invalid, already reported, counts as a number, so that checks and
// formulas over it do not report the same mistake again.
func ruleType(t fieldbot.FieldType) fieldbot.FieldType {
	if !t.Valid() {
		return fieldbot.FieldNumber
	}
	return t
}
