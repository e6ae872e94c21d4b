package conversation

import (
	"slices"
	"strings"

	"github.com/fieldbot/fieldbot"
)

// Command is one of the bot's commands, by its English name.
type Command string

const (
	CmdStart    Command = "start"
	CmdReport   Command = "report"
	CmdEdit     Command = "edit"
	CmdStatus   Command = "status"
	CmdRanking  Command = "ranking"
	CmdMissing  Command = "missing"
	CmdCancel   Command = "cancel"
	CmdHelp     Command = "help"
	CmdReopen   Command = "reopen"
	CmdDigest   Command = "digest"
	CmdInvite   Command = "invite"
	CmdChannel  Command = "channel"
	CmdLanguage Command = "language"
	CmdAccounts Command = "accounts"
	CmdUnlink   Command = "unlink"
	CmdRoster   Command = "roster"
	CmdTargets  Command = "targets"
	CmdHistory  Command = "history"
)

// CommandSpec describes a command for a channel's command menu.
type CommandSpec struct {
	Name  Command
	Alias string // the Vietnamese alias
	Key   string // catalog key of its description
	// Roles may use the command and see it in their menu; the engine
	// refuses it to anyone else, by this list (turn.may).
	Roles []fieldbot.Role
}

// Who may use a command, as the engine checks it.
var (
	everyone = []fieldbot.Role{fieldbot.RoleOfficer, fieldbot.RoleLeader, fieldbot.RoleAdmin}
	leaders  = []fieldbot.Role{fieldbot.RoleLeader, fieldbot.RoleAdmin}
	admins   = []fieldbot.Role{fieldbot.RoleAdmin}
)

// Commands lists every command in menu order.
var Commands = []CommandSpec{
	{CmdReport, "baocao", "cmd.report", everyone},
	{CmdEdit, "sua", "cmd.edit", everyone},
	{CmdStatus, "tiendo", "cmd.status", everyone},
	{CmdRanking, "xephang", "cmd.ranking", everyone},
	{CmdMissing, "chuabaocao", "cmd.missing", leaders},
	{CmdDigest, "tonghop", "cmd.digest", leaders},
	{CmdInvite, "moi", "cmd.invite", leaders},
	{CmdUnlink, "huylienket", "cmd.unlink", leaders},
	{CmdRoster, "danhsach", "cmd.roster", leaders},
	{CmdTargets, "chitieu", "cmd.targets", leaders},
	{CmdHistory, "lichsu", "cmd.history", leaders},
	{CmdReopen, "moky", "cmd.reopen", admins},
	{CmdChannel, "kenh", "cmd.channel", everyone},
	{CmdLanguage, "ngonngu", "cmd.language", everyone},
	{CmdAccounts, "taikhoan", "cmd.accounts", everyone},
	{CmdCancel, "huy", "cmd.cancel", everyone},
	{CmdHelp, "trogiup", "cmd.help", everyone},
	{CmdStart, "", "cmd.start", everyone},
}

// For reports whether role may use the command.
func (c CommandSpec) For(role fieldbot.Role) bool { return slices.Contains(c.Roles, role) }

// Menu lists the commands role may use, in menu order. The officer's menu
// is also what people not yet bound see: it has /start.
func Menu(role fieldbot.Role) []CommandSpec {
	var out []CommandSpec
	for _, c := range Commands {
		if c.For(role) {
			out = append(out, c)
		}
	}
	return out
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
