package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// validate checks a request against the method's description in api.json:
// no unknown parameters, required ones present, scalar values of the right
// type, JSON values that parse and fit the declared object types.
//
// Telegram itself silently ignores unknown parameters; the fake refuses them
// because a misspelt parameter is always a bug in the caller.
func validate(m *method, p *params) *apiError {
	dropJSONNulls(m, p)
	if name, ok := unknownParam(m, p); ok {
		return badRequest(fmt.Sprintf("unknown parameter %q for method %s", name, m.Name))
	}
	for i := range m.Fields {
		if err := checkParam(&m.Fields[i], p); err != nil {
			return err
		}
	}
	for _, lp := range legacyParams { // legacy aliases are optional, type-check only
		if f, ok := m.byName[lp.field.Name]; ok && p.has(f.Name) {
			if err := checkParam(f, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropJSONNulls removes JSON-typed parameters whose value is "null": the
// v5.5.1 client sends entities=null, caption_entities=null and
// allowed_updates=null whenever the slice is nil, and Telegram reads that
// as "not given".
func dropJSONNulls(m *method, p *params) {
	for name, v := range p.values {
		if v != "null" {
			continue
		}
		if f, ok := m.byName[name]; ok && isJSONField(f) {
			delete(p.values, name)
		}
	}
}

func unknownParam(m *method, p *params) (string, bool) {
	var unknown []string
	for name := range p.values {
		if _, ok := m.byName[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	for name := range p.files {
		if _, ok := m.byName[name]; !ok && !attachReferenced(p, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return "", false
	}
	slices.Sort(unknown)
	return unknown[0], true
}

// attachReferenced reports whether an uploaded part is referenced as
// "attach://name" from some JSON parameter (media groups, input media).
func attachReferenced(p *params, name string) bool {
	ref := "attach://" + name
	for _, v := range p.values {
		if strings.Contains(v, ref) {
			return true
		}
	}
	return false
}

// missingMessages are Telegram's wording for the commonest missing
// parameters; the rest get a generic message.
var missingMessages = map[string]string{
	"chat_id":           "chat_id is empty",
	"text":              "message text is empty",
	"message_id":        "message identifier is not specified",
	"callback_query_id": "query_id is empty",
	"photo":             "there is no photo in the request",
	"document":          "there is no document in the request",
	"action":            "action is empty",
}

func checkParam(f *field, p *params) *apiError {
	if !p.has(f.Name) {
		if !f.Required {
			return nil
		}
		if msg, ok := missingMessages[f.Name]; ok {
			return badRequest(msg)
		}
		return badRequest(fmt.Sprintf("parameter %q is required", f.Name))
	}
	if _, isFile := p.files[f.Name]; isFile {
		if !slices.Contains(f.Types, "InputFile") {
			return badRequest(fmt.Sprintf("parameter %q can't be a file", f.Name))
		}
		return nil
	}
	v := p.get(f.Name)
	var firstErr error
	for _, t := range f.Types {
		err := checkScalarOrJSON(t, v, p)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if isJSONField(f) {
		return badRequest(fmt.Sprintf("can't parse %s JSON object: %v", f.Name, firstErr))
	}
	return badRequest(fmt.Sprintf("parameter %q must be of type %s", f.Name, strings.Join(f.Types, " or ")))
}

// isJSONField reports whether a parameter is passed as JSON text.
func isJSONField(f *field) bool {
	for _, t := range f.Types {
		switch t {
		case "String", "Integer", "Boolean", "Float", "InputFile":
		default:
			return true
		}
	}
	return false
}

// checkScalarOrJSON checks a form value against one declared type.
func checkScalarOrJSON(typ, v string, p *params) error {
	switch typ {
	case "String":
		return nil
	case "Integer":
		_, err := strconv.ParseInt(v, 10, 64)
		return err
	case "Float":
		_, err := strconv.ParseFloat(v, 64)
		return err
	case "Boolean":
		if _, ok := parseBool(v); !ok {
			return fmt.Errorf("not a Boolean")
		}
		return nil
	case "InputFile":
		if ref, ok := strings.CutPrefix(v, "attach://"); ok {
			if _, ok := p.files[ref]; ok {
				return nil
			}
		}
		return fmt.Errorf("not an uploaded file")
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	var val any
	if err := dec.Decode(&val); err != nil {
		return fmt.Errorf("invalid JSON")
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return checkJSON(val, typ, "")
}

// parseBool accepts the spellings Telegram accepts for Boolean form values.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// checkJSON checks a decoded JSON value against a type expression from
// api.json ("Array of X", a scalar, an object type or a union of subtypes).
// Unknown keys inside objects are allowed, as Telegram ignores them.
func checkJSON(v any, typ, path string) error {
	if elem, ok := strings.CutPrefix(typ, "Array of "); ok {
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s must be an Array", pathOr(path, "value"))
		}
		for i, e := range arr {
			if err := checkJSON(e, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	switch typ {
	case "String":
		switch v.(type) {
		case string, json.Number:
			return nil
		}
		return fmt.Errorf("%s must be a String", pathOr(path, "value"))
	case "Integer":
		if n, ok := v.(json.Number); ok {
			if _, err := n.Int64(); err == nil {
				return nil
			}
		}
		if s, ok := v.(string); ok {
			if _, err := strconv.ParseInt(s, 10, 64); err == nil {
				return nil
			}
		}
		return fmt.Errorf("%s must be an Integer", pathOr(path, "value"))
	case "Float":
		if _, ok := v.(json.Number); ok {
			return nil
		}
		return fmt.Errorf("%s must be a Float", pathOr(path, "value"))
	case "Boolean", "True":
		if _, ok := v.(bool); ok {
			return nil
		}
		return fmt.Errorf("%s must be a Boolean", pathOr(path, "value"))
	}
	t, known := spec().Types[typ]
	if !known {
		return nil
	}
	if len(t.Subtypes) > 0 {
		var firstErr error
		for _, sub := range t.Subtypes {
			err := checkJSON(v, sub, path)
			if err == nil {
				return nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		return fmt.Errorf("%s does not match any %s: %v", pathOr(path, "value"), typ, firstErr)
	}
	if typ == "KeyboardButton" {
		if _, ok := v.(string); ok {
			return nil
		}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s must be an Object of type %s", pathOr(path, "value"), typ)
	}
	for i := range t.Fields {
		f := &t.Fields[i]
		fv, present := obj[f.Name]
		if !present || fv == nil {
			if f.Required {
				return fmt.Errorf("field %q of %s is required", joinPath(path, f.Name), typ)
			}
			continue
		}
		var firstErr error
		for _, ft := range f.Types {
			err := checkJSON(fv, ft, joinPath(path, f.Name))
			if err == nil {
				firstErr = nil
				break
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		if firstErr != nil {
			return firstErr
		}
	}
	if err := checkDiscriminator(t, obj); err != nil {
		return fmt.Errorf("%s: %v", pathOr(path, "value"), err)
	}
	return nil
}

// checkDiscriminator makes union members distinguishable: a subtype whose
// discriminating field is documented as "must be X" only accepts X. Without
// this a BotCommandScopeChat would also match BotCommandScopeDefault.
func checkDiscriminator(t *objectType, obj map[string]any) error {
	if t.discField == "" {
		return nil
	}
	if got, _ := obj[t.discField].(string); got != t.discValue {
		return fmt.Errorf("%s must be %q for %s", t.discField, t.discValue, t.Name)
	}
	return nil
}

func pathOr(path, def string) string {
	if path == "" {
		return def
	}
	return path
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
