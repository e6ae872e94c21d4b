package zalo

import (
	"strings"

	"github.com/fieldbot/fieldbot"
	"github.com/fieldbot/fieldbot/conversation"
	"github.com/fieldbot/fieldbot/locale"
)

// input turns an update into a neutral input. Zalo has no buttons and no
// command menu, so commands are recognised in plain text: "/baocao",
// "baocao", "bao cao", "Tiến độ kv1".
func input(u update) fieldbot.Input {
	if u.EventName != "" && u.EventName != "message.text.received" {
		return fieldbot.Input{Kind: fieldbot.InputOther}
	}
	text := locale.CleanInput(u.Message.Text)
	if text == "" {
		return fieldbot.Input{Kind: fieldbot.InputOther}
	}
	if cmd, args, ok := command(text); ok {
		in := fieldbot.Input{Kind: fieldbot.InputCommand, Command: cmd, Text: args}
		if !strings.HasPrefix(text, "/") {
			in.Plain = text // in a form, "Tiến độ chậm do…" may be the answer
		}
		return in
	}
	return fieldbot.Input{Kind: fieldbot.InputText, Text: text}
}

// takesArgs says whether words after a command word belong to it. Other
// commands must be the whole message, so an answer that merely starts
// with "báo cáo" stays an answer; /baocao takes quick entry ("vcdk=7581").
func takesArgs(cmd conversation.Command, args string) bool {
	switch cmd {
	case conversation.CmdStatus, conversation.CmdInvite, conversation.CmdReopen, conversation.CmdStart, conversation.CmdEdit,
		conversation.CmdLanguage, conversation.CmdChannel, conversation.CmdAccounts, conversation.CmdUnlink:
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
