// Package rules compiles and evaluates the arithmetic and comparisons that a
// config writes over field ids: form checks ("viec_xong <= viec_co_dieu_kien")
// and indicator formulas ("viec_xong + viec_dinh_chi"). It is the only
// importer of expr-lang/expr, and it allows only numbers, numeric field ids,
// arithmetic, comparisons and logic: no functions, strings or members.
package rules

import (
	"fmt"
	"math"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/fieldbot/fieldbot"
)

// Kind is what an expression must produce.
type Kind int

const (
	Bool   Kind = iota // a check
	Number             // a formula
)

// Result is the value of an evaluated expression.
type Result struct {
	Bool   bool
	Number float64
}

// Expr is a compiled expression. Values are float64: money up to 2^53 đồng
// (9 triệu tỷ) is exact, far beyond any office's figures.
type Expr struct {
	src     string
	kind    Kind
	fields  []string
	program *vm.Program
}

// Compile parses src, checks that it uses only numeric fields of the form
// and only allowed syntax, and type-checks it as a boolean or a number.
func Compile(src string, fields map[string]fieldbot.FieldType, want Kind) (*Expr, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("cannot parse %q: %v", src, firstLine(err.Error()))
	}
	v := &checker{fields: fields, used: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	if v.err != nil {
		return nil, v.err
	}
	env := map[string]float64{}
	for id, t := range fields {
		if t.Numeric() {
			env[id] = 0
		}
	}
	opts := []expr.Option{expr.Env(env), expr.DisableAllBuiltins()}
	if want == Bool {
		opts = append(opts, expr.AsBool())
	} else {
		opts = append(opts, expr.AsFloat64())
	}
	program, err := expr.Compile(src, opts...)
	if err != nil {
		what := "a number"
		if want == Bool {
			what = "a comparison (true or false)"
		}
		return nil, fmt.Errorf("%q must be %s: %v", src, what, firstLine(err.Error()))
	}
	used := make([]string, 0, len(v.used))
	for id := range v.used {
		used = append(used, id)
	}
	sort.Strings(used)
	return &Expr{src: src, kind: want, fields: used, program: program}, nil
}

// Fields returns the field ids the expression reads, sorted.
func (e *Expr) Fields() []string { return e.fields }

// Source is the expression as written.
func (e *Expr) Source() string { return e.src }

// Ready reports whether every field the expression reads has a value.
func (e *Expr) Ready(vals map[string]float64) bool {
	for _, id := range e.fields {
		if _, ok := vals[id]; !ok {
			return false
		}
	}
	return true
}

// Eval computes the expression. Missing fields count as 0; a result that
// is not a finite number (a division by zero) is an error.
func (e *Expr) Eval(vals map[string]float64) (Result, error) {
	env := make(map[string]float64, len(e.fields))
	for _, id := range e.fields {
		env[id] = vals[id]
	}
	out, err := expr.Run(e.program, env)
	if err != nil {
		return Result{}, fmt.Errorf("evaluate %q: %w", e.src, err)
	}
	switch v := out.(type) {
	case bool:
		return Result{Bool: v}, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("evaluate %q: not a finite number (division by zero?)", e.src)
		}
		return Result{Number: v}, nil
	}
	return Result{}, fmt.Errorf("evaluate %q: unexpected %T", e.src, out)
}

// checker walks the syntax tree and refuses what a rule may not contain.
type checker struct {
	fields map[string]fieldbot.FieldType
	used   map[string]bool
	err    error
}

func (c *checker) Visit(node *ast.Node) {
	if c.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		t, ok := c.fields[n.Value]
		switch {
		case !ok:
			c.err = fmt.Errorf("unknown field %q", n.Value)
		case !t.Numeric():
			c.err = fmt.Errorf("field %q is %s, not a number", n.Value, t)
		default:
			c.used[n.Value] = true
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.UnaryNode, *ast.BinaryNode, *ast.ConditionalNode:
	default:
		c.err = fmt.Errorf("only numbers, field ids, + - * / ( ), comparisons and and/or/not are allowed (found %T)", n)
	}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
