package zalo

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
)

// maxInput bounds typed text before anything else looks at it.
const maxInput = 4096

// input turns an update into a neutral input. Zalo has no buttons and no
// command menu, so commands are recognised in plain text: "/baocao",
// "baocao", "bao cao", "Tiến độ kv1".
func input(u update) fieldbot.Input {
	if u.EventName != "" && u.EventName != "message.text.received" {
		return fieldbot.Input{Kind: fieldbot.InputOther}
	}
	text := clean(u.Message.Text)
	if text == "" {
		return fieldbot.Input{Kind: fieldbot.InputOther}
	}
	if cmd, args, ok := command(text); ok {
		return fieldbot.Input{Kind: fieldbot.InputCommand, Command: cmd, Text: args}
	}
	return fieldbot.Input{Kind: fieldbot.InputText, Text: text}
}

// takesArgs says whether words after a command word belong to it. Other
// commands must be the whole message, so an answer that merely starts
// with "báo cáo" stays an answer; /baocao takes quick entry ("vcdk=7581").
func takesArgs(cmd conversation.Command, args string) bool {
	switch cmd {
	case conversation.CmdStatus, conversation.CmdInvite, conversation.CmdReopen, conversation.CmdStart, conversation.CmdEdit:
		return true
	case conversation.CmdReport:
		return strings.Contains(args, "=")
	}
	return false
}

// command finds a command at the start of text: with a slash, any word
// after it is an argument; without one, "bao cao" and "baocao" both name
// /baocao (diacritics and case ignored).
func command(text string) (string, string, bool) {
	if rest, ok := strings.CutPrefix(text, "/"); ok {
		name, args, _ := strings.Cut(rest, " ")
		return name, strings.TrimSpace(args), name != ""
	}
	words := strings.Fields(text)
	for n := min(2, len(words)); n >= 1; n-- {
		name := locale.Fold(strings.Join(words[:n], ""))
		cmd, ok := conversation.ResolveCommand(name)
		if !ok {
			continue
		}
		args := strings.Join(words[n:], " ")
		if args != "" && !takesArgs(cmd, args) {
			return "", "", false
		}
		return name, args, true
	}
	return "", "", false
}

// clean normalises typed text: keyboards send composed or decomposed
// Vietnamese, and nothing downstream should care which.
func clean(s string) string {
	s = norm.NFC.String(strings.TrimSpace(s))
	if len(s) > maxInput {
		s = s[:maxInput]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
