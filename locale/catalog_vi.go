package locale

// viMessages is the Vietnamese catalog. Every key has an English twin in
// enMessages with the same placeholders (catalog_test.go checks this).
// Messages are plain text: no HTML markup, no < > &.
var viMessages = map[string]string{
	// Onboarding.
	"onboard.share_phone":     "Để bắt đầu, anh/chị vui lòng chia sẻ số điện thoại của mình bằng nút bên dưới.",
	"onboard.share_button":    "📱 Chia sẻ số điện thoại",
	"onboard.greet":           "Xin chào {name}! Tài khoản của anh/chị đã được liên kết.\nĐơn vị: {unit}\nVai trò: {role}\n\nGửi /baocao để báo cáo số liệu, /trogiup để xem hướng dẫn.",
	"onboard.foreign_contact": "Đây không phải số điện thoại của chính anh/chị. Vui lòng bấm nút bên dưới để chia sẻ số điện thoại của mình, không gửi danh bạ của người khác.",
	"onboard.stranger":        "Số điện thoại {phone} chưa có trong danh sách cán bộ. Anh/chị vui lòng liên hệ lãnh đạo đơn vị hoặc cán bộ phụ trách công nghệ thông tin để được bổ sung, sau đó gửi lại /start.",
	"onboard.need_start":      "Anh/chị vui lòng gửi /start để bắt đầu.",
	"onboard.already":         "Anh/chị đã đăng ký: {name}, {unit}. Gửi /trogiup để xem các lệnh.",

	// Roles.
	"role.officer": "Cán bộ",
	"role.leader":  "Lãnh đạo",
	"role.admin":   "Quản trị",

	// Guided entry.
	"report.no_form":         "Hiện chưa có biểu mẫu báo cáo nào dành cho anh/chị.",
	"report.revision_notice": "Anh/chị đã gửi báo cáo cho kỳ này: {period}.\nNếu lưu lần này, đây sẽ là bản thứ {revision} của báo cáo; các bản trước vẫn được giữ lại.",
	"report.ask":             "Mục {n}/{total}: {label}\n{help}",
	"report.invalid_count":   "Vui lòng nhập một số nguyên không âm, ví dụ 7581 hoặc 7.581.",
	"report.invalid_number":  "Vui lòng nhập một số, dùng dấu phẩy cho phần thập phân, ví dụ 83,99 hoặc 1.234,5.",
	"report.invalid_money":   "Chưa đọc được số tiền này. Anh/chị có thể viết, ví dụ: {hint}.",
	"report.invalid_date":    "Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 28/11/2026, hoặc gõ “hôm nay”.",
	"report.invalid_choice":  "Vui lòng chọn một trong các phương án bên dưới (bấm nút hoặc gõ số thứ tự).",
	"report.too_long":        "Nội dung quá dài: tối đa {max} ký tự.",
	"report.below_min":       "Giá trị phải từ {min} trở lên.",
	"report.above_max":       "Giá trị không được vượt quá {max}.",
	"report.summary_title":   "{form}\nKỳ: {period}\nĐơn vị: {unit}\n\nAnh/chị vui lòng kiểm tra lại trước khi xác nhận:",
	"report.confirm_button":  "✅ Xác nhận và lưu",
	"report.edit_button":     "✏️ Sửa",
	"report.cancel_button":   "✖️ Hủy",
	"report.back_button":     "⬅️ Quay lại",
	"report.skip_button":     "Bỏ qua",
	"report.saved":           "✅ Đã lưu báo cáo.\n{form}, {period}\nBản thứ {revision}, lúc {time}.",
	"report.unchanged":       "Không có số liệu nào thay đổi so với bản thứ {revision} đã lưu lúc {time}, nên không lưu bản mới.",
	"report.cancelled":       "Đã hủy. Không có dữ liệu nào được lưu.",
	"report.check_failed":    "Số liệu chưa khớp: {message}",
	"report.stale_button":    "Nút này không còn hiệu lực.",
	"report.resumed":         "Tiếp tục báo cáo anh/chị đang nhập dở.",
	"report.busy":            "Anh/chị đang nhập dở một báo cáo. Vui lòng hoàn thành, hoặc gửi /huy để hủy trước.",
	"report.pick_field":      "Chọn mục cần sửa:",
	"report.yes":             "Có",
	"report.no":              "Không",
	"report.empty":           "(bỏ trống)",

	// Command menu descriptions (Telegram: at most 256 characters).
	"cmd.start":   "Bắt đầu, liên kết tài khoản",
	"cmd.report":  "Báo cáo số liệu kỳ này",
	"cmd.edit":    "Sửa báo cáo đã gửi",
	"cmd.status":  "Tiến độ so với chỉ tiêu",
	"cmd.ranking": "Xếp hạng các đơn vị",
	"cmd.missing": "Danh sách chưa báo cáo kỳ này",
	"cmd.cancel":  "Hủy thao tác đang làm",
	"cmd.help":    "Hướng dẫn sử dụng",

	// Help, by role.
	"help.officer": "Anh/chị có thể dùng các lệnh sau:\n" +
		"/baocao (/report): báo cáo số liệu kỳ này\n" +
		"/sua (/edit): sửa báo cáo đã gửi\n" +
		"/tiendo (/status): xem tiến độ so với chỉ tiêu\n" +
		"/xephang (/ranking): vị trí của anh/chị trong số cán bộ của đơn vị theo từng chỉ tiêu\n" +
		"/taikhoan (/accounts): xem các tài khoản Zalo, Telegram đã liên kết\n" +
		"/huy (/cancel): hủy thao tác đang làm\n" +
		"/kenh (/channel): chọn kênh nhận nhắc nhở khi dùng cả Zalo và Telegram\n" +
		"/ngonngu (/language): chọn ngôn ngữ (tiếng Việt, tiếng Anh)\n" +
		"/trogiup (/help): xem hướng dẫn này\n\n" +
		"Số liệu viết theo kiểu Việt Nam: 83,99 hoặc 1.234.567. Số tiền có thể viết 1,5 tỷ, 250 triệu, 800 nghìn.",
	"help.leader": "Anh/chị có thể dùng các lệnh sau:\n" +
		"/tiendo (/status): tiến độ so với chỉ tiêu của đơn vị mình; /tiendo kèm tên đơn vị để xem một đơn vị cấp dưới\n" +
		"/xephang (/ranking): xếp hạng các đơn vị trực thuộc (hoặc cán bộ của đơn vị) theo từng chỉ tiêu\n" +
		"/chuabaocao (/missing): danh sách chưa báo cáo kỳ này\n" +
		"/tonghop (/digest): xem trước bản tổng hợp tiến độ\n" +
		"/moi (/invite): cấp mã mời để một cán bộ liên kết tài khoản (Zalo, Telegram)\n" +
		"/danhsach (/roster): danh sách cán bộ dạng Excel, sửa rồi gửi lại\n" +
		"/chitieu (/targets): chỉ tiêu dạng Excel, sửa rồi gửi lại\n" +
		"/kenh (/channel): chọn kênh nhận bản tổng hợp khi dùng cả Zalo và Telegram\n" +
		"/ngonngu (/language): chọn ngôn ngữ (tiếng Việt, tiếng Anh)\n" +
		"/baocao (/report): báo cáo số liệu kỳ này\n" +
		"/sua (/edit): sửa báo cáo đã gửi\n" +
		"/taikhoan (/accounts): xem các tài khoản Zalo, Telegram đã liên kết\n" +
		"/huylienket (/unlink): hủy liên kết tài khoản của cán bộ khi mất điện thoại\n" +
		"/lichsu (/history): lịch sử báo cáo và thao tác quản trị (ai, làm gì, lúc nào); kèm tên đơn vị, số điện thoại hoặc họ tên, thêm “excel” để nhận bảng tính\n" +
		"/huy (/cancel): hủy thao tác đang làm\n" +
		"/trogiup (/help): xem hướng dẫn này\n\n" +
		"Anh/chị cũng nhận bản tổng hợp tiến độ định kỳ của đơn vị mình.",
	"help.admin": "Anh/chị có thể dùng các lệnh sau:\n" +
		"/tiendo (/status): tiến độ so với chỉ tiêu; /tiendo kèm tên đơn vị để xem một đơn vị\n" +
		"/xephang (/ranking): xếp hạng các đơn vị theo từng chỉ tiêu\n" +
		"/chuabaocao (/missing): danh sách chưa báo cáo kỳ này\n" +
		"/tonghop (/digest): xem trước bản tổng hợp tiến độ\n" +
		"/moi (/invite): cấp mã mời để một cán bộ liên kết tài khoản (Zalo, Telegram)\n" +
		"/moky (/reopen): mở lại kỳ báo cáo đã khóa cho một đơn vị, ví dụ /moky kv1 2026-W47\n" +
		"/danhsach (/roster): danh sách cán bộ dạng Excel, sửa rồi gửi lại\n" +
		"/chitieu (/targets): chỉ tiêu dạng Excel, sửa rồi gửi lại\n" +
		"/kenh (/channel): chọn kênh nhận bản tổng hợp khi dùng cả Zalo và Telegram\n" +
		"/ngonngu (/language): chọn ngôn ngữ (tiếng Việt, tiếng Anh)\n" +
		"/baocao (/report): báo cáo số liệu kỳ này\n" +
		"/sua (/edit): sửa báo cáo đã gửi\n" +
		"/taikhoan (/accounts): xem các tài khoản Zalo, Telegram đã liên kết\n" +
		"/huylienket (/unlink): hủy liên kết tài khoản của cán bộ khi mất điện thoại\n" +
		"/lichsu (/history): lịch sử báo cáo và thao tác quản trị (ai, làm gì, lúc nào); kèm tên đơn vị, số điện thoại hoặc họ tên, thêm “excel” để nhận bảng tính\n" +
		"/huy (/cancel): hủy thao tác đang làm\n" +
		"/trogiup (/help): xem hướng dẫn này\n\n" +
		"Với vai trò quản trị, anh/chị xem được toàn bộ các đơn vị và quản lý danh sách cán bộ, đơn vị, chỉ tiêu và kỳ báo cáo.",

	// Errors.
	"error.internal":        "Đã có lỗi xảy ra, chưa có dữ liệu nào được lưu. Anh/chị vui lòng thử lại.",
	"error.unknown_command": "Không có lệnh này. Gửi /trogiup để xem các lệnh.",
	"error.not_allowed":     "Anh/chị không có quyền thực hiện thao tác này.",
	"error.unreachable":     "Hệ thống tạm thời không phản hồi. Anh/chị vui lòng thử lại sau ít phút.",

	// Periods.
	"period.week":  "Tuần {week}/{year} ({from}–{to})",
	"period.month": "Tháng {month}/{year}",
	"period.year":  "Năm thống kê {year}",
	// The period a command is about (docs/input.md, "Kỳ báo cáo").
	"period.about":   "Kỳ báo cáo: {period}",
	"report.heading": "{form} — {period}\nĐơn vị: {unit}",

	// Money parsing hints.
	"money.hint.ambiguous": "Chưa rõ “{input}” là bao nhiêu tiền. Anh/chị vui lòng viết rõ, ví dụ “1,5 tỷ” hoặc “1.500.000” (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân).",

	// Added with the conversation engine.
	"report.expired":           "Phiên báo cáo trước đã hết hạn vì quá lâu không có trả lời; các câu trả lời chưa xác nhận không được lưu. Gửi /baocao để bắt đầu lại.",
	"report.text_only":         "Bot chỉ đọc được chữ và số. Vui lòng gõ câu trả lời hoặc bấm nút.",
	"report.nothing_to_cancel": "Không có việc gì đang làm dở để hủy.",
	"report.pick_form":         "Anh/chị muốn báo cáo theo biểu mẫu nào?",
	"report.current":           "Đang ghi: {value}. Gõ giá trị mới để thay.",
	"report.pick_option":       "Vui lòng bấm một nút hoặc gõ số thứ tự, từ 1 đến {n}.",
	"report.required_missing":  "Mục “{label}” là bắt buộc; vui lòng trả lời.",
	"report.empty_text":        "Vui lòng nhập nội dung, hoặc bấm Bỏ qua nếu mục này không bắt buộc.",
	"help.hint":                "Gửi /baocao để báo cáo số liệu, /trogiup để xem các lệnh.",
	"error.not_yet":            "Chức năng này đang được xây dựng và sẽ có trong bản cập nhật tới.",
	"report.period_closed":     "{period} đã khóa sổ lúc {closed}; không thể gửi hoặc sửa báo cáo của kỳ này nữa. Nếu cần điều chỉnh, vui lòng liên hệ quản trị để mở lại kỳ.",
	"report.nothing_to_edit":   "Anh/chị chưa có báo cáo nào còn mở để sửa. Gửi /baocao để báo cáo kỳ này.",
	"report.bad_period":        "Không hiểu kỳ “{period}”. Ví dụ cách ghi kỳ: {example}.",
	"report.plausible_lower":   "⚠️ {label}: {value} nhỏ hơn số anh/chị báo cáo gần nhất ({previous}, {period}). Đây là số lũy kế nên thường không giảm. Anh/chị có chắc chắn không?",
	"report.plausible_jump":    "⚠️ {label}: {value} cao gấp {ratio} lần số anh/chị báo cáo gần nhất ({previous}, {period}). Anh/chị có chắc chắn không?",
	"report.keep_button":       "✔️ Đúng, giữ số này",
	"report.retype_button":     "✏️ Nhập lại",
	"report.quick_failed":      "Chưa nhận báo cáo nhanh vì:",
	"report.quick_garbled":     "• Cần ghi theo dạng mục=giá trị, cách nhau bởi dấu cách.",
	"report.quick_unknown":     "• Không có mục “{key}”.",
	"report.quick_twice":       "• Mục “{key}” được ghi hai lần.",
	"report.quick_bad":         "• Mục {key}={value}: {reason}",
	"report.quick_keys":        "Ví dụ: /baocao vcdk=7581 vxong=6300 tcdk=470ty\nCác mục: {keys}",
	"cmd.reopen":               "Mở lại kỳ báo cáo đã khóa cho một đơn vị",
	"report.reopen_usage":      "Cách dùng: /moky (đơn vị) (kỳ), ví dụ /moky kv1 2026-W47.",
	"report.unknown_unit":      "Không tìm thấy đơn vị “{unit}” trong phạm vi của anh/chị.",
	"report.never_closes":      "Biểu mẫu này không khóa sổ nên không cần mở lại.",
	"report.reopened":          "Đã mở lại {period} cho {unit} đến {until}. Cán bộ của đơn vị có thể gửi hoặc sửa báo cáo của kỳ này bằng /sua.",
	"report.invalid_percent":   "Vui lòng nhập một tỷ lệ phần trăm từ 0 đến 100, ví dụ 83,99.",
	"status.pick_unit":         "Có nhiều đơn vị khớp; anh/chị chọn một:",
	"status.own":               "Số liệu của anh/chị ({name}):",
	"status.title":             "📊 Tiến độ: {unit}\nSố liệu đến ngày {date}",
	"status.reported":          "Đã báo cáo kỳ này: {done}/{total} cán bộ",
	"status.breakdown":         "Theo từng đơn vị, cán bộ:",
	"status.no_data":           "chưa có số liệu",
	"status.ahead":             "vượt {points} điểm",
	"status.behind":            "còn thiếu {points} điểm",
	"status.last_week":         "So với tuần trước: {change} điểm",
	"status.last_year":         "Cùng kỳ năm trước: {rate}",
	"status.needed_count":      "Để đạt chỉ tiêu cần xong thêm {count} việc đến hết ngày {by}.",
	"status.needed_money":      "Để đạt chỉ tiêu cần thu thêm {amount} đến hết ngày {by}.",
	"ranking.title":            "🏆 Xếp hạng các đơn vị thuộc {unit}",
	"ranking.no_subunits":      "Đơn vị này không có đơn vị trực thuộc.",
	// Pace: "behind" means behind the value expected by now, not merely
	// below the year's target; the two gaps are worded apart.
	"status.pace":              "Cần đạt đến nay: {expected} ({pace})",
	"status.year_target":       "Chỉ tiêu năm: {target} ({gap}; đạt {of_target} so với chỉ tiêu)",
	"status.pace_ahead":        "vượt tiến độ {points} điểm",
	"status.pace_behind":       "chậm tiến độ {points} điểm",
	"status.pace_level":        "đúng tiến độ",
	"status.target_over":       "vượt chỉ tiêu năm {points} điểm",
	"status.target_short":      "còn thiếu {points} điểm so với chỉ tiêu năm",
	"status.target_level":      "đạt đúng chỉ tiêu năm",
	"ranking.officers_title":   "🏆 Xếp hạng cán bộ của {unit}",
	"ranking.own_title":        "🏆 Vị trí của anh/chị ({name}) trong số cán bộ của {unit}",
	"ranking.own_place":        "Vị trí của anh/chị: {place}/{total}",
	"ranking.own_no_data":      "Anh/chị chưa có số liệu để xếp hạng.",
	"ranking.no_officers":      "Đơn vị này chưa có cán bộ nào trong danh sách.",
	"digest.chart_expected":    "Cần đạt đến nay",
	"digest.chart_year_target": "Chỉ tiêu năm",
	"missing.none":             "Tất cả cán bộ đã báo cáo {period}.",
	"missing.title":            "Chưa báo cáo {period}: {count} người",

	// Digests, reminders, corrections.
	"cmd.digest":            "Xem trước bản tổng hợp tiến độ",
	"digest.title":          "📊 Bản tổng hợp {period}",
	"digest.unit":           "{unit} · số liệu đến {date}",
	"digest.late":           "⏰ Gửi muộn: bản tổng hợp lẽ ra đến lúc {time}, khi hệ thống đang tạm dừng.",
	"digest.preview":        "👁 Bản xem trước theo yêu cầu, không thay cho bản tổng hợp định kỳ.",
	"digest.since":          "So với bản tổng hợp trước ({date}):",
	"digest.since_line":     "{indicator}: {change} điểm",
	"digest.ranking":        "🏆 Xếp hạng đơn vị trực thuộc — {indicator}",
	"digest.by_officer":     "🏆 Theo cán bộ — {indicator}",
	"digest.reported":       "👥 Đã báo cáo: {done}/{total} cán bộ ({on_time} đúng hạn, {late} sau khi được nhắc)",
	"digest.missing":        "Chưa báo cáo ({count} người):",
	"digest.missing_more":   "… và {count} người khác (gửi /chuabaocao để xem đủ).",
	"digest.all_reported":   "Tất cả cán bộ đã báo cáo kỳ này.",
	"digest.caption":        "Biểu đồ tỷ lệ so với chỉ tiêu — {unit}, {period}",
	"digest.sheet_units":    "Đơn vị",
	"digest.sheet_officers": "Cán bộ",
	"digest.col_unit":       "Đơn vị",
	"digest.col_name":       "Họ và tên",
	"digest.col_phone":      "Số điện thoại",
	"digest.col_reporters":  "Số cán bộ",
	"digest.col_reported":   "Đã báo cáo",
	"digest.col_target":     "Chỉ tiêu — {indicator}",
	"digest.col_gap":        "Chênh lệch (điểm) — {indicator}",
	"digest.col_yes":        "có",
	"digest.col_no":         "chưa",
	"remind.text":           "⏰ Nhắc báo cáo: anh/chị chưa gửi {form} — {period}. Gửi /baocao để báo cáo ngay (khoảng 2 phút).",
	"escalate.title":        "📋 Còn {count} cán bộ thuộc {unit} chưa báo cáo {period}:",
	"correction.new":        "✏️ Số liệu {period} đã thay đổi sau bản tổng hợp ngày {date}: {name} ({unit}) vừa gửi báo cáo. Gửi /tiendo để xem số mới.",
	"correction.revised":    "✏️ Số liệu {period} đã thay đổi sau bản tổng hợp ngày {date}: {name} ({unit}) sửa báo cáo (lần {revision}). Gửi /tiendo để xem số mới.",

	// Invitations.
	"cmd.invite":        "Cấp mã mời để một người liên kết tài khoản",
	"invite.usage":      "Gửi /moi kèm số điện thoại hoặc họ tên của người cần mời, ví dụ: /moi 0912345678",
	"invite.unknown":    "Không tìm thấy {who} trong danh sách cán bộ thuộc phạm vi của anh/chị.",
	"invite.ambiguous":  "Có nhiều người tên {who}; anh/chị gửi lại /moi kèm số điện thoại.",
	"invite.issued":     "Mã mời cho {name}: {code}\nMã dùng một lần, hết hạn lúc {expires}. Người được mời nhắn mã này cho bot (trên Zalo chỉ cần gõ mã; trên Telegram gửi /start kèm mã).",
	"invite.bad_code":   "Mã mời không đúng, đã dùng hoặc đã hết hạn. Anh/chị kiểm tra lại hoặc xin mã mới từ lãnh đạo.",
	"invite.too_many":   "Anh/chị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ.",
	"onboard.send_code": "Xin chào! Đây là trợ lý tự động của cơ quan thi hành án dân sự. Để bắt đầu, anh/chị nhắn cho bot mã mời (8 ký tự, ví dụ K7PQ-2MXA) do lãnh đạo đơn vị cấp.",

	// Zalo, which has no buttons.
	"zalo.type_number": "Gõ {numbers} để chọn.",
	"zalo.or":          "hoặc",
	"zalo.spreadsheet": "📎 Bảng tính (tải về trước {expires}): {url}",

	// In place of a part of a message the platform refused.
	"send.photo_refused":    "⚠️ Không đính kèm được biểu đồ.",
	"send.document_refused": "⚠️ Không đính kèm được bảng tính.",

	// Channel preference.
	"cmd.channel":      "Chọn kênh nhận bản tổng hợp và nhắc nhở (Zalo, Telegram)",
	"channel.show":     "Anh/chị đang liên kết: {channels}. Bản tổng hợp và nhắc nhở gửi qua: {current}. Đổi bằng /kenh zalo, /kenh telegram hoặc /kenh tất cả.",
	"channel.all":      "tất cả các kênh",
	"channel.unknown":  "Anh/chị chưa liên kết kênh {channel}. Các kênh đã liên kết: {channels}.",
	"channel.set":      "Từ nay bản tổng hợp và nhắc nhở gửi cho anh/chị qua {channel}.",
	"cmd.language":     "Chọn ngôn ngữ: tiếng Việt hoặc tiếng Anh",
	"language.show":    "Ngôn ngữ hiện tại: {current}. Chọn ngôn ngữ bên dưới, hoặc gửi /ngonngu vi (tiếng Việt) hay /ngonngu en (tiếng Anh).",
	"language.unknown": "Không có ngôn ngữ “{language}”. Gửi /ngonngu vi để dùng tiếng Việt hoặc /ngonngu en để dùng tiếng Anh.",
	"language.set":     "Đã chọn ngôn ngữ: {language}. Từ nay bot trả lời anh/chị bằng ngôn ngữ này.",
	"language.vi":      "Tiếng Việt",
	"language.en":      "Tiếng Anh",

	// Command line and sandbox controls.
	"invite.cli":         "Mã mời cho {name} ({phone}): {code}\nDùng một lần, hết hạn lúc {expires}. Trên Zalo: nhắn mã cho bot. Trên Telegram: /start {code}",
	"sandbox.digest_now": "📊 Gửi bản tổng hợp ngay",
	"sandbox.remind_now": "⏰ Gửi nhắc báo cáo ngay",

	// The sandbox page (sandbox/static) and its API's answers.
	"sandbox.title":              "Fieldbot – dùng thử với Telegram và Zalo giả lập",
	"sandbox.title_person":       "{name} – Fieldbot thử nghiệm",
	"sandbox.language":           "Ngôn ngữ của trang",
	"sandbox.pick_person":        "Chọn người dùng",
	"sandbox.pick_hint":          "Chọn một người trong danh sách cán bộ để trò chuyện với bot như người đó.",
	"sandbox.pick_sub":           "Bấm để chọn người trò chuyện",
	"sandbox.close":              "Đóng",
	"sandbox.filter":             "Tìm theo tên, chức danh, đơn vị…",
	"sandbox.filter_label":       "Tìm người dùng",
	"sandbox.nobody":             "Không tìm thấy ai.",
	"sandbox.unit_other":         "Khác",
	"sandbox.channels":           "Kênh trò chuyện",
	"sandbox.conn_none":          "Chưa kết nối",
	"sandbox.conn_on":            "Đã kết nối, tin nhắn đến ngay",
	"sandbox.conn_lost":          "Mất kết nối, đang thử lại…",
	"sandbox.no_messages":        "Chưa có tin nhắn nào với bot.",
	"sandbox.start":              "Bắt đầu",
	"sandbox.start_zalo":         "👋 Nhắn “{hello}”",
	"sandbox.hello":              "Xin chào",
	"sandbox.zalo_join_hint":     "Trên Zalo không chia sẻ được số điện thoại: người dùng tham gia bằng mã mời do lãnh đạo cấp (lệnh /moi) hoặc quản trị cấp trên máy chủ ({command}).",
	"sandbox.zalo_bar":           "Zalo: gõ lệnh không cần dấu / (baocao, tiendo); số liệu gõ như số (2 là hai việc); đi quanh câu hỏi bằng chữ: bỏ qua, quay lại, hủy; chỉ chọn bằng số khi có danh sách đánh số.",
	"sandbox.get_invite":         "🔑 Lấy mã mời",
	"sandbox.commands":           "Danh sách lệnh",
	"sandbox.input":              "Nhập tin nhắn…",
	"sandbox.input_zalo":         "Nhập tin nhắn… (ví dụ: baocao, tiendo)",
	"sandbox.input_label":        "Nhập tin nhắn",
	"sandbox.send":               "Gửi",
	"sandbox.photo":              "Ảnh",
	"sandbox.photo_alt":          "Ảnh từ bot",
	"sandbox.attachment":         "Tệp đính kèm",
	"sandbox.edited":             "đã sửa",
	"sandbox.sticker":            "[nhãn dán {id}]",
	"sandbox.shared_phone":       "📱 Đã chia sẻ số điện thoại {phone}",
	"sandbox.share_phone":        "📱 Chia sẻ số điện thoại",
	"sandbox.invite_code":        "Mã mời của {name}: {code} (dùng một lần, trong 72 giờ). Bấm Gửi để nhắn cho bot.",
	"sandbox.action_done":        "Đã thực hiện: {label}",
	"sandbox.error_status":       "Lỗi {status}",
	"sandbox.load_failed":        "Không tải được cuộc trò chuyện: {message}",
	"sandbox.people_failed":      "Không tải được danh sách người dùng: {message}",
	"sandbox.lang_failed":        "Không đổi được ngôn ngữ: {message}",
	"sandbox.send_failed":        "Không gửi được: {message}",
	"sandbox.share_failed":       "Không chia sẻ được số điện thoại: {message}",
	"sandbox.invite_failed":      "Không lấy được mã mời: {message}",
	"sandbox.action_failed":      "Không thực hiện được: {message}",
	"sandbox.file_name":          "tệp-{id}",
	"sandbox.err_user":           "thiếu hoặc sai mã người dùng (user)",
	"sandbox.err_unknown_user":   "không có người dùng {user} trong danh sách",
	"sandbox.err_no_zalo":        "trang này không có Zalo giả lập",
	"sandbox.err_channel":        "không có kênh {channel}; chọn telegram hoặc zalo",
	"sandbox.err_empty":          "tin nhắn trống",
	"sandbox.err_too_long":       "tin nhắn dài quá {max} ký tự",
	"sandbox.err_zalo_typed":     "Zalo không có nút bấm hay chia sẻ số điện thoại: hãy gõ câu trả lời",
	"sandbox.err_press":          "thiếu tin nhắn hoặc dữ liệu nút",
	"sandbox.err_stale_button":   "nút này không còn nữa; hãy tải lại cuộc trò chuyện",
	"sandbox.err_no_phone":       "người này không có số điện thoại trong danh sách",
	"sandbox.err_unknown_action": "không có chức năng {id}",
	"sandbox.err_action_unwired": "chức năng này chưa được nối",
	"sandbox.err_no_invites":     "trang này không cấp mã mời",
	"sandbox.err_too_big":        "nội dung quá lớn (tối đa {max})",
	"sandbox.err_content_type":   "cần Content-Type: application/json",
	"sandbox.err_json":           "JSON không hợp lệ: {message}",
	"sandbox.err_file_query":     "cần msg (mã tin nhắn) và kind=photo hoặc kind=document",
	"sandbox.err_no_file":        "không có tệp này",
	"sandbox.err_stopped":        "kênh giả lập đã dừng",
	"sandbox.err_host":           "trang thử nghiệm chỉ nhận yêu cầu gửi tới một địa chỉ IP hoặc localhost, không nhận tên miền khác",
	"sandbox.err_cross_site":     "không nhận yêu cầu từ trang khác",

	// Typed answers and the ways around a question (Zalo types everything).
	"report.skip_word":            "bỏ qua",
	"report.back_word":            "quay lại",
	"report.cancel_word":          "hủy",
	"report.fix_button":           "✏️ Sửa: {label}",
	"report.item":                 "Mục {n}.",
	"report.fix_word":             "sửa mục {n}",
	"report.just_typed":           "(vừa nhập)",
	"report.cannot_skip":          "Mục “{label}” là bắt buộc, không bỏ qua được.",
	"report.first_question":       "Đây là câu hỏi đầu tiên, không có câu trước để quay lại.",
	"report.invalid_choice.typed": "Vui lòng gõ số thứ tự của một phương án bên dưới.",
	"report.text_only.typed":      "Bot chỉ đọc được chữ và số. Vui lòng gõ câu trả lời.",
	"report.pick_option.typed":    "Vui lòng gõ số thứ tự, từ 1 đến {n}.",
	"report.empty_text.typed":     "Vui lòng nhập nội dung, hoặc gõ “bỏ qua” nếu mục này không bắt buộc.",
	"zalo.type_words":             "Hoặc gõ: {words}",
	"zalo.answer_words":           "Gõ câu trả lời, hoặc: {words}",

	// A half-filled form after a config change or a move.
	"report.form_changed":  "Biểu mẫu “{form}” vừa được cập nhật: các câu trả lời còn hợp lệ được giữ lại, anh/chị vui lòng trả lời các mục còn thiếu.",
	"report.form_gone":     "Biểu mẫu anh/chị đang nhập dở không còn được sử dụng nữa; các câu trả lời chưa xác nhận không được lưu. Gửi /baocao để bắt đầu lại.",
	"report.unit_changed":  "Đơn vị của anh/chị nay là {unit}; báo cáo đang nhập sẽ được lưu cho đơn vị này. Vui lòng kiểm tra lại.",
	"invite.officers_only": "{name} là lãnh đạo hoặc quản trị: lãnh đạo chỉ cấp mã mời cho cán bộ của đơn vị mình. Mã cho lãnh đạo, quản trị do quản trị cấp.",

	// Linked accounts.
	"cmd.accounts":              "Xem các tài khoản Zalo, Telegram đã liên kết",
	"cmd.unlink":                "Hủy liên kết tài khoản (khi mất điện thoại)",
	"accounts.title":            "Tài khoản đã liên kết với {name} ({phone}):",
	"accounts.line":             "{n}. {channel} (mã {id}), liên kết lúc {bound}",
	"accounts.this_one":         "← tài khoản đang dùng",
	"accounts.none":             "{name} chưa liên kết tài khoản nào.",
	"accounts.unlink_hint":      "Hủy liên kết khi mất điện thoại: /huylienket (số điện thoại hoặc họ tên) zalo|telegram|tất cả.",
	"accounts.unlink_usage":     "Cách dùng: /huylienket (số điện thoại hoặc họ tên) [zalo|telegram|tất cả], ví dụ /huylienket 0912345678 zalo. Xem tài khoản bằng /taikhoan (số điện thoại).",
	"accounts.unlinked":         "Đã hủy liên kết {count} tài khoản của {name}: {channels}. Người đó cần mã mời mới để liên kết lại.",
	"accounts.officers_only":    "Lãnh đạo chỉ quản lý tài khoản của cán bộ thuộc đơn vị mình; tài khoản của {name} do quản trị quản lý.",
	"accounts.linked_notice":    "🔔 Một tài khoản {channel} vừa được liên kết với {name} lúc {time}. Nếu không phải anh/chị, hãy báo ngay lãnh đạo hoặc quản trị để hủy liên kết.",
	"accounts.unlinked_notice":  "🔔 Tài khoản {channel} của {name} đã được {by} hủy liên kết lúc {time}.",
	"accounts.you_are_unlinked": "Tài khoản này không còn liên kết với {name} ({by} đã hủy liên kết lúc {time}). Để dùng lại, anh/chị cần mã mời mới.",

	// The roster and targets by spreadsheet.
	"cmd.roster":                   "Danh sách cán bộ dạng Excel: sửa rồi gửi lại",
	"cmd.targets":                  "Chỉ tiêu dạng Excel: sửa rồi gửi lại",
	"directory.roster_sent":        "Danh sách {count} người của {unit} trong tệp Excel đính kèm. Sửa trong Excel (thêm, chuyển đơn vị, xóa dòng) rồi gửi lại tệp cho bot: bot kiểm tra toàn bộ tệp và cho xem các thay đổi trước khi áp dụng.",
	"directory.roster_sent_leader": "Danh sách {count} cán bộ thuộc {unit} trong tệp Excel đính kèm. Anh/chị có thể thêm cán bộ, chuyển cán bộ giữa các đơn vị của mình hoặc xóa dòng, rồi gửi lại tệp cho bot: bot kiểm tra toàn bộ tệp và cho xem các thay đổi trước khi áp dụng.",
	"directory.targets_sent":       "{count} chỉ tiêu anh/chị được giao đặt cho {unit} trong tệp Excel đính kèm (theo năm thống kê; chỉ tiêu năm sau có thể nhập trước, có hiệu lực từ đầu năm thống kê). Sửa rồi gửi lại tệp cho bot.",
	"directory.officer_file":       "Bot chỉ nhận tệp danh sách cán bộ hoặc chỉ tiêu từ lãnh đạo và quản trị.",
	"directory.unreadable":         "Không đọc được tệp: {reason} Không có gì thay đổi.",
	"directory.unknown_sheet":      "Tệp này không phải danh sách cán bộ hay bảng chỉ tiêu: dòng đầu cần có tên cột như trong tệp bot gửi (/danhsach, /chitieu). Không có gì thay đổi.",
	"directory.problems":           "Tệp có {count} lỗi; chưa áp dụng gì. Vui lòng sửa rồi gửi lại:",
	"directory.more_problems":      "… và {count} lỗi khác.",
	"directory.col_unit":           "Đơn vị",
	"directory.col_role":           "Vai trò",
	"directory.col_phone":          "Số điện thoại",
	"directory.unit_outside":       "đơn vị {unit} không thuộc phạm vi của anh/chị",
	"directory.officers_only":      "lãnh đạo chỉ thêm, sửa được cán bộ; lãnh đạo và quản trị do quản trị cập nhật",
	"directory.someone_else":       "{phone} là số của {name}, người không thuộc danh sách anh/chị quản lý",
	"directory.keep_yourself":      "tệp phải giữ anh/chị là quản trị, nếu không sẽ không còn ai sửa được danh sách",
	"directory.target_outside":     "anh/chị không được đặt chỉ tiêu cho {unit}",
	"directory.no_change":          "Tệp hợp lệ ({rows} dòng) và không có thay đổi nào so với hiện tại.",
	"directory.summary_roster":     "Tệp hợp lệ: {rows} người. Nếu áp dụng, danh sách sẽ thay đổi như sau:",
	"directory.summary_targets":    "Tệp hợp lệ: {rows} chỉ tiêu. Nếu áp dụng, chỉ tiêu sẽ thay đổi như sau:",
	"directory.count_added":        "Thêm {count}",
	"directory.count_moved":        "Chuyển đơn vị {count}",
	"directory.count_changed":      "Sửa thông tin {count}",
	"directory.count_removed":      "Xóa {count}",
	"directory.years":              "Năm thống kê trong tệp: {years}; các năm khác giữ nguyên.",
	"directory.confirm_button":     "✅ Xác nhận áp dụng",
	"directory.pending":            "Anh/chị có muốn áp dụng tệp vừa gửi không?",
	"directory.stale":              "Danh sách đã được người khác thay đổi sau khi anh/chị gửi tệp; chưa áp dụng gì. Vui lòng lấy tệp mới (/danhsach hoặc /chitieu), sửa lại rồi gửi.",
	"directory.applied_roster":     "✅ Đã áp dụng danh sách mới ({count} thay đổi); có hiệu lực ngay. Người mới có thể liên kết tài khoản từ bây giờ.",
	"directory.applied_targets":    "✅ Đã áp dụng chỉ tiêu mới ({count} thay đổi); /tiendo và bản tổng hợp dùng ngay chỉ tiêu này.",
	// The history (/lichsu).
	"cmd.history":         "Lịch sử báo cáo và thao tác quản trị",
	"history.title":       "Lịch sử — {what} (mới nhất trước):",
	"history.none":        "Chưa có gì trong lịch sử của {what}.",
	"history.unknown":     "Không tìm thấy đơn vị hoặc người “{who}” trong phạm vi của anh/chị. Cách dùng: /lichsu, /lichsu (tên đơn vị), /lichsu (số điện thoại hoặc họ tên), thêm “excel” để nhận bảng tính.",
	"history.sheet":       "Bảng tính kèm theo có {count} mục gần nhất.",
	"history.server":      "Máy chủ",
	"history.revision":    "Báo cáo {period} của {person}, bản {n}",
	"history.reopen":      "Mở lại {period} cho {unit}",
	"history.invite":      "Cấp mã mời cho {person}",
	"history.link":        "{person} liên kết tài khoản {channel}",
	"history.unlink":      "Hủy liên kết tài khoản {channel} của {person}",
	"history.roster":      "Cập nhật danh sách cán bộ: {person}",
	"history.targets":     "Cập nhật chỉ tiêu: {unit}",
	"history.until":       "đến",
	"history.empty":       "(trống)",
	"history.sheet_name":  "Lịch sử",
	"history.col.time":    "Thời gian",
	"history.col.by":      "Người thực hiện",
	"history.col.channel": "Kênh",
	"history.col.act":     "Việc",
	"history.col.unit":    "Đơn vị",
	"history.col.person":  "Người liên quan",
	"history.col.field":   "Mục",
	"history.col.old":     "Giá trị cũ",
	"history.col.new":     "Giá trị mới",
	// Spreadsheets sent to the bot (sheet/): why a file is refused whole.
	"sheet.empty":            "Tệp trống, không có gì để đọc.",
	"sheet.too_big":          "Tệp lớn quá {max} MB; vui lòng gửi tệp nhỏ hơn.",
	"sheet.not_xlsx":         "Đây không phải tệp Excel (.xlsx) hay CSV; vui lòng gửi lại bảng tính.",
	"sheet.old_excel":        "Tệp Excel cũ (.xls) hoặc có mật khẩu: vui lòng mở trong Excel, bỏ mật khẩu nếu có, lưu thành .xlsx rồi gửi lại.",
	"sheet.damaged":          "Tệp bị hỏng, không đọc được; vui lòng lưu lại trong Excel rồi gửi lại.",
	"sheet.unpacked_too_big": "Tệp khi giải nén lớn quá {max} MB; bot không đọc tệp này.",
	"sheet.too_many_rows":    "Trang tính có quá {max} dòng; vui lòng chia thành nhiều tệp.",
	"sheet.too_many_columns": "Trang tính có quá {max} cột; vui lòng xóa các cột thừa.",
	"sheet.formula":          "Ô {cell} có công thức; bảng này chỉ nhận giá trị. Vui lòng sao chép rồi dán dạng giá trị (Paste Values) và gửi lại.",
	"sheet.not_utf8":         "Tệp CSV không ở dạng UTF-8: trong Excel chọn Lưu thành “CSV UTF-8” rồi gửi lại.",

	// The people and targets spreadsheets (directory/): headings, and each
	// problem found, by row and column.
	"directory.roster_sheet":       "Danh sách cán bộ",
	"directory.targets_sheet":      "Chỉ tiêu năm",
	"directory.col.phone":          "Số điện thoại",
	"directory.col.name":           "Họ và tên",
	"directory.col.unit":           "Đơn vị",
	"directory.col.unit_name":      "Tên đơn vị",
	"directory.col.role":           "Vai trò",
	"directory.col.title":          "Chức danh",
	"directory.col.year":           "Năm thống kê",
	"directory.col.indicator":      "Chỉ tiêu",
	"directory.col.indicator_name": "Tên chỉ tiêu",
	"directory.col.officer":        "Cán bộ",
	"directory.col.officer_name":   "Họ và tên cán bộ",
	"directory.col.value":          "Giá trị",
	"import.problem":               "Dòng {row}, cột {column}: {problem}",
	"import.problem_row":           "Dòng {row}: {problem}",
	"import.no_rows":               "Bảng không có dòng nào ngoài dòng tiêu đề.",
	"import.missing_column":        "thiếu cột “{column}”.",
	"import.duplicate_column":      "cột “{column}” có hai lần.",
	"import.required":              "ô này không được để trống.",
	"import.bad_phone":             "{value} không phải số điện thoại.",
	"import.duplicate_phone":       "{value} trùng số điện thoại ở dòng {row}: mỗi người một dòng.",
	"import.unknown_unit":          "không có đơn vị “{value}”: ghi mã đơn vị hoặc tên đơn vị đúng như trong danh mục.",
	"import.admin_not_root":        "quản trị phụ trách toàn bộ hệ thống nên phải thuộc đơn vị gốc “{unit}”.",
	"import.bad_role":              "“{value}” không phải Cán bộ, Lãnh đạo hoặc Quản trị.",
	"import.control_chars":         "ô có xuống dòng hoặc ký tự điều khiển; vui lòng ghi trên một dòng.",
	"import.bad_year":              "“{value}” không phải năm thống kê (ví dụ 2027 là từ 01/10/2026 đến 30/09/2027).",
	"import.unknown_indicator":     "không có chỉ tiêu “{value}”: ghi mã hoặc tên chỉ tiêu đúng như cấu hình.",
	"import.unknown_officer":       "số {value} không có trong danh sách cán bộ.",
	"import.officer_elsewhere":     "{name} thuộc {unit}, không thuộc đơn vị ghi ở dòng này.",
	"import.bad_value":             "“{value}” không phải một số phần trăm (ví dụ 83,90).",
	"import.value_range":           "{value} nằm ngoài khoảng từ 0 đến 100.",
	"import.duplicate_target":      "trùng với dòng {row}: cùng năm, chỉ tiêu và đơn vị (hoặc cán bộ).",
	"import.bad_milestone":         "“{value}” không phải một ngày dạng ngày/tháng (ví dụ 31/03).",
	"import.milestone_above":       "mốc {value} cao hơn chỉ tiêu cả năm {target}.",
	// Joining by link: an invitation on Telegram, and fieldbot invite.
	"invite.link":       "Trên Telegram, người được mời chỉ cần mở liên kết này (hoặc quét mã QR bên dưới) rồi bấm Bắt đầu: {link}",
	"invite.qr_caption": "Mã QR mời {name} dùng bot Telegram {bot}: quét bằng camera điện thoại, mở Telegram và bấm Bắt đầu. Dùng một lần, hết hạn lúc {expires}. Mã mời: {code}",
	"invite.qr_refused": "⚠️ Không gửi được ảnh mã QR; liên kết ở trên vẫn dùng được.",
	"invite.cli_link":   "Liên kết Telegram (mở là liên kết tài khoản): {link}",
	"invite.cli_qr":     "Ảnh mã QR của liên kết: {file}",
	// Files sent to the bot (a spreadsheet to import), and Zalo's upload page.
	"file.too_big":                   "Tệp “{name}” quá lớn: bot chỉ nhận tệp đến {max}. Anh/chị vui lòng gửi tệp nhỏ hơn (chỉ giữ trang tính cần nhập).",
	"file.unavailable":               "Không tải được tệp “{name}” từ Telegram. Anh/chị vui lòng gửi lại tệp.",
	"upload.link":                    "📎 Gửi tệp tại: {url} (hết hạn lúc {expires})",
	"upload.no_public_url":           "📎 Chưa gửi tệp qua Zalo được: máy chủ chưa khai báo địa chỉ công khai ([zalo] public_url). Anh/chị vui lòng báo quản trị, hoặc gửi tệp qua Telegram.",
	"upload.title":                   "Gửi tệp cho fieldbot",
	"upload.intro":                   "Chọn tệp bảng tính (.xlsx hoặc .csv, tối đa {max}) rồi bấm Gửi. Kết quả sẽ được gửi trong Zalo.",
	"upload.choose":                  "Tệp",
	"upload.submit":                  "Gửi",
	"upload.received":                "Đã nhận tệp; kết quả sẽ được gửi trong Zalo.",
	"upload.gone":                    "Liên kết gửi tệp này đã hết hạn hoặc đã được dùng. Anh/chị hãy yêu cầu liên kết mới trong Zalo.",
	"upload.invalid":                 "Liên kết gửi tệp không hợp lệ.",
	"upload.too_big":                 "Tệp quá lớn: tối đa {max}. Không có gì được lưu.",
	"upload.no_file":                 "Chưa chọn tệp nào.",
	"upload.failed":                  "Máy chủ chưa lưu được tệp; anh/chị vui lòng thử lại sau ít phút.",
	"directory.count_changed_target": "Đổi {count}",
	"directory.milestones_changed":   "đổi mốc tiến độ",
}
