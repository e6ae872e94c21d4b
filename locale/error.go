package locale

import "strings"

// ParseError is a parse failure that the edge explains in the person's
// language: Key is a catalog key and Args its name/value pairs, so that
// printer.T(e.Key, e.Args...) renders the explanation.
type ParseError struct {
	Key  string
	Args []string
}

func (e *ParseError) Error() string {
	if len(e.Args) == 0 {
		return "locale: " + e.Key
	}
	return "locale: " + e.Key + " " + strings.Join(e.Args, " ")
}

func parseErr(key string, args ...string) error {
	return &ParseError{Key: key, Args: args}
}
