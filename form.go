package fieldbot

import (
	"strconv"
	"time"
)

// FieldType says what an answer is and how it is typed in.
type FieldType string

const (
	FieldCount   FieldType = "count"   // non-negative integer
	FieldMoney   FieldType = "money"   // integer đồng
	FieldNumber  FieldType = "number"  // decimal
	FieldPercent FieldType = "percent" // decimal, 0–100 unless min/max say otherwise
	FieldText    FieldType = "text"
	FieldChoice  FieldType = "choice" // one of Options
	FieldDate    FieldType = "date"
	FieldYesNo   FieldType = "yesno"
)

// Numeric reports whether answers of this type take part in arithmetic.
func (t FieldType) Numeric() bool {
	switch t {
	case FieldCount, FieldMoney, FieldNumber, FieldPercent:
		return true
	}
	return false
}

// Valid reports whether t is a known field type.
func (t FieldType) Valid() bool {
	switch t {
	case FieldCount, FieldMoney, FieldNumber, FieldPercent, FieldText, FieldChoice, FieldDate, FieldYesNo:
		return true
	}
	return false
}

// Aggregate says how a numeric field adds up over people and periods.
type Aggregate string

const (
	// AggregateLast: a cumulative figure since the start of the statistical
	// year; a unit's value is the sum of each reporter's latest value.
	AggregateLast Aggregate = "last"
	// AggregateSum: an amount for the period itself; year to date is the sum.
	AggregateSum Aggregate = "sum"
)

// DefaultTextLength bounds free text when a field sets no max.
const DefaultTextLength = 500

// Field is one question of a form.
type Field struct {
	ID        string
	Label     string
	Type      FieldType
	Aggregate Aggregate
	Min, Max  *float64 // bounds for numeric fields; max length for text
	Required  bool
	Help      string
	Options   []string // choice fields
	Alias     string   // short key for quick entry ("vcdk")
}

// Check is a rule over the form's field ids that must hold before saving.
type Check struct {
	Rule    string
	Message string
}

// Form is a list of fields reported once per period.
type Form struct {
	ID         string
	Title      string
	Period     PeriodKind
	Fields     []Field
	Checks     []Check
	CloseAfter time.Duration // a period accepts reports until End+CloseAfter; 0 = never closes
	// JumpFactor: a cumulative ("last") answer more than this many times the
	// reporter's previous one is questioned before it is accepted.
	JumpFactor float64
}

// DefaultJumpFactor is used when a form sets no jump_factor.
const DefaultJumpFactor = 3.0

// Closes returns when reports for period p stop being accepted, and false
// when the form's periods never close.
func (f *Form) Closes(p Period) (time.Time, bool) {
	if f.CloseAfter <= 0 {
		return time.Time{}, false
	}
	return p.End.Add(f.CloseAfter), true
}

// Field returns the field with the given id.
func (f *Form) Field(id string) (Field, bool) {
	for _, fl := range f.Fields {
		if fl.ID == id {
			return fl, true
		}
	}
	return Field{}, false
}

// Answers holds a submission's values by field id, each in canonical form:
// count and money as a decimal integer ("470000000000"), number and percent
// as a Go float ("12.5"), date as "2006-01-02", yesno as "yes" or "no",
// choice as the option text, text as typed (NFC). A skipped optional field
// is absent.
type Answers map[string]string

// Int returns an integer answer (count, money).
func (a Answers) Int(id string) (int64, bool) {
	v, ok := a[id]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// Float returns any numeric answer as a float64.
func (a Answers) Float(id string) (float64, bool) {
	v, ok := a[id]
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// Clone returns a copy that can be changed without touching a.
func (a Answers) Clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}
