package fieldbot

import "time"

// Submission is one person's answers to one form for one period and unit.
// Reporting again or editing makes a new revision; old revisions are kept,
// because an officer's report is an official record.
type Submission struct {
	Form     string
	Period   string // Period.Key
	Unit     string
	Phone    string // the reporter
	Revision int    // 1 for the first report
	// SubmittedAt and SubmittedBy say who committed this revision and when;
	// SubmittedBy is a phone (an admin may correct someone else's report).
	SubmittedAt time.Time
	SubmittedBy string
	// Via is the channel account that made the revision ("zalo:8412…",
	// "telegram:1001"); "" for revisions saved before it was recorded.
	Via     string
	Answers Answers
}

// SubmissionKey identifies a submission across its revisions.
type SubmissionKey struct {
	Form, Period, Unit, Phone string
}

// Key returns the identity of s without its revision.
func (s Submission) Key() SubmissionKey {
	return SubmissionKey{Form: s.Form, Period: s.Period, Unit: s.Unit, Phone: s.Phone}
}

// Indicator is a rate computed from raw counts: Numerator ÷ Denominator × 100.
// Both are arithmetic over field ids of one form.
type Indicator struct {
	ID          string
	Label       string
	Form        string
	Numerator   string
	Denominator string
}

// Target is the year-end expectation for one indicator, unit and statistical
// year; sub-units without their own inherit it. Milestones ("03-31" → 49.0)
// give a time-phased expectation, linear between them.
type Target struct {
	Indicator  string
	Unit       string
	Year       int
	Value      float64
	Milestones map[string]float64
}

// Reopening lets a unit report for a closed period again until a time: an
// administrator's correction of the official record.
type Reopening struct {
	Form, Period, Unit string
	Until              time.Time
	By                 string // the admin's phone
}
