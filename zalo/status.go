package zalo

import "errors"

// Status tells the outbound queue the status code of Zalo's answer behind
// a failed send, for counting results by class (outbound.StatusReporter):
// 0 when Zalo did not answer as the API (a network fault) or the message
// could never be sent. Zalo's 426 (the daily quota of a bot in testing)
// is counted with 429, as the queue treats it.
func (sender) Status(err error) int {
	var ae *apiError
	if !errors.As(err, &ae) {
		return 0
	}
	if ae.Code == 426 {
		return 429
	}
	return ae.Code
}
