// Package zalotest is a fake Zalo Bot Platform server for tests and for the
// sandbox, faithful to /work/shared/ZALO.md (the specification fieldbot
// follows). The bot calls it exactly as the real platform:
//
//	srv := zalotest.New("1234567890:secret")
//	defer srv.Close()
//	// POST srv.URL()+"/bot"+srv.Token+"/sendMessage" {"chat_id":..., "text":...}
//
// # Calls
//
// GET or POST /bot<TOKEN>/<method>, parameters as query, form, multipart or
// JSON body (body values win over query values). Method names are
// case-sensitive. Every answer is the envelope {ok, result, error_code,
// description} with HTTP status 200, errors included, as the real platform
// may answer: a client must trust "ok", never the HTTP status.
// SetCamelCaseErrors spells the code "errorCode", as some real errors do.
// A wrong token is 401 "Unauthorized", an unknown method 404.
//
// Methods: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
// sendMessage, sendPhoto, sendSticker, sendChatAction. sendVoice exists on
// the platform but is not modelled (404 here).
//
// # Faithful (agreed facts)
//
//   - getUpdates answers ONE update {event_name, message} per call, oldest
//     first, with no offset and no acknowledgement, or error 408 "Request
//     timeout" when nothing arrives within timeout seconds (default 30).
//     It is refused while a webhook is set.
//   - sendMessage text is 1–2000 characters counted in runes, so a
//     Vietnamese text of 2000 characters and more bytes is accepted;
//     parse_mode "markdown" or "html" is accepted and recorded, not parsed.
//   - sendPhoto's photo is a URL the fake downloads with an HTTP GET, as Zalo
//     does; no upload. A failed download, a non-200 answer or a body that is
//     not an image is a 400. The bytes are kept (Message.Photo). caption is
//     at most 2000 runes.
//   - A bot can only write to chats that wrote to it first (SendText and
//     friends, or AddUser): other chat_ids are a 403.
//   - No buttons, keyboards, documents or uploads: reply_markup, multipart
//     file parts and any parameter a method lacks are refused with 400 and
//     recorded as Rejections, so a test can prove the bot never sends them:
//     len(srv.Rejections()) == 0.
//   - Updates: message_id opaque string, date in epoch milliseconds,
//     from{id, display_name, is_bot:false}, chat{id, chat_type:"PRIVATE"};
//     images carry photo_url. The private chat's id is the user's id.
//   - Webhook deliveries are POSTed with header X-Bot-Api-Secret-Token and
//     the body {"ok":true,"result":{...}}, or flat {event_name, message}
//     with SetFlatDeliveries(true). A non-2xx answer or a transport error
//     is retried with the same message_id (Redeliver repeats one at will).
//
// # Stricter than the platform, or unknown there
//
//   - setWebhook also accepts http:// on 127.0.0.1, [::1] and localhost so
//     that tests need no TLS; any other http:// URL is refused. secret_token
//     is required, 8–256 characters.
//   - Unknown parameters are refused (the platform may ignore them); chat_id,
//     text, caption must be JSON strings; parse_mode must be exactly
//     "markdown" or "html"; sendChatAction's action must be "typing".
//   - Not documented, chosen here: the refusal of getUpdates with a webhook
//     is a 400; an unknown chat is a 403; sendChatAction answers true;
//     deleteWebhook and getWebhookInfo answer {url, updated_at} with url ""
//     when none is set; updates queued before setWebhook go to the webhook.
//   - One source only: the webhook retry policy and deadline (here 3
//     retries, 50 ms backoff doubled, 10 s per POST; see
//     SetWebhookRetries), the flat delivery shape, "errorCode".
//   - Deliveries go one at a time, in order; a delivery being retried holds
//     back the others. The real platform may deliver concurrently.
//   - An update handed to a poll whose client has gone is lost, as on the
//     real platform ("to avoid missing events", use the webhook).
//   - Groups, sendVoice, the 426 daily test quota and 429 quota exceeded
//     are not modelled except through FailNext (429 carries no
//     retry-after, like Zalo).
//
// People are simulated with SendText, SendImage, SendSticker and
// SendUnsupported; what the bot did is observed with Messages, WaitFor,
// Subscribe, Rejections, Calls, ChatActions and Deliveries; FailNext
// injects errors.
package zalotest
