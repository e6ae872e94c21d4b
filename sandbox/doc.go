// Package sandbox serves a web page on which a person chats with the real
// bot as somebody from the roster, through the fake Telegram Bot API of
// package telegramtest running in the same process. Nothing here is a
// second implementation of the bot: the page only drives telegramtest the
// way a Telegram app would (SendText, PressButton, SendContact) and shows
// what the bot sent (Messages, Subscribe).
//
// Routes, all relative to where the Server is mounted:
//
//	GET  /                        the page (embedded; no CDN, no build step)
//	GET  /static/...              its script and style sheet
//	GET  /api/people              who one can chat as
//	GET  /api/meta                the action controls and the command menu
//	GET  /api/chat?user=ID        a person's private chat, both sides, oldest first
//	GET  /api/file?user=ID&msg=ID&kind=photo|document
//	GET  /api/events?user=ID      server-sent events for that chat
//	POST /api/send    {"user":ID,"text":"..."}
//	POST /api/press   {"user":ID,"message":ID,"data":"..."}
//	POST /api/contact {"user":ID}
//	POST /api/action  {"id":"..."}
//
// POST bodies are JSON of at most 64 KiB, and are refused unless the Host
// and any Origin are loopback addresses of the same origin (a guard against
// cross-site requests and DNS rebinding): the sandbox is meant to listen on
// 127.0.0.1.
package sandbox
