package fieldbot

import (
	"fmt"
	"regexp"
)

// idPattern is the shape of every configured identifier (unit, form, field,
// indicator): short, ASCII and safe inside a 64-byte callback payload.
var idPattern = regexp.MustCompile(`^[a-z0-9_]+$`)

// ValidID reports whether s is a valid identifier.
func ValidID(s string) bool { return len(s) <= 32 && idPattern.MatchString(s) }

// Unit is one office in the organisation tree.
type Unit struct {
	ID     string
	Name   string
	Parent string // "" for the root
}

// Tree is the organisation: one root, any depth. Build it with NewTree.
type Tree struct {
	root     string
	units    map[string]Unit
	order    []string // configuration order, kept for stable listings
	children map[string][]string
}

// NewTree checks that units form exactly one tree and indexes it.
func NewTree(units []Unit) (*Tree, error) {
	t := &Tree{units: map[string]Unit{}, children: map[string][]string{}}
	for _, u := range units {
		if _, dup := t.units[u.ID]; dup {
			return nil, Errorf(EINVALID, "unit %q is defined twice", u.ID)
		}
		t.units[u.ID] = u
		t.order = append(t.order, u.ID)
	}
	for _, id := range t.order {
		u := t.units[id]
		if u.Parent == "" {
			if t.root != "" {
				return nil, Errorf(EINVALID, "units %q and %q both have no parent; there must be one root", t.root, id)
			}
			t.root = id
			continue
		}
		if _, ok := t.units[u.Parent]; !ok {
			return nil, Errorf(EINVALID, "unit %q has unknown parent %q", id, u.Parent)
		}
		t.children[u.Parent] = append(t.children[u.Parent], id)
	}
	if t.root == "" && len(units) > 0 {
		return nil, Errorf(EINVALID, "the units form a cycle: one unit must have no parent")
	}
	// Every unit must reach the root; otherwise there is a cycle.
	for _, id := range t.order {
		seen := map[string]bool{}
		for cur := id; cur != ""; cur = t.units[cur].Parent {
			if seen[cur] {
				return nil, Errorf(EINVALID, "unit %q is part of a cycle of parents", id)
			}
			seen[cur] = true
		}
	}
	return t, nil
}

// Root returns the id of the root unit.
func (t *Tree) Root() string { return t.root }

// Unit returns the unit with the given id.
func (t *Tree) Unit(id string) (Unit, bool) { u, ok := t.units[id]; return u, ok }

// Name is the name of the unit with the given id, or the id when there is
// no such unit (or no tree) to name it.
func (t *Tree) Name(id string) string {
	if t != nil {
		if u, ok := t.units[id]; ok {
			return u.Name
		}
	}
	return id
}

// Units returns all units in configuration order.
func (t *Tree) Units() []Unit {
	out := make([]Unit, 0, len(t.order))
	for _, id := range t.order {
		out = append(out, t.units[id])
	}
	return out
}

// Children returns the ids of the direct sub-units of id.
func (t *Tree) Children(id string) []string { return t.children[id] }

// Contains reports whether unit id lies in the subtree of ancestor (itself included).
func (t *Tree) Contains(ancestor, id string) bool {
	for cur := id; cur != ""; cur = t.units[cur].Parent {
		if cur == ancestor {
			return true
		}
	}
	return false
}

// Subtree returns ancestor and every unit below it, parents before children.
func (t *Tree) Subtree(ancestor string) []string {
	if _, ok := t.units[ancestor]; !ok {
		return nil
	}
	out := []string{ancestor}
	for i := 0; i < len(out); i++ {
		out = append(out, t.children[out[i]]...)
	}
	return out
}

// Path returns the ids from the root down to id.
func (t *Tree) Path(id string) []string {
	var rev []string
	for cur := id; cur != ""; cur = t.units[cur].Parent {
		rev = append(rev, cur)
	}
	out := make([]string, len(rev))
	for i, v := range rev {
		out[len(rev)-1-i] = v
	}
	return out
}

func (u Unit) String() string { return fmt.Sprintf("%s (%s)", u.Name, u.ID) }
