package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fieldbot/fieldbot/outbound"
)

func TestAssess(t *testing.T) {
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	started := now.Add(-time.Hour)
	heard := func(c channelState, ago time.Duration) channelState { c.Heard = now.Add(-ago); return c }
	tg := channelState{Name: "telegram", Polling: true}
	hook := channelState{Name: "zalo"}
	for _, tc := range []struct {
		name    string
		started time.Time
		dbErr   error
		chans   []channelState
		problem string // "" for ok
	}{
		{"all well", started, nil, []channelState{heard(tg, 10*time.Second), heard(hook, 72*time.Hour)}, ""},
		{"a webhook may be silent for days", started, nil, []channelState{hook}, ""},
		{"just started, not heard yet", now.Add(-time.Minute), nil, []channelState{tg}, ""},
		{"never heard since start", now.Add(-5 * time.Minute), nil, []channelState{tg}, "telegram: no answer from the platform for 5m0s"},
		{"polling went silent", started, nil, []channelState{heard(tg, 4*time.Minute)}, "telegram: no answer"},
		{"a message stuck", started, nil, []channelState{func() channelState {
			c := heard(tg, time.Second)
			c.Pending, c.OldestUnsent = 3, now.Add(-20*time.Minute)
			return c
		}()}, "telegram: 3 messages waiting, the oldest for 20m0s"},
		{"a big digest draining is fine", started, nil, []channelState{func() channelState {
			c := heard(tg, time.Second)
			c.Pending, c.OldestUnsent = 1500, now.Add(-2*time.Minute)
			return c
		}()}, ""},
		{"a chart refused today", started, nil, []channelState{func() channelState {
			c := heard(hook, time.Hour)
			c.Refused = outbound.Refusal{Count: 2, At: now.Add(-time.Hour), Part: "photo", Err: "zalo sendPhoto: 400 Bad Request: cannot download photo"}
			return c
		}()}, "zalo: 2 parts of messages refused (sent without them), the last a photo 1h0m0s ago: zalo sendPhoto: 400"},
		{"a refusal of last week is history", started, nil, []channelState{func() channelState {
			c := heard(hook, time.Hour)
			c.Refused = outbound.Refusal{Count: 1, At: now.Add(-7 * 24 * time.Hour), Part: "photo", Err: "400"}
			return c
		}()}, ""},
		{"database", started, errors.New("database not open"), []channelState{heard(tg, time.Second)}, "database: database not open"},
	} {
		r := assess(now, tc.started, tc.dbErr, tc.chans)
		switch {
		case tc.problem == "" && (r.Status != "ok" || len(r.Problems) != 0):
			t.Errorf("%s: %+v; want ok", tc.name, r)
		case tc.problem != "" && (r.Status != "failing" || len(r.Problems) != 1 || !strings.HasPrefix(r.Problems[0], tc.problem)):
			t.Errorf("%s: %+v; want failing with %q", tc.name, r, tc.problem)
		}
	}
}

// The running bot answers GET /healthz on [http] listen: 200, Telegram
// polling and heard from.
func TestHealthCheckServed(t *testing.T) {
	o := newOffice(t)
	addr := o.listenHTTP()
	o.start()
	o.tg.SendText(an, "/start") // a long poll answers when there is an update, or after 30 s
	o.expect(an, "chia sẻ số điện thoại")
	var rep healthReport
	o.eventually("a healthy /healthz", func() bool {
		res, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		rep = healthReport{}
		return res.StatusCode == http.StatusOK && json.NewDecoder(res.Body).Decode(&rep) == nil &&
			len(rep.Channels) == 1 && !rep.Channels[0].Heard.IsZero()
	})
	if c := rep.Channels[0]; rep.Status != "ok" || rep.Database != "ok" || c.Name != "telegram" || !c.Polling {
		t.Fatalf("health: %+v", rep)
	}
}
