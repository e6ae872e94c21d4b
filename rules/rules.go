// Package rules compiles and evaluates the arithmetic and comparisons that a
// config writes over field ids: form checks ("viec_xong <= viec_co_dieu_kien")
// and indicator formulas ("viec_xong + viec_dinh_chi"). It is the only
// importer of expr-lang/expr, and it allows only numbers, numeric field ids,
// + - * /, comparisons, and/or/not and parentheses: no functions, strings,
// members or conditionals, so a rule cannot do anything but compute.
//
// Values are float64. Integers are exact up to 2^53 (about 9 triệu tỷ
// đồng), far beyond any office's money figures (10^13 đồng), so sums and
// comparisons of counts and money are exact.
package rules

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/fieldbot/fieldbot"
)

// Kind is what an expression must produce.
type Kind int

const (
	Bool   Kind = iota // a check: true when the answers are consistent
	Number             // a formula: an indicator's numerator or denominator
)

func (k Kind) String() string {
	if k == Bool {
		return "a comparison (true or false)"
	}
	return "a number"
}

// Result is the value of an evaluated expression: Bool for a check,
// Number for a formula.
type Result struct {
	Bool   bool
	Number float64
}

// ErrDivisionByZero is returned by Eval when a divisor is 0.
var ErrDivisionByZero = errors.New("division by zero")

// Expr is a compiled expression. It is immutable and safe for concurrent use.
type Expr struct {
	src     string
	kind    Kind
	fields  []string
	program *vm.Program
}

// Compile parses src, checks that it uses only numeric fields among fields
// and only the allowed syntax, and type-checks it as want.
func Compile(src string, fields map[string]fieldbot.FieldType, want Kind) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("the expression is empty")
	}
	tree, err := parser.Parse(src)
	if err != nil {
		msg := firstLine(err.Error())
		if loneEquals.MatchString(src) {
			msg += ` (to compare, write == or <=, not =)`
		}
		return nil, fmt.Errorf("cannot parse %q: %s", src, msg)
	}
	c := &checker{fields: fields, used: map[string]bool{}}
	ast.Walk(&tree.Node, c)
	if err := c.err(); err != nil {
		return nil, fmt.Errorf("%q: %w", src, err)
	}
	env := make(map[string]float64, len(fields))
	for id, t := range fields {
		if t.Numeric() {
			env[id] = 0
		}
	}
	opts := []expr.Option{
		expr.Env(env),
		expr.DisableAllBuiltins(),
		expr.Function(divide, checkedDiv, new(func(float64, float64) float64)),
		expr.Patch(divisionPatcher{}),
	}
	if want == Bool {
		opts = append(opts, expr.AsBool())
	} else {
		opts = append(opts, expr.AsFloat64())
	}
	program, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, fmt.Errorf("%q must be %s: %s", src, want, firstLine(err.Error()))
	}
	used := make([]string, 0, len(c.used))
	for id := range c.used {
		used = append(used, id)
	}
	sort.Strings(used)
	return &Expr{src: src, kind: want, fields: used, program: program}, nil
}

// loneEquals finds "a = b", a common slip for "a == b".
var loneEquals = regexp.MustCompile(`(^|[^<>=!])=([^=]|$)`)

// Fields returns the field ids the expression reads, sorted.
func (e *Expr) Fields() []string { return e.fields }

// Source is the expression as written.
func (e *Expr) Source() string { return e.src }

// Ready reports whether every field the expression reads has a value, so a
// check can run as soon as its fields are answered.
func (e *Expr) Ready(vals map[string]float64) bool {
	for _, id := range e.fields {
		if _, ok := vals[id]; !ok {
			return false
		}
	}
	return true
}

// Eval computes the expression. A missing field counts as 0 (a skipped
// optional amount); use Ready to wait for answers. Dividing by zero, or a
// result that is not a finite number, is an error rather than ±Inf or NaN:
// a rate over nothing has no value, and a check over it proves nothing.
func (e *Expr) Eval(vals map[string]float64) (Result, error) {
	env := make(map[string]float64, len(e.fields))
	for _, id := range e.fields {
		env[id] = vals[id]
	}
	out, err := expr.Run(e.program, env)
	if errors.Is(err, ErrDivisionByZero) {
		return Result{}, fmt.Errorf("evaluate %q: %w", e.src, ErrDivisionByZero) // without expr's multi-line source excerpt
	} else if err != nil {
		return Result{}, fmt.Errorf("evaluate %q: %v", e.src, firstLine(err.Error()))
	}
	switch v := out.(type) {
	case bool:
		return Result{Bool: v}, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("evaluate %q: %v is not a finite number", e.src, v)
		}
		return Result{Number: v}, nil
	}
	return Result{}, fmt.Errorf("evaluate %q: unexpected result %T", e.src, out)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
