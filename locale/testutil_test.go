package locale

import (
	"errors"
	"slices"
	"testing"
)

// errKey returns the catalog key of err, which must be a *ParseError.
func errKey(t *testing.T, err error) string {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if _, ok := viMessages[pe.Key]; !ok {
		t.Errorf("ParseError key %q is not in the catalog", pe.Key)
	}
	if len(pe.Args)%2 != 0 {
		t.Errorf("ParseError args %q are not pairs", pe.Args)
	}
	return pe.Key
}

// checkParseError reports whether err is a *ParseError with exactly key and
// args, and checks that the message it names renders in both languages with
// every placeholder filled. call names the call for messages.
func checkParseError(t *testing.T, call string, err error, key string, args ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s %q", call, key, args)
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("%s: error %v (%T) is not a *ParseError", call, err, err)
		return
	}
	if pe.Key != key || !slices.Equal(pe.Args, args) {
		t.Errorf("%s: error %s %q, want %s %q", call, pe.Key, pe.Args, key, args)
		return
	}
	for _, lang := range []Lang{VI, EN} {
		if _, ok := catalogs[lang][pe.Key]; !ok {
			t.Errorf("%s: key %s missing in %s", call, pe.Key, lang)
			continue
		}
		if left := placeholders(New(lang).T(pe.Key, pe.Args...)); len(left) > 0 {
			t.Errorf("%s: %s message leaves %v unfilled", call, lang, left)
		}
	}
}
