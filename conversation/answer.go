package conversation

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/locale"
)

// parse turns typed text into the canonical value of a field (see
// fieldbot.Answers), or explains in catalog terms why it cannot.
func (t *turn) parse(fl fieldbot.Field, s string) (string, *locale.ParseError) {
	now, cal := t.s.Now, t.e.cfg.Calendar
	s = strings.TrimSpace(s)
	if fl.Type.Numeric() && t.p.Lang() == locale.EN {
		s = locale.FromEnglish(s) // "7,581" and "1.5 tỷ" as English writes them
	}
	var value string
	var num float64
	switch fl.Type {
	case fieldbot.FieldCount:
		n, err := locale.ParseCount(s)
		if err != nil {
			return "", asParseError(err, "report.invalid_count")
		}
		value, num = strconv.FormatInt(n, 10), float64(n)
	case fieldbot.FieldMoney:
		n, err := locale.ParseMoney(s)
		if err != nil {
			return "", asParseError(err, "report.invalid_money")
		}
		value, num = strconv.FormatInt(n, 10), float64(n)
	case fieldbot.FieldNumber, fieldbot.FieldPercent:
		f, err := locale.ParseNumber(s) // it allows one trailing %
		if err != nil {
			return "", asParseError(err, "report.invalid_number")
		}
		value, num = strconv.FormatFloat(f, 'f', -1, 64), f
	case fieldbot.FieldDate:
		d, err := locale.ParseDate(s, now.In(cal.Location))
		if err != nil {
			return "", asParseError(err, "report.invalid_date")
		}
		return d.Format("2006-01-02"), nil
	case fieldbot.FieldYesNo:
		b, err := locale.ParseYesNo(s)
		if err != nil {
			return "", &locale.ParseError{Key: t.typedKey("report.invalid_choice")}
		}
		if b {
			return "yes", nil
		}
		return "no", nil
	default: // text
		limit := fieldbot.DefaultTextLength
		if fl.Max != nil {
			limit = int(*fl.Max)
		}
		if n := utf8.RuneCountInString(s); n > limit {
			return "", &locale.ParseError{Key: "report.too_long", Args: []string{"max", strconv.Itoa(limit), "length", strconv.Itoa(n)}}
		}
		if s == "" {
			return "", &locale.ParseError{Key: t.typedKey("report.empty_text")}
		}
		return s, nil
	}
	if fl.Type == fieldbot.FieldPercent && fl.Min == nil && fl.Max == nil && (num < 0 || num > 100) {
		return "", &locale.ParseError{Key: "report.invalid_percent"}
	}
	if fl.Min != nil && num < *fl.Min {
		return "", &locale.ParseError{Key: "report.below_min", Args: []string{"min", t.bound(fl, *fl.Min)}}
	}
	if fl.Max != nil && num > *fl.Max {
		return "", &locale.ParseError{Key: "report.above_max", Args: []string{"max", t.bound(fl, *fl.Max)}}
	}
	return value, nil
}

// bound formats a min or max the way the person reads numbers.
func (t *turn) bound(fl fieldbot.Field, v float64) string {
	return display(t.p, fl, strconv.FormatFloat(v, 'f', -1, 64))
}

// asParseError keeps a parser's own explanation (an ambiguity hint) and
// falls back to the field type's generic message.
func asParseError(err error, fallback string) *locale.ParseError {
	var pe *locale.ParseError
	if errors.As(err, &pe) && pe.Key != "" {
		return pe
	}
	return &locale.ParseError{Key: fallback}
}

// display formats a canonical value for people.
func display(p *locale.Printer, fl fieldbot.Field, v string) string {
	switch fl.Type {
	case fieldbot.FieldCount:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return locale.FormatInt(p.Lang(), n)
		}
	case fieldbot.FieldMoney:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return locale.FormatMoney(p.Lang(), n)
		}
	case fieldbot.FieldNumber, fieldbot.FieldPercent:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			s := locale.FormatDecimal(p.Lang(), f, decimals(v))
			if fl.Type == fieldbot.FieldPercent {
				s += "%"
			}
			return s
		}
	case fieldbot.FieldDate:
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return locale.FormatDate(d)
		}
	case fieldbot.FieldYesNo:
		if v == "yes" {
			return p.T("report.yes")
		}
		return p.T("report.no")
	}
	return v
}

// decimals is how many digits follow the point in a canonical number, at most 4.
func decimals(v string) int {
	_, frac, ok := strings.Cut(v, ".")
	if !ok {
		return 0
	}
	return min(len(frac), 4)
}
