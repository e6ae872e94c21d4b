package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with the config or the roster.
type Problem struct {
	File    string
	Line    int // 0 when unknown
	Key     string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Key != "" {
		fmt.Fprintf(&b, ": %s", p.Key)
	}
	fmt.Fprintf(&b, ": %s", p.Message)
	return b.String()
}

// Problems is every problem found; Load reports them all at once so an
// administrator can fix a file in one pass.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
