package zalotest

import "net/http"

// fault is an error answered in place of the next call of a method.
type fault struct {
	method string // "" matches any method
	err    apiError
}

// FailNext makes the next call of method (of any method if "") fail with
// the given error instead of being served, e.g. 429 "Quota exceeded" (Zalo
// gives no retry-after), 426, 401 or 500. Calls queue up. An empty
// description gets a default wording. Injected errors are counted by Calls
// and Count429 but are not Rejections.
func (s *Server) FailNext(method string, code int, description string) {
	if description == "" {
		description = defaultDescription(code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{method: method, err: apiError{Code: code, Description: description}})
}

func defaultDescription(code int) string {
	switch code {
	case http.StatusTooManyRequests:
		return "Quota exceeded"
	case http.StatusUpgradeRequired:
		return "Daily quota for test exceeded"
	case http.StatusRequestTimeout:
		return "Request timeout"
	}
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "Error"
}

// takeFault removes and returns the fault for this call: one aimed at the
// method first, else one aimed at any method. The caller holds s.mu.
func (s *Server) takeFault(method string) (fault, bool) {
	i := -1
	for j, f := range s.faults {
		if f.method == method {
			i = j
			break
		}
	}
	if i < 0 {
		for j, f := range s.faults {
			if f.method == "" {
				i = j
				break
			}
		}
	}
	if i < 0 {
		return fault{}, false
	}
	f := s.faults[i]
	s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
	if f.err.Code == http.StatusTooManyRequests {
		s.n429++
	}
	return f, true
}

// Count429 is the number of 429 answers given (all injected).
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n429
}
