package outbound

import (
	"context"
	"net/http"
)

// Send results as Options.Sent is told of them: a class of the platform's
// answer, so that a dashboard can tell flood control (429) from people
// blocking the bot (403), refusals, platform faults and network cuts.
const (
	ResultOK      = "ok"
	Result429     = "429"     // flood control
	Result403     = "403"     // the person blocked the bot
	Result4xx     = "4xx"     // another refusal: a bad request, a bad token, a message that can never be sent
	Result5xx     = "5xx"     // the platform failed
	ResultNetwork = "network" // no answer from the platform (or one that is not the API's)
)

// StatusReporter is implemented by a Sender that can tell the HTTP status
// of the platform's answer behind a failed send: 0 when there was none
// (a network fault). A Sender without it is judged by its Verdict alone,
// where a retry is taken for a network fault.
type StatusReporter interface {
	Status(err error) int
}

// observe tells Options.Sent of a send's result, unless the send was
// cut off by the stop of the queue.
func (q *Queue) observe(ctx context.Context, err error) {
	switch {
	case q.opt.Sent == nil:
	case err == nil:
		q.opt.Sent(q.opt.Channel, ResultOK)
	case ctx.Err() == nil:
		v, _ := q.opt.Sender.Classify(err)
		q.opt.Sent(q.opt.Channel, q.result(err, v))
	}
}

// result classifies a failed send.
func (q *Queue) result(err error, v Verdict) string {
	status := 0
	if sr, ok := q.opt.Sender.(StatusReporter); ok {
		status = sr.Status(err)
	}
	switch {
	case status == http.StatusTooManyRequests:
		return Result429
	case status == http.StatusForbidden:
		return Result403
	case status >= 500:
		return Result5xx
	case status >= 400:
		return Result4xx
	}
	switch v {
	case Wait:
		return Result429
	case Unreachable:
		return Result403
	case Drop, Fatal:
		return Result4xx
	}
	return ResultNetwork
}
