package conversation

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldbot/fieldbot"
)

// A form can change under a half-filled answer sheet: the config is edited
// and the bot restarted while someone is at "Ghi chú", or the person moves
// to another unit. The state remembers the form's shape — its fields' ids
// and types in order — when it was opened; at the next input a state whose
// shape no longer matches is mended before anything else happens: answers
// are kept where the field still exists with the same type, the fields
// without an answer are asked again in the new order, and the person is
// told in one line. A form that no longer exists is dropped with a notice.

// shapeOf writes a form's fields as "id:type" in order.
func shapeOf(f fieldbot.Form) string {
	var b strings.Builder
	for i, fl := range f.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(fl.ID + ":" + string(fl.Type))
	}
	return b.String()
}

// parseShape reads shapeOf's output: field ids in order and their types.
func parseShape(s string) ([]string, map[string]fieldbot.FieldType) {
	var ids []string
	types := map[string]fieldbot.FieldType{}
	for _, part := range strings.Split(s, ",") {
		id, typ, _ := strings.Cut(part, ":")
		ids = append(ids, id)
		types[id] = fieldbot.FieldType(typ)
	}
	return ids, types
}

// mend brings a half-filled form in line with the current config and the
// person's current unit, says so, and reports whether it changed anything.
func (t *turn) mend() bool {
	st := t.st
	if st.Idle() || st.Step == StepPickForm || st.Step == StepImport {
		return false
	}
	f := t.form()
	if f == nil {
		*st = State{Seq: st.Seq + 1}
		t.say(fieldbot.Message{Text: t.p.HTML("report.form_gone"), ClearKeyboard: true})
		return true
	}
	shape := t.e.shapes[f.ID]
	changed := st.Shape != shape
	if changed && st.Shape == "" && fits(f, st) {
		changed = false // written by a version that kept no shape, and still fits
	}
	if changed {
		t.reshape(f, shape)
		t.sayKey("report.form_changed", "form", f.Title)
	}
	st.Shape = shape
	if unit := t.s.Person.Unit; st.Unit != unit {
		// Saved under the unit the person belongs to at confirmation, and
		// never without them seeing it first.
		st.Unit, st.Seq = unit, st.Seq+1
		if st.Step == StepPlausible || st.Step == StepPickField {
			st.Step, st.Pending = StepSummary, ""
		}
		t.sayKey("report.unit_changed", "unit", t.unitName(unit))
		changed = true
	}
	return changed
}

// reshape keeps the answers that still fit f and asks the fields without
// one, in f's order, then shows the summary.
func (t *turn) reshape(f *fieldbot.Form, shape string) {
	st := t.st
	var oldTypes map[string]fieldbot.FieldType
	if st.Shape != "" {
		_, oldTypes = parseShape(st.Shape)
	}
	kept := fieldbot.Answers{}
	for _, fl := range f.Fields {
		v, ok := st.Answers[fl.ID]
		switch {
		case !ok:
		case oldTypes != nil && oldTypes[fl.ID] != fl.Type:
		case oldTypes == nil && !validAnswer(fl, v):
		default:
			kept[fl.ID] = v
		}
	}
	*st = State{Seq: st.Seq + 1, Step: StepSummary, Form: f.ID, Period: st.Period, Unit: st.Unit, Answers: kept, Shape: shape}
	if i := nextGap(f, kept, -1); i >= 0 {
		st.Step, st.Field, st.Gaps = StepField, i, true
	}
}

// nextGap is the first field after index from without an answer, or -1.
func nextGap(f *fieldbot.Form, a fieldbot.Answers, from int) int {
	for i := from + 1; i < len(f.Fields); i++ {
		if _, ok := a[f.Fields[i].ID]; !ok {
			return i
		}
	}
	return -1
}

// fits reports whether a state written without a shape still fits f: the
// field it points at exists and every answer is a valid value of its field.
func fits(f *fieldbot.Form, st *State) bool {
	if (st.Step == StepField || st.Step == StepPlausible) && (st.Field < 0 || st.Field >= len(f.Fields)) {
		return false
	}
	for id, v := range st.Answers {
		fl, ok := fieldOf(f, id)
		if !ok || !validAnswer(fl, v) {
			return false
		}
	}
	return true
}

func fieldOf(f *fieldbot.Form, id string) (fieldbot.Field, bool) {
	for _, fl := range f.Fields {
		if fl.ID == id {
			return fl, true
		}
	}
	return fieldbot.Field{}, false
}

// validAnswer reports whether v is a canonical answer of fl's type (see
// fieldbot.Answers).
func validAnswer(fl fieldbot.Field, v string) bool {
	switch fl.Type {
	case fieldbot.FieldCount:
		n, err := strconv.ParseInt(v, 10, 64)
		return err == nil && n >= 0
	case fieldbot.FieldMoney:
		_, err := strconv.ParseInt(v, 10, 64)
		return err == nil
	case fieldbot.FieldNumber, fieldbot.FieldPercent:
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case fieldbot.FieldDate:
		_, err := time.Parse("2006-01-02", v)
		return err == nil
	case fieldbot.FieldYesNo:
		return v == "yes" || v == "no"
	case fieldbot.FieldChoice:
		return slices.Contains(fl.Options, v)
	}
	return v != ""
}
