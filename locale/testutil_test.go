package locale

import (
	"errors"
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
