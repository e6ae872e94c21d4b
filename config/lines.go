package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// lineIndex maps every key and table header in a TOML document to the line
// where it is written. Keys are spelled as problems name them, elements of
// arrays numbered from 0: "forms[0].fields[2].type", "digest.chats[1]".
type lineIndex map[string]int

// indexLines parses data, which must already be valid TOML, with the
// library's syntax-tree parser: decoding into values keeps no positions.
func indexLines(data []byte) lineIndex {
	ix := lineIndex{}
	arrays := map[string]int{} // array of tables → elements so far
	var newlines []int         // offsets of '\n', to turn an offset into a line
	for i, b := range data {
		if b == '\n' {
			newlines = append(newlines, i)
		}
	}
	line := func(n *unstable.Node) int { return sort.SearchInts(newlines, int(n.Raw.Offset)) + 1 }
	var p unstable.Parser
	p.Reset(data)
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = ""
			for it := e.Key(); it.Next(); {
				k := it.Node()
				path := join(table, string(k.Data))
				if n, ok := arrays[path]; ok && !(it.IsLast() && e.Kind == unstable.ArrayTable) {
					path = fmt.Sprintf("%s[%d]", path, n-1) // [[forms.fields]] belongs to the last [[forms]]
				} else if it.IsLast() && e.Kind == unstable.ArrayTable {
					ix.add(path, line(k))
					arrays[path] = n + 1
					path = fmt.Sprintf("%s[%d]", path, n)
				}
				ix.add(path, line(k))
				table = path
			}
		case unstable.KeyValue:
			ix.keyValue(e, table, line)
		}
	}
	return ix
}

func (ix lineIndex) keyValue(kv *unstable.Node, table string, line func(*unstable.Node) int) {
	path := table
	for it := kv.Key(); it.Next(); {
		path = join(path, string(it.Node().Data))
		ix.add(path, line(it.Node()))
	}
	ix.value(kv.Value(), path, line)
}

func (ix lineIndex) value(v *unstable.Node, path string, line func(*unstable.Node) int) {
	switch v.Kind {
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				ix.keyValue(kv, path, line)
			}
		}
	case unstable.Array:
		i := 0
		for it := v.Children(); it.Next(); {
			el := it.Node()
			if el.Kind == unstable.Comment {
				continue
			}
			elem := fmt.Sprintf("%s[%d]", path, i)
			if el.Kind != unstable.Array { // a nested array has no position of its own
				ix.add(elem, line(el))
			}
			ix.value(el, elem, line)
			i++
		}
	}
}

func (ix lineIndex) add(key string, line int) {
	if _, ok := ix[key]; !ok {
		ix[key] = line
	}
}

// line returns the line of key, or of the nearest enclosing table or array
// that is written in the file (a missing key is reported where its table
// starts), or 0.
func (ix lineIndex) line(key string) int {
	for key != "" {
		if n, ok := ix[key]; ok {
			return n
		}
		key = key[:max(strings.LastIndexAny(key, ".["), 0)]
	}
	return 0
}

func join(table, key string) string {
	if table == "" {
		return key
	}
	return table + "." + key
}
