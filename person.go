package fieldbot

import (
	"strings"
	"sync/atomic"
)

// Role is what a person may do. Roles are ordered: an admin can do what a
// leader can, a leader what an officer can.
type Role string

const (
	RoleOfficer Role = "officer"
	RoleLeader  Role = "leader"
	RoleAdmin   Role = "admin"
)

// ParseRole accepts the roster spellings of a role.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleOfficer, RoleLeader, RoleAdmin:
		return r, nil
	}
	return "", Errorf(EINVALID, "role %q is not officer, leader or admin", s)
}

// Leads reports whether the role sees a whole subtree (leaders and admins).
func (r Role) Leads() bool { return r == RoleLeader || r == RoleAdmin }

// Person is one row of the roster. Phone is the key, in national form
// ("0912345678") as returned by NormalizePhone.
type Person struct {
	Phone string
	Name  string
	Unit  string
	Role  Role
	Title string
}

// NormalizePhone turns any common Vietnamese way of writing a mobile or
// landline number ("0912 345 678", "+84 912.345.678", "84912345678",
// "(028) 3822 1234") into the national form with a leading 0.
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", Errorf(EINVALID, "phone %q contains %q", s, r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0084"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "84") && len(d) >= 11:
		d = "0" + d[2:]
	case !strings.HasPrefix(d, "0") && len(d) == 9:
		d = "0" + d // "912345678", as some exports drop the leading 0
	}
	if !strings.HasPrefix(d, "0") || len(d) < 10 || len(d) > 11 {
		return "", Errorf(EINVALID, "phone %q is not a Vietnamese number", s)
	}
	return d, nil
}

// Roster is everybody who may use the bot, by normalised phone. It can be
// replaced while the bot runs (an import confirmed in chat): everyone
// holding the *Roster sees the new people at their next lookup, and a
// caller that needs one consistent view takes People() once.
type Roster struct {
	cur atomic.Pointer[rosterSnapshot]
}

type rosterSnapshot struct {
	people  []Person
	byPhone map[string]int
}

// NewRoster indexes people; phones must already be normalised and unique.
func NewRoster(people []Person) (*Roster, error) {
	r := &Roster{}
	if err := r.Replace(people); err != nil {
		return nil, err
	}
	return r, nil
}

// Replace swaps in a new list of people; phones must already be
// normalised and unique. On error nothing changes.
func (r *Roster) Replace(people []Person) error {
	s := &rosterSnapshot{people: people, byPhone: make(map[string]int, len(people))}
	for i, p := range people {
		if _, dup := s.byPhone[p.Phone]; dup {
			return Errorf(EINVALID, "phone %s appears twice", p.Phone)
		}
		s.byPhone[p.Phone] = i
	}
	r.cur.Store(s)
	return nil
}

// Lookup finds a person by phone in any accepted form.
func (r *Roster) Lookup(phone string) (Person, bool) {
	n, err := NormalizePhone(phone)
	if err != nil {
		return Person{}, false
	}
	s := r.cur.Load()
	i, ok := s.byPhone[n]
	if !ok {
		return Person{}, false
	}
	return s.people[i], true
}

// People returns everyone in roster order. The slice is shared: do not
// change it.
func (r *Roster) People() []Person { return r.cur.Load().people }

// InUnits returns the people whose unit is in the given set.
func (r *Roster) InUnits(units []string) []Person {
	set := make(map[string]bool, len(units))
	for _, u := range units {
		set[u] = true
	}
	var out []Person
	for _, p := range r.People() {
		if set[p.Unit] {
			out = append(out, p)
		}
	}
	return out
}
