package locale

// enMessages is the English catalog; see viMessages.
var enMessages = map[string]string{
	// Onboarding.
	"onboard.share_phone":     "To get started, please share your phone number with the button below.",
	"onboard.share_button":    "📱 Share my phone number",
	"onboard.greet":           "Hello, {name}! Your account is now linked.\nUnit: {unit}\nRole: {role}\n\nSend /report to report your figures, /help for help.",
	"onboard.foreign_contact": "That is not your own phone number. Please share your own number with the button below, not someone else's contact.",
	"onboard.stranger":        "The number {phone} is not on the staff list. Please ask your unit's leader or the IT officer to add you, then send /start again.",
	"onboard.need_start":      "Please send /start first.",
	"onboard.already":         "You are already registered: {name}, {unit}. Send /help to see the commands.",

	// Roles.
	"role.officer": "Officer",
	"role.leader":  "Leader",
	"role.admin":   "Administrator",

	// Guided entry.
	"report.no_form":         "There is no report form for you at the moment.",
	"report.revision_notice": "You have already reported for this period: {period}.\nIf you save, this becomes revision {revision} of your report; earlier revisions are kept.",
	"report.ask":             "Field {n}/{total}: {label}\n{help}",
	"report.invalid_count":   "Please enter a whole number, 0 or more, e.g. 7581.",
	"report.invalid_number":  "Please enter a number, with a decimal comma, e.g. 83,99.",
	"report.invalid_money":   "I could not read that amount. You can write, for example: {hint}.",
	"report.invalid_date":    "Please enter a date as day/month/year, e.g. 28/11/2026, or type “today”.",
	"report.invalid_choice":  "Please choose one of the options below (tap a button or type its number).",
	"report.too_long":        "Too long: at most {max} characters.",
	"report.below_min":       "The value must be at least {min}.",
	"report.above_max":       "The value must be at most {max}.",
	"report.summary_title":   "{form}\nPeriod: {period}\nUnit: {unit}\n\nPlease check before you confirm:",
	"report.confirm_button":  "✅ Confirm and save",
	"report.edit_button":     "✏️ Edit",
	"report.cancel_button":   "✖️ Cancel",
	"report.back_button":     "⬅️ Back",
	"report.skip_button":     "Skip",
	"report.saved":           "✅ Report saved.\n{form}, {period}\nRevision {revision}, at {time}.",
	"report.unchanged":       "Nothing differs from revision {revision} saved at {time}, so no new revision was saved.",
	"report.cancelled":       "Cancelled. Nothing was saved.",
	"report.check_failed":    "The figures do not add up: {message}",
	"report.stale_button":    "This button is no longer valid.",
	"report.resumed":         "Continuing where you left off.",
	"report.busy":            "You are filling in a form. Finish it, or send /cancel first.",
	"report.pick_field":      "Choose the field to change:",
	"report.yes":             "Yes",
	"report.no":              "No",
	"report.empty":           "(empty)",

	// Command menu descriptions (Telegram: at most 256 characters).
	"cmd.start":   "Start and link your account",
	"cmd.report":  "Report this period's figures",
	"cmd.edit":    "Change a report you sent",
	"cmd.status":  "Progress against targets",
	"cmd.ranking": "Units ranked by indicator",
	"cmd.missing": "Who has not reported this period",
	"cmd.cancel":  "Cancel what you are doing",
	"cmd.help":    "What you can do here",

	// Help, by role.
	"help.officer": "You can use these commands:\n" +
		"/report (/baocao): report this period's figures\n" +
		"/edit (/sua): change a report you sent\n" +
		"/status (/tiendo): progress against targets\n" +
		"/ranking (/xephang): your place among your unit's officers, by indicator\n" +
		"/accounts (/taikhoan): see the Zalo and Telegram accounts you linked\n" +
		"/cancel (/huy): cancel what you are doing\n" +
		"/channel (/kenh): choose where reminders reach you when you use both Zalo and Telegram\n" +
		"/language (/ngonngu): choose your language (Vietnamese, English)\n" +
		"/help (/trogiup): this help\n\n" +
		"Write numbers the Vietnamese way: 83,99 or 1.234.567. Amounts may be written 1,5 tỷ, 250 triệu, 800 nghìn.",
	"help.leader": "You can use these commands:\n" +
		"/status (/tiendo): progress against targets for your unit; add a unit name to see one unit below yours\n" +
		"/ranking (/xephang): sub-units (or your unit's officers) ranked by each indicator\n" +
		"/missing (/chuabaocao): who has not reported this period\n" +
		"/digest (/tonghop): preview the progress digest\n" +
		"/invite (/moi): issue an invitation code so an officer can link their account (Zalo, Telegram)\n" +
		"/roster (/danhsach): the roster as an Excel file, edit and send back\n" +
		"/targets (/chitieu): the targets as an Excel file, edit and send back\n" +
		"/channel (/kenh): choose where digests reach you when you use both Zalo and Telegram\n" +
		"/language (/ngonngu): choose your language (Vietnamese, English)\n" +
		"/report (/baocao): report this period's figures\n" +
		"/edit (/sua): change a report you sent\n" +
		"/accounts (/taikhoan): see the Zalo and Telegram accounts you linked\n" +
		"/unlink (/huylienket): unlink an officer's account after a lost phone\n" +
		"/history (/lichsu): the history of reports and administrative acts (who, what, when); add a unit, a phone or a name, and “excel” for a spreadsheet\n" +
		"/cancel (/huy): cancel what you are doing\n" +
		"/help (/trogiup): this help\n\n" +
		"You also get a progress digest for your unit on a schedule.",
	"help.admin": "You can use these commands:\n" +
		"/status (/tiendo): progress against targets; add a unit name to see one unit\n" +
		"/ranking (/xephang): units ranked by each indicator\n" +
		"/missing (/chuabaocao): who has not reported this period\n" +
		"/digest (/tonghop): preview the progress digest\n" +
		"/invite (/moi): issue an invitation code so an officer can link their account (Zalo, Telegram)\n" +
		"/reopen (/moky): reopen a closed reporting period for a unit, e.g. /reopen kv1 2026-W47\n" +
		"/roster (/danhsach): the roster as an Excel file, edit and send back\n" +
		"/targets (/chitieu): the targets as an Excel file, edit and send back\n" +
		"/channel (/kenh): choose where digests reach you when you use both Zalo and Telegram\n" +
		"/language (/ngonngu): choose your language (Vietnamese, English)\n" +
		"/report (/baocao): report this period's figures\n" +
		"/edit (/sua): change a report you sent\n" +
		"/accounts (/taikhoan): see the Zalo and Telegram accounts you linked\n" +
		"/unlink (/huylienket): unlink an officer's account after a lost phone\n" +
		"/history (/lichsu): the history of reports and administrative acts (who, what, when); add a unit, a phone or a name, and “excel” for a spreadsheet\n" +
		"/cancel (/huy): cancel what you are doing\n" +
		"/help (/trogiup): this help\n\n" +
		"As an administrator you see every unit and manage people, units, targets and periods.",

	// Errors.
	"error.internal":        "Something went wrong and nothing was saved. Please try again.",
	"error.unknown_command": "Unknown command. Send /help to see the commands.",
	"error.not_allowed":     "You are not allowed to do that.",
	"error.unreachable":     "The service is not responding right now. Please try again in a few minutes.",

	// Periods.
	"period.week":  "Week {week}/{year} ({from}–{to})",
	"period.month": "Month {month}/{year}",
	"period.year":  "Statistical year {year}",
	// The period a command is about (docs/input.md, "Kỳ báo cáo").
	"period.about":   "Reporting period: {period}",
	"report.heading": "{form} — {period}\nUnit: {unit}",

	// Money parsing hints.
	"money.hint.ambiguous": "It is not clear how much “{input}” is. Please write it out, e.g. “1,5 tỷ” or “1.500.000” (a dot groups thousands, a comma starts the decimals).",

	// Added with the conversation engine.
	"report.expired":           "Your earlier report timed out after a long silence; unconfirmed answers were not saved. Send /report to start again.",
	"report.text_only":         "The bot reads only text and numbers. Please type your answer or press a button.",
	"report.nothing_to_cancel": "There is nothing in progress to cancel.",
	"report.pick_form":         "Which form would you like to fill in?",
	"report.current":           "Current answer: {value}. Type a new value to replace it.",
	"report.pick_option":       "Please press a button or type its number, from 1 to {n}.",
	"report.required_missing":  "“{label}” is required; please answer it.",
	"report.empty_text":        "Please type something, or press Skip if this field is optional.",
	"help.hint":                "Send /report to report your figures, /help to see the commands.",
	"error.not_yet":            "This feature is being built and will come in the next update.",
	"report.period_closed":     "{period} closed at {closed}; reports for it can no longer be sent or changed. Ask an administrator to reopen it if a correction is needed.",
	"report.nothing_to_edit":   "You have no open report to change. Send /report to report this period.",
	"report.bad_period":        "“{period}” is not a period. Write it like {example}.",
	"report.plausible_lower":   "⚠️ {label}: {value} is lower than your latest report ({previous}, {period}). It is a cumulative figure and does not usually go down. Are you sure?",
	"report.plausible_jump":    "⚠️ {label}: {value} is {ratio} times your latest report ({previous}, {period}). Are you sure?",
	"report.keep_button":       "✔️ Yes, keep it",
	"report.retype_button":     "✏️ Type it again",
	"report.quick_failed":      "The quick report was not taken because:",
	"report.quick_garbled":     "• Write it as key=value pairs separated by spaces.",
	"report.quick_unknown":     "• There is no field “{key}”.",
	"report.quick_twice":       "• “{key}” is given twice.",
	"report.quick_bad":         "• Field {key}={value}: {reason}",
	"report.quick_keys":        "Example: /report vcdk=7581 vxong=6300 tcdk=470ty\nFields: {keys}",
	"cmd.reopen":               "Reopen a closed reporting period for a unit",
	"report.reopen_usage":      "Usage: /reopen (unit) (period), e.g. /reopen kv1 2026-W47.",
	"report.unknown_unit":      "No unit “{unit}” in your scope.",
	"report.never_closes":      "This form never closes, so there is nothing to reopen.",
	"report.reopened":          "{period} is open again for {unit} until {until}. Its staff can send or change their reports for it with /edit.",
	"report.invalid_percent":   "Please type a percentage from 0 to 100, e.g. 83.99.",
	"status.pick_unit":         "Several units match; pick one:",
	"status.own":               "Your own figures ({name}):",
	"status.title":             "📊 Progress: {unit}\nFigures as of {date}",
	"status.reported":          "Reported this period: {done}/{total} officers",
	"status.breakdown":         "By unit and officer:",
	"status.no_data":           "no data yet",
	"status.ahead":             "{points} points ahead",
	"status.behind":            "{points} points behind",
	"status.last_week":         "Change since last week: {change} points",
	"status.last_year":         "Same period last year: {rate}",
	"status.needed_count":      "To reach the target, {count} more cases must be completed by {by}.",
	"status.needed_money":      "To reach the target, {amount} more must be collected by {by}.",
	"ranking.title":            "🏆 Ranking of the units of {unit}",
	"ranking.no_subunits":      "This unit has no sub-units.",
	// Pace: "behind" means behind the value expected by now, not merely
	// below the year's target; the two gaps are worded apart.
	"status.pace":              "Expected by now: {expected} ({pace})",
	"status.year_target":       "Year's target: {target} ({gap}; {of_target} of target)",
	"status.pace_ahead":        "{points} points ahead of pace",
	"status.pace_behind":       "{points} points behind pace",
	"status.pace_level":        "on pace",
	"status.target_over":       "{points} points above the year's target",
	"status.target_short":      "{points} points short of the year's target",
	"status.target_level":      "exactly on the year's target",
	"ranking.officers_title":   "🏆 Ranking of the officers of {unit}",
	"ranking.own_title":        "🏆 Your place ({name}) among the officers of {unit}",
	"ranking.own_place":        "Your place: {place}/{total}",
	"ranking.own_no_data":      "You have no figures to rank yet.",
	"ranking.no_officers":      "This unit has no officers on the roster.",
	"digest.chart_expected":    "Expected by now",
	"digest.chart_year_target": "Year's target",
	"missing.none":             "Everyone has reported for {period}.",
	"missing.title":            "Not yet reported for {period}: {count} people",

	// Digests, reminders, corrections.
	"cmd.digest":            "Preview the progress digest",
	"digest.title":          "📊 Digest for {period}",
	"digest.unit":           "{unit} · figures as of {date}",
	"digest.late":           "⏰ Sent late: this digest was due at {time}, while the system was down.",
	"digest.preview":        "👁 Preview on request; it does not replace the scheduled digest.",
	"digest.since":          "Since the previous digest ({date}):",
	"digest.since_line":     "{indicator}: {change} points",
	"digest.ranking":        "🏆 Sub-units ranked — {indicator}",
	"digest.by_officer":     "🏆 By officer — {indicator}",
	"digest.reported":       "👥 Reported: {done}/{total} officers ({on_time} on time, {late} after a reminder)",
	"digest.missing":        "Not reported yet ({count}):",
	"digest.missing_more":   "… and {count} more (send /missing for the full list).",
	"digest.all_reported":   "Every officer has reported this period.",
	"digest.caption":        "Rates against target — {unit}, {period}",
	"digest.sheet_units":    "Units",
	"digest.sheet_officers": "Officers",
	"digest.col_unit":       "Unit",
	"digest.col_name":       "Name",
	"digest.col_phone":      "Phone",
	"digest.col_reporters":  "Officers",
	"digest.col_reported":   "Reported",
	"digest.col_target":     "Target — {indicator}",
	"digest.col_gap":        "Gap (points) — {indicator}",
	"digest.col_yes":        "yes",
	"digest.col_no":         "not yet",
	"remind.text":           "⏰ Reminder: you have not sent {form} — {period} yet. Send /report to do it now (about 2 minutes).",
	"escalate.title":        "📋 {count} officers of {unit} have not reported {period} yet:",
	"correction.new":        "✏️ The figures for {period} changed after the digest of {date}: {name} ({unit}) has just reported. Send /status for the new figures.",
	"correction.revised":    "✏️ The figures for {period} changed after the digest of {date}: {name} ({unit}) corrected their report (revision {revision}). Send /status for the new figures.",

	// Invitations.
	"cmd.invite":        "Issue an invitation code so someone can link their account",
	"invite.usage":      "Send /invite with the phone number or full name of the person to invite, e.g. /invite 0912345678",
	"invite.unknown":    "{who} is not among the people you are responsible for.",
	"invite.ambiguous":  "Several people are called {who}; send /invite with the phone number instead.",
	"invite.issued":     "Invitation code for {name}: {code}\nOne use only, valid until {expires}. The person sends this code to the bot (on Zalo just type it; on Telegram send /start followed by the code).",
	"invite.bad_code":   "That invitation code is wrong, already used or expired. Check it or ask your leader for a new one.",
	"invite.too_many":   "Too many wrong codes. Please try again in an hour.",
	"onboard.send_code": "Hello! This is the automated assistant of the civil judgment enforcement office. To begin, send the bot the invitation code (8 characters, e.g. K7PQ-2MXA) your leader gave you.",

	// Zalo, which has no buttons.
	"zalo.type_number": "Type {numbers} to choose.",
	"zalo.or":          "or",
	"zalo.spreadsheet": "📎 Spreadsheet (download before {expires}): {url}",

	// In place of a part of a message the platform refused.
	"send.photo_refused":    "⚠️ The chart could not be attached.",
	"send.document_refused": "⚠️ The spreadsheet could not be attached.",

	// Channel preference.
	"cmd.channel":      "Choose where digests and reminders reach you (Zalo, Telegram)",
	"channel.show":     "You are linked on: {channels}. Digests and reminders go to: {current}. Change with /channel zalo, /channel telegram or /channel all.",
	"channel.all":      "every channel",
	"channel.unknown":  "You are not linked on {channel}. Your channels: {channels}.",
	"channel.set":      "From now on digests and reminders reach you on {channel}.",
	"cmd.language":     "Choose your language: Vietnamese or English",
	"language.show":    "Current language: {current}. Pick one below, or send /language vi (Vietnamese) or /language en (English).",
	"language.unknown": "There is no language “{language}”. Send /language vi for Vietnamese or /language en for English.",
	"language.set":     "From now on the bot answers you in {language}.",
	"language.vi":      "Vietnamese",
	"language.en":      "English",

	// Command line and sandbox controls.
	"invite.cli":         "Invitation code for {name} ({phone}): {code}\nOne use only, valid until {expires}. On Zalo: send the code to the bot. On Telegram: /start {code}",
	"sandbox.digest_now": "📊 Send the digest now",
	"sandbox.remind_now": "⏰ Send the reminders now",

	// The sandbox page (sandbox/static) and its API's answers.
	"sandbox.title":              "Fieldbot – try it with a fake Telegram and Zalo",
	"sandbox.title_person":       "{name} – Fieldbot sandbox",
	"sandbox.language":           "Page language",
	"sandbox.pick_person":        "Choose a person",
	"sandbox.pick_hint":          "Choose someone from the roster to chat with the bot as that person.",
	"sandbox.pick_sub":           "Tap to choose who to chat as",
	"sandbox.close":              "Close",
	"sandbox.filter":             "Search by name, title, unit…",
	"sandbox.filter_label":       "Search people",
	"sandbox.nobody":             "Nobody found.",
	"sandbox.unit_other":         "Other",
	"sandbox.channels":           "Chat channel",
	"sandbox.conn_none":          "Not connected",
	"sandbox.conn_on":            "Connected: messages arrive at once",
	"sandbox.conn_lost":          "Connection lost, trying again…",
	"sandbox.no_messages":        "No messages with the bot yet.",
	"sandbox.start":              "Start",
	"sandbox.start_zalo":         "👋 Say “{hello}”",
	"sandbox.hello":              "Hello",
	"sandbox.zalo_join_hint":     "Zalo cannot share a phone number: people join with an invitation code from a leader (the /invite command) or from the administrator on the server ({command}).",
	"sandbox.zalo_bar":           "Zalo: type commands without the / (report, status); figures as figures (2 is two cases); go around a question with words: skip, back, cancel; numbers choose only from a numbered list.",
	"sandbox.get_invite":         "🔑 Get an invitation code",
	"sandbox.commands":           "Commands",
	"sandbox.input":              "Type a message…",
	"sandbox.input_zalo":         "Type a message… (e.g. report, status)",
	"sandbox.input_label":        "Message to the bot",
	"sandbox.send":               "Send",
	"sandbox.photo":              "Photo",
	"sandbox.photo_alt":          "Photo from the bot",
	"sandbox.attachment":         "Attachment",
	"sandbox.edited":             "edited",
	"sandbox.sticker":            "[sticker {id}]",
	"sandbox.shared_phone":       "📱 Shared phone number {phone}",
	"sandbox.share_phone":        "📱 Share phone number",
	"sandbox.invite_code":        "Invitation code for {name}: {code} (single use, valid for 72 hours). Press Send to send it to the bot.",
	"sandbox.action_done":        "Done: {label}",
	"sandbox.error_status":       "Error {status}",
	"sandbox.load_failed":        "Could not load the chat: {message}",
	"sandbox.people_failed":      "Could not load the roster: {message}",
	"sandbox.lang_failed":        "Could not change the language: {message}",
	"sandbox.send_failed":        "Could not send: {message}",
	"sandbox.share_failed":       "Could not share the phone number: {message}",
	"sandbox.invite_failed":      "Could not get an invitation code: {message}",
	"sandbox.action_failed":      "Could not do it: {message}",
	"sandbox.file_name":          "file-{id}",
	"sandbox.err_user":           "missing or invalid user id (user)",
	"sandbox.err_unknown_user":   "no user {user} in the list",
	"sandbox.err_no_zalo":        "this page has no fake Zalo",
	"sandbox.err_channel":        "no channel {channel}; choose telegram or zalo",
	"sandbox.err_empty":          "the message is empty",
	"sandbox.err_too_long":       "the message is longer than {max} characters",
	"sandbox.err_zalo_typed":     "Zalo has no buttons and cannot share a phone number: type the answer",
	"sandbox.err_press":          "missing message or button data",
	"sandbox.err_stale_button":   "this button is gone; reload the chat",
	"sandbox.err_no_phone":       "this person has no phone number in the list",
	"sandbox.err_unknown_action": "no control {id}",
	"sandbox.err_action_unwired": "this control is not connected",
	"sandbox.err_no_invites":     "this page does not issue invitation codes",
	"sandbox.err_too_big":        "the body is too large (at most {max})",
	"sandbox.err_content_type":   "Content-Type must be application/json",
	"sandbox.err_json":           "invalid JSON: {message}",
	"sandbox.err_file_query":     "msg (a message id) and kind=photo or kind=document are required",
	"sandbox.err_no_file":        "no such file",
	"sandbox.err_stopped":        "the fake channels have stopped",
	"sandbox.err_host":           "the sandbox only accepts requests addressed to an IP address or localhost, not to another domain name",
	"sandbox.err_cross_site":     "requests from other sites are refused",

	// Typed answers and the ways around a question (Zalo types everything).
	"report.skip_word":            "skip",
	"report.back_word":            "back",
	"report.cancel_word":          "cancel",
	"report.fix_button":           "✏️ Fix: {label}",
	"report.item":                 "Item {n}.",
	"report.fix_word":             "fix item {n}",
	"report.just_typed":           "(just typed)",
	"report.cannot_skip":          "“{label}” is required and cannot be skipped.",
	"report.first_question":       "This is the first question; there is none before it to go back to.",
	"report.invalid_choice.typed": "Please type the number of one of the options below.",
	"report.text_only.typed":      "The bot reads only text and numbers. Please type your answer.",
	"report.pick_option.typed":    "Please type a number from 1 to {n}.",
	"report.empty_text.typed":     "Please type something, or type “skip” if this field is optional.",
	"zalo.type_words":             "Or type: {words}",
	"zalo.answer_words":           "Type your answer, or: {words}",

	// A half-filled form after a config change or a move.
	"report.form_changed":  "The form “{form}” was changed: the answers that still fit are kept; please answer the fields still missing.",
	"report.form_gone":     "The form you were filling in is no longer used; unconfirmed answers were not saved. Send /report to start again.",
	"report.unit_changed":  "Your unit is now {unit}; the report you are filling in will be saved for it. Please check it again.",
	"invite.officers_only": "{name} is a leader or an administrator: leaders invite only the officers of their unit. Codes for leaders and administrators come from an administrator.",

	// Linked accounts.
	"cmd.accounts":              "See the Zalo and Telegram accounts you linked",
	"cmd.unlink":                "Unlink an account (a lost phone)",
	"accounts.title":            "Accounts linked to {name} ({phone}):",
	"accounts.line":             "{n}. {channel} (id {id}), linked at {bound}",
	"accounts.this_one":         "← the account in use",
	"accounts.none":             "{name} has no linked account.",
	"accounts.unlink_hint":      "To unlink after a lost phone: /unlink (phone or name) zalo|telegram|all.",
	"accounts.unlink_usage":     "Usage: /unlink (phone or name) [zalo|telegram|all], e.g. /unlink 0912345678 zalo. See accounts with /accounts (phone).",
	"accounts.unlinked":         "Unlinked {count} account(s) of {name}: {channels}. They need a new invitation code to link again.",
	"accounts.officers_only":    "Leaders manage the accounts of their unit's officers only; {name}'s accounts are managed by an administrator.",
	"accounts.linked_notice":    "🔔 A {channel} account was just linked to {name} at {time}. If this was not you, tell your leader or an administrator at once so they can unlink it.",
	"accounts.unlinked_notice":  "🔔 The {channel} account of {name} was unlinked by {by} at {time}.",
	"accounts.you_are_unlinked": "This account is no longer linked to {name} ({by} unlinked it at {time}). To use the bot again you need a new invitation code.",

	// The roster and targets by spreadsheet.
	"cmd.roster":                   "The roster as an Excel file: edit and send back",
	"cmd.targets":                  "The targets as an Excel file: edit and send back",
	"directory.roster_sent":        "The {count} people of {unit} are in the attached Excel file. Edit it in Excel (add, move between units, delete rows), then send the file back to the bot: it checks the whole file and shows what would change before applying anything.",
	"directory.roster_sent_leader": "The {count} officers of {unit} are in the attached Excel file. You may add officers, move them between your units or delete rows, then send the file back to the bot: it checks the whole file and shows what would change before applying anything.",
	"directory.targets_sent":       "The {count} targets you set for {unit} are in the attached Excel file (by statistical year; next year's may be entered ahead and take effect when that year starts). Edit it and send it back to the bot.",
	"directory.officer_file":       "The bot takes roster and target files from leaders and administrators only.",
	"directory.unreadable":         "The file cannot be read: {reason} Nothing changed.",
	"directory.unknown_sheet":      "This file is neither a roster nor a targets sheet: its first row must have the column names of the file the bot sends (/roster, /targets). Nothing changed.",
	"directory.problems":           "The file has {count} problem(s); nothing was applied. Please fix them and send it again:",
	"directory.more_problems":      "… and {count} more.",
	"directory.col_unit":           "Unit",
	"directory.col_role":           "Role",
	"directory.col_phone":          "Phone",
	"directory.unit_outside":       "unit {unit} is not within your scope",
	"directory.officers_only":      "leaders add and change officers only; leaders and administrators are updated by an administrator",
	"directory.someone_else":       "{phone} is the number of {name}, who is not on the list you manage",
	"directory.keep_yourself":      "the file must keep you as an administrator, or nobody could change the roster any more",
	"directory.target_outside":     "you may not set targets for {unit}",
	"directory.no_change":          "The file is valid ({rows} rows) and changes nothing.",
	"directory.summary_roster":     "The file is valid: {rows} people. Applied, it would change the roster as follows:",
	"directory.summary_targets":    "The file is valid: {rows} targets. Applied, it would change the targets as follows:",
	"directory.count_added":        "Added {count}",
	"directory.count_moved":        "Moved to another unit {count}",
	"directory.count_changed":      "Details changed {count}",
	"directory.count_removed":      "Removed {count}",
	"directory.years":              "Statistical years in the file: {years}; other years stay as they are.",
	"directory.confirm_button":     "✅ Confirm and apply",
	"directory.pending":            "Do you want to apply the file you sent?",
	"directory.stale":              "The list was changed by someone else after you sent the file; nothing was applied. Please get a new file (/roster or /targets), edit it again and send it.",
	"directory.applied_roster":     "✅ The new roster is applied ({count} changes) and in force now. New people can link their accounts right away.",
	"directory.applied_targets":    "✅ The new targets are applied ({count} changes); /status and the digests use them now.",
	// The history (/history).
	"cmd.history":         "History of reports and administrative acts",
	"history.title":       "History — {what} (newest first):",
	"history.none":        "Nothing in the history of {what} yet.",
	"history.unknown":     "No unit or person “{who}” in your scope. Usage: /history, /history (unit), /history (phone or name), add “excel” for a spreadsheet.",
	"history.sheet":       "The attached spreadsheet has the latest {count} entries.",
	"history.server":      "Server",
	"history.revision":    "{person}'s report for {period}, revision {n}",
	"history.reopen":      "Reopened {period} for {unit}",
	"history.invite":      "Invitation code for {person}",
	"history.link":        "{person} linked a {channel} account",
	"history.unlink":      "Unlinked {person}'s {channel} account",
	"history.roster":      "Roster updated: {person}",
	"history.targets":     "Targets updated: {unit}",
	"history.until":       "until",
	"history.empty":       "(empty)",
	"history.sheet_name":  "History",
	"history.col.time":    "Time",
	"history.col.by":      "Done by",
	"history.col.channel": "Channel",
	"history.col.act":     "Action",
	"history.col.unit":    "Unit",
	"history.col.person":  "Person concerned",
	"history.col.field":   "Item",
	"history.col.old":     "Old value",
	"history.col.new":     "New value",
	// Spreadsheets sent to the bot (sheet/): why a file is refused whole.
	"sheet.empty":            "The file is empty; there is nothing to read.",
	"sheet.too_big":          "The file is larger than {max} MB; please send a smaller one.",
	"sheet.not_xlsx":         "This is not an Excel (.xlsx) or CSV file; please send the spreadsheet again.",
	"sheet.old_excel":        "An old Excel file (.xls) or one with a password: open it in Excel, remove any password, save it as .xlsx and send it again.",
	"sheet.damaged":          "The file is damaged and cannot be read; please save it again in Excel and resend it.",
	"sheet.unpacked_too_big": "Unpacked, the file is larger than {max} MB; the bot does not read it.",
	"sheet.too_many_rows":    "The sheet has more than {max} rows; please split it into several files.",
	"sheet.too_many_columns": "The sheet has more than {max} columns; please delete the extra columns.",
	"sheet.formula":          "Cell {cell} holds a formula; this sheet takes values only. Copy and Paste Values, then send it again.",
	"sheet.not_utf8":         "The CSV file is not UTF-8: in Excel choose Save As “CSV UTF-8” and send it again.",

	// The people and targets spreadsheets (directory/): headings, and each
	// problem found, by row and column.
	"directory.roster_sheet":       "People",
	"directory.targets_sheet":      "Targets",
	"directory.col.phone":          "Phone",
	"directory.col.name":           "Name",
	"directory.col.unit":           "Unit",
	"directory.col.unit_name":      "Unit name",
	"directory.col.role":           "Role",
	"directory.col.title":          "Title",
	"directory.col.year":           "Year",
	"directory.col.indicator":      "Indicator",
	"directory.col.indicator_name": "Indicator name",
	"directory.col.officer":        "Officer",
	"directory.col.officer_name":   "Officer name",
	"directory.col.value":          "Target",
	"import.problem":               "Row {row}, column {column}: {problem}",
	"import.problem_row":           "Row {row}: {problem}",
	"import.no_rows":               "The sheet has no rows below the heading row.",
	"import.missing_column":        "the column “{column}” is missing.",
	"import.duplicate_column":      "the column “{column}” appears twice.",
	"import.required":              "this cell must not be empty.",
	"import.bad_phone":             "{value} is not a phone number.",
	"import.duplicate_phone":       "{value} is the same phone number as on row {row}: one person, one row.",
	"import.unknown_unit":          "there is no unit “{value}”: write a unit id or a unit's name as configured.",
	"import.admin_not_root":        "an administrator oversees the whole tree and belongs in the root unit “{unit}”.",
	"import.bad_role":              "“{value}” is not Officer, Leader or Administrator.",
	"import.control_chars":         "the cell holds a line break or a control character; please write it on one line.",
	"import.bad_year":              "“{value}” is not a statistical year (2027 runs from 01/10/2026 to 30/09/2027).",
	"import.unknown_indicator":     "there is no indicator “{value}”: write an indicator id or its name as configured.",
	"import.unknown_officer":       "{value} is not on the list of people.",
	"import.officer_elsewhere":     "{name} belongs to {unit}, not to the unit on this row.",
	"import.bad_value":             "“{value}” is not a percentage (e.g. 83.90).",
	"import.value_range":           "{value} is not between 0 and 100.",
	"import.duplicate_target":      "the same as row {row}: same year, indicator and unit (or officer).",
	"import.bad_milestone":         "“{value}” is not a day written day/month (e.g. 31/03).",
	"import.milestone_above":       "the milestone {value} is above the year-end target {target}.",
	// Joining by link: an invitation on Telegram, and fieldbot invite.
	"invite.link":       "On Telegram the person only has to open this link (or scan the QR code below) and press Start: {link}",
	"invite.qr_caption": "QR code inviting {name} to the Telegram bot {bot}: scan it with a phone's camera, open Telegram and press Start. One use only, valid until {expires}. Invitation code: {code}",
	"invite.qr_refused": "⚠️ The QR image could not be sent; the link above still works.",
	"invite.cli_link":   "Telegram link (opening it links the account): {link}",
	"invite.cli_qr":     "QR image of the link: {file}",
	// Files sent to the bot (a spreadsheet to import), and Zalo's upload page.
	"file.too_big":                   "The file “{name}” is too big: the bot takes files up to {max}. Please send a smaller file (keep only the sheet to import).",
	"file.unavailable":               "Could not download the file “{name}” from Telegram. Please send it again.",
	"upload.link":                    "📎 Send the file here: {url} (expires at {expires})",
	"upload.no_public_url":           "📎 Files cannot be sent through Zalo yet: the server has no public address ([zalo] public_url). Please tell an administrator, or send the file through Telegram.",
	"upload.title":                   "Send a file to fieldbot",
	"upload.intro":                   "Choose a spreadsheet (.xlsx or .csv, at most {max}) and press Send. The result will come in Zalo.",
	"upload.choose":                  "File",
	"upload.submit":                  "Send",
	"upload.received":                "File received; the result will come in Zalo.",
	"upload.gone":                    "This upload link has expired or was already used. Ask for a new one in Zalo.",
	"upload.invalid":                 "This upload link is not valid.",
	"upload.too_big":                 "The file is too big: at most {max}. Nothing was stored.",
	"upload.no_file":                 "No file was chosen.",
	"upload.failed":                  "The server could not store the file; please try again in a few minutes.",
	"directory.count_changed_target": "Changed {count}",
	"directory.milestones_changed":   "milestones changed",
}
