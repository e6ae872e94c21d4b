package fieldbot

import "time"

// Input is one thing a person did in a chat, in channel-neutral terms. A
// channel adapter builds it from its own update type; text is already
// NFC-normalised and length-limited by the adapter.
type Input struct {
	Kind InputKind
	// Text is what was typed (InputText), or the arguments after a command.
	Text string
	// Command is the command name as typed, without the slash and any
	// "@botname" suffix ("baocao"); the conversation resolves aliases.
	Command string
	// Button is the data of a pressed option (InputButton).
	Button string
	// Contact is a shared phone number (InputContact); ContactOwn says whether
	// the contact is the sender's own, as the channel vouches.
	Contact    string
	ContactOwn bool
	// File is a document the person sent (InputFile): its name and bytes,
	// already bounded in size by the channel.
	File *File
	// Plain is the whole message when a channel recognised a command in
	// plain words, without a slash ("tiến độ chậm do…" on Zalo). Inside a
	// form such a message with words after the command is an answer that
	// merely begins like a command.
	Plain string
}

// InputKind says what kind of thing an Input is.
type InputKind int

const (
	InputText InputKind = iota
	InputCommand
	InputButton
	InputContact
	InputFile  // a document: a spreadsheet sent back to the bot
	InputOther // a sticker, a voice note, ...: the bot explains what it understands
)

// Message is something the bot says, in channel-neutral terms: a channel
// adapter renders Options as buttons where it has them and, where it does
// not, as a numbered list (options with a Word as words to type).
type Message struct {
	// Text is HTML limited to <b>, <i> and <code>; everything a person typed
	// has been escaped.
	Text    string   `json:"text"`
	Options []Option `json:"options,omitempty"`
	// Columns is how many options fit on a row (0: one per row).
	Columns int `json:"columns,omitempty"`
	// AskContact, when set, is the label of a "share my phone number" button.
	AskContact string `json:"ask_contact,omitempty"`
	// ClearKeyboard removes a reply keyboard left by an earlier message.
	ClearKeyboard bool `json:"clear_keyboard,omitempty"`
	// Photo, when set, goes first with Caption (plain text) under it; Text
	// follows as its own message(s). Channels that cannot show a photo send
	// the caption alone.
	Photo   *File  `json:"photo,omitempty"`
	Caption string `json:"caption,omitempty"`
	// Document, when set, goes last (a spreadsheet).
	Document *File `json:"document,omitempty"`
	// Upload asks for a way to send the bot a file in reply (a spreadsheet
	// to import). Telegram needs none: a person sends the document in the
	// chat. Zalo takes no files, so it adds a one-time, expiring link to an
	// upload page; what is uploaded there comes back to the engine as an
	// InputFile of this chat, in order like any message.
	Upload bool `json:"upload,omitempty"`
	// Invite, when set, is the invitation code Text shows. A channel on
	// which a link can open the bot with the code (Telegram's
	// t.me/<bot>?start=CODE) adds that link and a QR image of it after the
	// text; the others show Text alone, which always holds the code.
	Invite *Invitation `json:"invite,omitempty"`
	// Lang is the language the message is written in ("" for the bot's
	// default): what a channel adds to it (Zalo's "type 1, 2 or 3", a
	// download link's wording) is written in the same language.
	Lang string `json:"lang,omitempty"`
}

// Invitation is an invitation code as a message carries it to the
// channel that shows it.
type Invitation struct {
	Code    string    `json:"code"` // as stored, without the dash: "K7PQ2MXA"
	Name    string    `json:"name"` // the person it is for
	Expires time.Time `json:"expires"`
}

// MaxInputFile is the largest file a person may send the bot (InputFile),
// on every channel: a roster or targets spreadsheet is far smaller, and a
// channel refuses anything bigger before the engine sees it.
const MaxInputFile = 2 << 20

// File is an image or document attached to a message. Producers fill in
// Data; the relay moves the bytes into the store once and leaves Ref, so a
// chart sent to a thousand people is stored once, not in every outbox entry.
type File struct {
	Name string `json:"name"` // shown to the person, e.g. "tien-do-tuan-48.xlsx"
	Ref  string `json:"ref,omitempty"`
	Data []byte `json:"data,omitempty"`
}

// Option is one choice offered with a message. Data is at most 64 bytes of
// ASCII and is echoed back in Input.Button when chosen.
type Option struct {
	Label string `json:"label"`
	Data  string `json:"data"`
	// Word, when set, marks a way around a question whose answer is typed
	// (skip, back, cancel) rather than an answer to it. A channel without
	// buttons names the word to type instead of numbering the option, so a
	// number typed there is always the answer.
	Word string `json:"word,omitempty"`
}
