package locale

// ParseYesNo reads a yes/no answer: "có", "c", "yes", "y", "1" and
// "không", "k", "ko", "no", "n", "0", case and diacritics ignored. Errors
// are *ParseError with key "report.invalid_choice".
func ParseYesNo(s string) (bool, error) {
	s = clean(s)
	if !marksOnLetters(s) {
		return false, parseErr("report.invalid_choice")
	}
	switch Fold(s) {
	case "co", "c", "yes", "y", "1":
		return true, nil
	case "khong", "k", "ko", "no", "n", "0":
		return false, nil
	}
	return false, parseErr("report.invalid_choice")
}
