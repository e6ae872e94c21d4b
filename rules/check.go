package rules

import (
	"fmt"
	"math"

	"github.com/expr-lang/expr/ast"

	"github.com/fieldbot/fieldbot"
)

// allowed is the whole language of a rule beyond numbers and field ids.
const allowed = "a rule may use numbers, numeric field ids, + - * /, comparisons (< <= > >= == !=), and, or, not and parentheses"

var binaryOps = map[string]bool{
	"+": true, "-": true, "*": true, "/": true,
	"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true,
	"and": true, "or": true, "&&": true, "||": true,
}

var unaryOps = map[string]bool{"-": true, "+": true, "not": true, "!": true}

// checker walks the syntax tree as written and refuses anything outside the
// rule language, naming what it found. The walk visits children first, so
// the last construct refused is the outermost one ("len(...)" rather than
// its argument); an unknown identifier is reported only when the structure
// is fine, as "tinh" in "tinh(x)" is a function rather than a field.
type checker struct {
	fields  map[string]fieldbot.FieldType
	used    map[string]bool
	syntax  error // the outermost construct that is not allowed
	unknown error // the first identifier that is not a numeric field
}

func (c *checker) err() error {
	if c.syntax != nil {
		return c.syntax
	}
	return c.unknown
}

func (c *checker) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		t, ok := c.fields[n.Value]
		switch {
		case c.unknown != nil:
		case !ok:
			c.unknown = fmt.Errorf("unknown field %q", n.Value)
		case !t.Numeric():
			c.unknown = fmt.Errorf("field %q is %s, not a number: only count, money, number and percent fields take part in rules", n.Value, t)
		default:
			c.used[n.Value] = true
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
	case *ast.BinaryNode:
		if !binaryOps[n.Operator] {
			c.syntax = fmt.Errorf("the operator %q is not allowed: %s", n.Operator, allowed)
		}
	case *ast.UnaryNode:
		if !unaryOps[n.Operator] {
			c.syntax = fmt.Errorf("the operator %q is not allowed: %s", n.Operator, allowed)
		}
	case *ast.CallNode, *ast.BuiltinNode:
		c.syntax = fmt.Errorf("functions such as %s are not allowed: %s", n, allowed)
	case *ast.StringNode:
		c.syntax = fmt.Errorf("text such as %s is not allowed: rules compare numbers", n)
	default:
		c.syntax = fmt.Errorf("%s is not allowed: %s", n, allowed)
	}
}

// divide is the internal function every "/" becomes, so that a division by
// zero fails even inside a comparison, where ±Inf or NaN would silently
// make a check pass or fail. Short-circuits still apply:
// "tien_co_dieu_kien == 0 or tien_xong / tien_co_dieu_kien <= 1" never divides by 0.
const divide = "__fieldbot_div"

func checkedDiv(args ...any) (any, error) {
	a, b := toFloat(args[0]), toFloat(args[1])
	if b == 0 {
		return nil, ErrDivisionByZero
	}
	return a / b, nil
}

// divisionPatcher rewrites a / b into divide(a, b) before type checking.
type divisionPatcher struct{}

func (divisionPatcher) Visit(node *ast.Node) {
	if b, ok := (*node).(*ast.BinaryNode); ok && b.Operator == "/" {
		ast.Patch(node, &ast.CallNode{
			Callee:    &ast.IdentifierNode{Value: divide},
			Arguments: []ast.Node{b.Left, b.Right},
		})
	}
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return math.NaN()
}
