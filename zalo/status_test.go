package zalo

import (
	"errors"
	"fmt"
	"testing"
)

func TestSenderStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&apiError{Code: 429, Description: "quota"}, 429},
		{&apiError{Code: 426, Description: "daily quota of a bot in testing"}, 429},
		{fmt.Errorf("sendMessage: %w", &apiError{Code: 403, Description: "blocked"}), 403},
		{&apiError{Code: 500}, 500},
		{errors.New("connection reset by peer"), 0},
		{errUnsendable, 0},
	} {
		if got := (sender{}).Status(tc.err); got != tc.want {
			t.Errorf("Status(%v) = %d; want %d", tc.err, got, tc.want)
		}
	}
}
