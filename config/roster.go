package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/fieldbot/fieldbot"
)

// loadRoster reads the roster CSV. Any bad row is reported with its line
// and nothing of the file is used.
func loadRoster(path, name string, tree *fieldbot.Tree) (*fieldbot.Roster, Problems) {
	var problems Problems
	add := func(line int, key, format string, args ...any) {
		problems = append(problems, Problem{File: name, Line: line, Key: key, Message: fmt.Sprintf(format, args...)})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		add(0, "", "cannot read the roster: %v", errors.Unwrap(err))
		return nil, problems
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		add(1, "", "cannot read the header row: %v", err)
		return nil, problems
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"phone", "name", "unit", "role"} {
		if _, ok := col[need]; !ok {
			add(1, need, "the header row has no %q column (need phone,name,unit,role and optionally title)", need)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cell := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(norm.NFC.String(rec[i]))
	}
	var people []fieldbot.Person
	firstLine := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			add(line, "", "%v", err)
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		p := fieldbot.Person{Name: cell(rec, "name"), Unit: cell(rec, "unit"), Title: cell(rec, "title")}
		phone, err := fieldbot.NormalizePhone(cell(rec, "phone"))
		if err != nil {
			add(line, "phone", "%q is not a Vietnamese phone number", cell(rec, "phone"))
		} else if first, dup := firstLine[phone]; dup {
			add(line, "phone", "%s is already on line %d", phone, first)
		} else {
			firstLine[phone] = line
		}
		p.Phone = phone
		if p.Name == "" {
			add(line, "name", "the name is empty")
		}
		if _, ok := tree.Unit(p.Unit); !ok {
			add(line, "unit", "unknown unit %q", p.Unit)
		}
		role, err := fieldbot.ParseRole(cell(rec, "role"))
		if err != nil {
			add(line, "role", "%q is not officer, leader or admin", cell(rec, "role"))
		}
		p.Role = role
		people = append(people, p)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	roster, err := fieldbot.NewRoster(people)
	if err != nil {
		add(0, "", "%v", err)
		return nil, problems
	}
	return roster, nil
}
