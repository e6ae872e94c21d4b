package relay_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/relay"
	"github.com/fieldbot/fieldbot/store"
)

// Observe is told of every input: its channel, what became of it and how
// long it took by the relay's clock.
func TestObserveTellsEveryStep(t *testing.T) {
	f := newFixture(t)
	type step struct {
		channel, outcome string
		d                time.Duration
	}
	var steps []step
	f.r.Observe = func(channel, outcome string, d time.Duration) { steps = append(steps, step{channel, outcome, d}) }
	tick := f.now
	f.r.Now = func() time.Time { tick = tick.Add(time.Millisecond); return tick } // every reading a millisecond later

	f.send(t, fieldbot.Input{Kind: fieldbot.InputContact, Contact: "0912345678", ContactOwn: true})
	o := origin
	o.UpdateID, o.Fresh = 9, true
	f.r.Handle(ctx, o, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup"})
	f.r.Handle(ctx, o, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup"}) // delivered again
	f.r.OnSave = func(*store.Tx, fieldbot.Submission) ([]store.Outgoing, error) { panic("on purpose") }
	f.send(t, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "baocao"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "12"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "3 triệu"})
	f.send(t, fieldbot.Input{Kind: fieldbot.InputText, Text: "xác nhận"}) // the panic: nothing saved
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.r.Handle(cancelled, origin, fieldbot.Input{Kind: fieldbot.InputCommand, Command: "trogiup"}); err == nil {
		t.Fatal("Handle with a cancelled context committed")
	}

	var outcomes []string
	for _, s := range steps {
		outcomes = append(outcomes, s.outcome)
		if s.channel != "telegram" || s.d <= 0 {
			t.Errorf("step %+v; want channel telegram and the time between the clock readings", s)
		}
	}
	want := []string{relay.StepOK, relay.StepOK, relay.StepRepeated, relay.StepOK, relay.StepOK, relay.StepOK, relay.StepFailed, relay.StepError}
	if !slices.Equal(outcomes, want) {
		t.Errorf("outcomes = %v; want %v", outcomes, want)
	}
}
