package telegramtest

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// apiJSON is the Bot API description as data (see API_LICENSE). Every
// request is checked against it, so the fake rejects what Telegram rejects
// without a hand-written list per method.
//
//go:embed api.json
var apiJSON []byte

// field is one parameter of a method or one field of an object type.
type field struct {
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"` // dropped after parsing
}

// method is one Bot API method.
type method struct {
	Name    string   `json:"name"`
	Fields  []field  `json:"fields"`
	Returns []string `json:"returns"`

	byName map[string]*field
}

// objectType is one Bot API object type; a union type has Subtypes.
type objectType struct {
	Name     string   `json:"name"`
	Fields   []field  `json:"fields"`
	Subtypes []string `json:"subtypes"`

	byName map[string]*field
	// discField must equal discValue ("type" must be "chat"); read from
	// descriptions like "Scope type, must be chat".
	discField, discValue string
}

// returnsTrue reports whether the method answers with a bare True.
func (m *method) returnsTrue() bool {
	return len(m.Returns) == 1 && m.Returns[0] == "Boolean"
}

// apiSpec is the parsed api.json with lookup maps.
type apiSpec struct {
	Version string                 `json:"version"`
	Methods map[string]*method     `json:"methods"`
	Types   map[string]*objectType `json:"types"`

	lower map[string]string // lower-case method name -> canonical name
}

var (
	specOnce   sync.Once
	parsedSpec *apiSpec
)

// spec parses the embedded api.json once; the file is part of the package,
// so a parse failure is a build defect and panics.
func spec() *apiSpec {
	specOnce.Do(func() {
		var s apiSpec
		if err := json.Unmarshal(apiJSON, &s); err != nil {
			panic("telegramtest: embedded api.json: " + err.Error())
		}
		s.lower = make(map[string]string, len(s.Methods))
		for name, m := range s.Methods {
			s.lower[strings.ToLower(name)] = name
			m.byName = indexFields(m.Fields)
		}
		for _, t := range s.Types {
			for _, f := range t.Fields {
				if v, ok := mustBe(f.Description); ok && (f.Name == "type" || f.Name == "source" || f.Name == "status") {
					t.discField, t.discValue = f.Name, v
				}
			}
			t.byName = indexFields(t.Fields) // also drops the descriptions
		}
		addLegacyParams(&s)
		parsedSpec = &s
	})
	return parsedSpec
}

func indexFields(fs []field) map[string]*field {
	m := make(map[string]*field, len(fs))
	for i := range fs {
		fs[i].Description = ""
		m[fs[i].Name] = &fs[i]
	}
	return m
}

// mustBe extracts X from a description like "Scope type, must be X".
func mustBe(desc string) (string, bool) {
	_, after, ok := strings.Cut(desc, "must be ")
	if !ok {
		return "", false
	}
	v, _, _ := strings.Cut(after, " ")
	v = strings.Trim(v, `"“”.,`)
	return v, v != ""
}

// lookupMethod resolves a method name the way Telegram does: case-insensitively.
func (s *apiSpec) lookupMethod(name string) (*method, bool) {
	canonical, ok := s.lower[strings.ToLower(name)]
	if !ok {
		return nil, false
	}
	return s.Methods[canonical], true
}

// legacyParam is a parameter that a newer Bot API version replaced but that
// Telegram still accepts. The v5.5.1 client sends several of them
// (reply_to_message_id, allow_sending_without_reply, disable_web_page_preview,
// thumb), so a fake that rejected them would reject working production code.
type legacyParam struct {
	modern string // the parameter that replaced it; the method must have it
	method string // restricts the alias to one method when not empty
	field  field
}

var legacyParams = []legacyParam{
	{modern: "reply_parameters", field: field{Name: "reply_to_message_id", Types: []string{"Integer"}}},
	{modern: "reply_parameters", field: field{Name: "allow_sending_without_reply", Types: []string{"Boolean"}}},
	{modern: "link_preview_options", field: field{Name: "disable_web_page_preview", Types: []string{"Boolean"}}},
	{modern: "thumbnail", field: field{Name: "thumb", Types: []string{"InputFile", "String"}}},
	{modern: "button", method: "answerInlineQuery", field: field{Name: "switch_pm_text", Types: []string{"String"}}},
	{modern: "button", method: "answerInlineQuery", field: field{Name: "switch_pm_parameter", Types: []string{"String"}}},
}

// addLegacyParams extends every method that has a modern parameter with the
// legacy name it replaced.
func addLegacyParams(s *apiSpec) {
	for _, m := range s.Methods {
		for _, lp := range legacyParams {
			if lp.method != "" && lp.method != m.Name {
				continue
			}
			if _, ok := m.byName[lp.modern]; !ok {
				continue
			}
			if _, dup := m.byName[lp.field.Name]; !dup {
				f := lp.field
				m.byName[f.Name] = &f
			}
		}
	}
}
