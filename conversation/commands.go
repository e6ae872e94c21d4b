package conversation

import "strings"

// Command is one of the bot's commands, by its English name.
type Command string

const (
	CmdStart   Command = "start"
	CmdReport  Command = "report"
	CmdEdit    Command = "edit"
	CmdStatus  Command = "status"
	CmdRanking Command = "ranking"
	CmdMissing Command = "missing"
	CmdCancel  Command = "cancel"
	CmdHelp    Command = "help"
	CmdReopen  Command = "reopen"
	CmdDigest  Command = "digest"
	CmdInvite  Command = "invite"
	CmdChannel Command = "channel"
)

// CommandSpec describes a command for a channel's command menu.
type CommandSpec struct {
	Name  Command
	Alias string // the Vietnamese alias
	Key   string // catalog key of its description
	// Admin commands are left out of the menu everyone sees.
	Admin bool
}

// Commands lists every command in menu order.
var Commands = []CommandSpec{
	{CmdReport, "baocao", "cmd.report", false},
	{CmdEdit, "sua", "cmd.edit", false},
	{CmdStatus, "tiendo", "cmd.status", false},
	{CmdRanking, "xephang", "cmd.ranking", false},
	{CmdMissing, "chuabaocao", "cmd.missing", false},
	{CmdDigest, "tonghop", "cmd.digest", false},
	{CmdInvite, "moi", "cmd.invite", false},
	{CmdChannel, "kenh", "cmd.channel", false},
	{CmdCancel, "huy", "cmd.cancel", false},
	{CmdHelp, "trogiup", "cmd.help", false},
	{CmdStart, "", "cmd.start", false},
	{CmdReopen, "moky", "cmd.reopen", true},
}

// ResolveCommand maps a typed command name or alias to its Command.
func ResolveCommand(name string) (Command, bool) {
	name = strings.ToLower(name)
	for _, c := range Commands {
		if name == string(c.Name) || (c.Alias != "" && name == c.Alias) {
			return c.Name, true
		}
	}
	return "", false
}
