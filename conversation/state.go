package conversation

import (
	"encoding/json"
	"time"

	"github.com/fieldbot/fieldbot"
)

// Step is where a chat is in a conversation.
type Step string

const (
	StepIdle      Step = ""          // nothing in progress
	StepPickForm  Step = "pick_form" // choosing which form to fill in
	StepField     Step = "field"     // answering Form.Fields[Field]
	StepSummary   Step = "summary"   // looking at all answers before saving
	StepPickField Step = "pick_field"
	StepPlausible Step = "plausible" // "are you sure?" about Pending
	StepImport    Step = "import"    // a checked roster or targets file waiting for "Xác nhận"
)

// State is everything the engine remembers about one chat between inputs.
// It is persisted after every input, so a restart continues at the same
// question with the answers already given.
type State struct {
	Step   Step   `json:"step"`
	Form   string `json:"form,omitempty"`
	Period string `json:"period,omitempty"`
	Unit   string `json:"unit,omitempty"`
	// Field is the index of the field being asked (StepField).
	Field   int              `json:"field,omitempty"`
	Answers fieldbot.Answers `json:"answers,omitempty"`
	// FromSummary: the field was picked from the summary, so an answer
	// returns there instead of moving on.
	FromSummary bool `json:"from_summary,omitempty"`
	// Pending is an answer to Field waiting for "are you sure?".
	Pending string `json:"pending,omitempty"`
	// Disputed is an answer to Field that failed one of the form's checks.
	// It is kept, not saved: if the person says another figure of the
	// check was the wrong one, Disputed becomes the answer to Field.
	Disputed string `json:"disputed,omitempty"`
	// Import is the change a file would make, waiting for "Xác nhận"
	// (StepImport).
	Import *PendingImport `json:"import,omitempty"`
	// Shape is the form's fields ("id:type,…") when it was opened, so a
	// form changed by a new config is noticed and mended (see mend.go).
	Shape string `json:"shape,omitempty"`
	// Gaps: only the fields without an answer are asked, then the summary
	// (a form mended after a change).
	Gaps bool `json:"gaps,omitempty"`
	// Resume is where the form goes on (a field index + 1) once a field
	// picked to mend a failed check is answered; 0: the usual next field.
	Resume int `json:"resume,omitempty"`
	// Seq numbers every question the bot asks; buttons carry it, so a press
	// on an older message is recognised as stale.
	Seq     int       `json:"seq"`
	Updated time.Time `json:"updated"`
	// Offer is what an idle chat was last asked to pick from (a language,
	// one of several units named alike). A channel without buttons types
	// its number or label instead, which counts as pressing it. It lasts
	// one input.
	Offer []fieldbot.Option `json:"offer,omitempty"`
}

// Encode serialises s for the store.
func (s *State) Encode() ([]byte, error) { return json.Marshal(s) }

// DecodeState reads a state written by Encode; nil or empty data is idle.
func DecodeState(data []byte) (*State, error) {
	s := &State{}
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fieldbot.Errorf(fieldbot.EINTERNAL, "decode chat state: %v", err)
	}
	return s, nil
}

// Idle reports whether nothing is in progress.
func (s *State) Idle() bool { return s == nil || s.Step == StepIdle }
