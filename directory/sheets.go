package directory

import (
	"errors"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
	"github.com/fieldbot/fieldbot/sheet"
)

// Sheets is the engine's side of these spreadsheets (conversation.Sheets):
// the roster and targets sheets of one organisation.
type Sheets struct {
	Tree       *fieldbot.Tree
	Indicators []fieldbot.Indicator
	Roster     *fieldbot.Roster
}

var _ conversation.Sheets = Sheets{}

// WriteRoster writes people as the roster sheet.
func (s Sheets) WriteRoster(p *locale.Printer, people []fieldbot.Person) ([]byte, error) {
	return WriteRoster(p, people, s.Tree)
}

// WriteTargets writes targets as the targets sheet.
func (s Sheets) WriteTargets(p *locale.Printer, targets []fieldbot.Target) ([]byte, error) {
	return WriteTargets(p, targets, s.Tree, s.Indicators, s.Roster)
}

// Read reads a file sent back and tells a roster from a targets sheet by
// its headings: the kind whose required columns it has more of. A file
// with almost none of either is neither.
func (s Sheets) Read(data []byte) (conversation.SheetContent, error) {
	rows, err := sheet.Read(data)
	var se *sheet.Error
	if errors.As(err, &se) {
		return conversation.SheetContent{}, &conversation.SheetError{Key: se.Key, Args: se.Args}
	} else if err != nil {
		return conversation.SheetContent{}, err
	}
	people, pRows, pProblems := ReadRoster(rows, s.Tree)
	targets, tRows, tProblems := ReadTargets(rows, s.Tree, s.Indicators, s.Roster)
	pMissing, tMissing := missing(pProblems), missing(tProblems)
	switch {
	case pMissing >= len(rosterRequired)-1 && tMissing >= len(targetsRequired)-1:
		return conversation.SheetContent{}, nil // neither
	case pMissing <= tMissing:
		return conversation.SheetContent{Kind: conversation.SheetRoster, People: people, Rows: pRows, Problems: said(pProblems)}, nil
	}
	return conversation.SheetContent{Kind: conversation.SheetTargets, Targets: targets, Rows: tRows, Problems: said(tProblems)}, nil
}

// missing counts the required columns a sheet lacks.
func missing(ps []Problem) int {
	n := 0
	for _, p := range ps {
		if p.Key == "import.missing_column" {
			n++
		}
	}
	return n
}

// said hands the engine problems it writes in the reader's language.
func said(ps []Problem) []conversation.Problem {
	out := make([]conversation.Problem, len(ps))
	for i, p := range ps {
		out[i] = conversation.Problem{Row: p.Row, Column: p.Column, Key: p.Key, Args: p.Args, Text: p.Text}
	}
	return out
}
