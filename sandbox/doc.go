// Package sandbox serves a web page on which a person chats with the real
// bot as somebody from the roster, through the fake Telegram Bot API of
// package telegramtest and, when given, the fake Zalo Bot Platform of
// package zalotest, running in the same process. Nothing here is a second
// implementation of the bot: the page only drives the fakes the way the
// apps would (SendText, PressButton, SendContact) and shows what the bot
// sent (Messages, Subscribe). Each person has a chat on each channel.
//
// Routes, all relative to where the Server is mounted; CH is telegram (the
// default) or zalo:
//
//	GET  /                        the page (embedded; no CDN, no build step)
//	GET  /static/...              its script and style sheet
//	GET  /api/people              who one can chat as
//	GET  /api/meta?lang=L         the action controls, each role's command menu, the channels,
//	                              the office's time zone (the page shows times in it)
//	GET  /api/texts?lang=L        the page's texts: catalog key → template (locale, sandbox.* and role.*)
//	GET  /api/chat?user=ID&channel=CH   a person's private chat, both sides, oldest first
//	GET  /api/file?user=ID&channel=CH&msg=ID&kind=photo|document
//	GET  /api/events?user=ID&channel=CH server-sent events for that chat
//	GET  /files/...               the bot's signed public links (Options.Files)
//	POST /api/send    {"user":ID,"channel":CH,"text":"..."}
//	POST /api/press   {"user":ID,"message":ID,"data":"..."}   Telegram only
//	POST /api/contact {"user":ID}                             Telegram only
//	POST /api/invite  {"user":ID}   a one-time code for the person (Options.Invite)
//	POST /api/action  {"id":"..."}
//
// The page speaks Vietnamese or English (L is vi or en): the configured
// language (Options.Lang) unless it asks for the other. Errors are JSON
// {"error": "..."} in the request's language: lang in the query or the
// body, else Accept-Language, else the configured language (a POST refused
// before its body is read, by the guard below or for its size or type,
// goes by the query and Accept-Language only; the page names its language
// in the query).
//
// POST bodies are JSON of at most 64 KiB, and are refused unless the Host
// is a literal IP address (any port: 127.0.0.1, or the machine's address
// on the office's network, for phones) or localhost, and any Origin is
// that same scheme and host: DNS rebinding needs a host name, and other
// sites send their own origin. The page has no login: it listens on
// 127.0.0.1 by default, and on a LAN only a trusted one should reach it.
package sandbox
