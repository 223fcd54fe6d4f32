/// The dashboard's words: Vietnamese first, English second.
enum DashboardText {
    static let title = "Mức hài lòng khách hàng / Customer satisfaction"
    static let ratings = "Số lượt đánh giá / Ratings (n)"
    static let csat = "Mức hài lòng (CSAT, điểm 4–5) / Satisfaction (share of 4–5)"
    static let interval = "Khoảng tin cậy 95 % / 95 % interval"
    static let low = "Không hài lòng (điểm 1–2) / Dissatisfied (1–2)"
    static let mean = "Điểm trung bình / Mean score"
    static let rank = "Hạng / Rank"
    static let site = "Điểm giao dịch / Site"
    static let counter = "Quầy / Counter"
    static let served = "Đánh giá / khách được phục vụ · Ratings per served customer"
    static let tooFew = "không đủ dữ liệu / too few ratings"
    static let unknownPlace = "(chưa rõ / unknown)"
    static let sites = "Theo điểm giao dịch / By site"
    static let counters = "Theo quầy / By counter"
    static let daily = "Xu hướng theo ngày / Daily trend"
    static let weekly = "Xu hướng theo tuần / Weekly trend"
    static let heatmap = "Theo giờ và thứ trong tuần / Hour × weekday"
    static let reasons = "Lý do không hài lòng / Follow-up reasons"
    static let devices = "Tình trạng thiết bị / Device health"
    static let device = "Thiết bị / Terminal"
    static let lastUpload = "Lần tải lên cuối / Last upload"
    static let backlog = "Tồn đọng / Backlog"
    static let clock = "Đồng hồ / Clock"
    static let state = "Trạng thái / State"
    static let silent = "im lặng / silent"
    static let ok = "bình thường / ok"
    static let synced = "đã đồng bộ / synced"
    static let notSynced = "chưa đồng bộ / not synced"
    static let never = "chưa bao giờ / never"
    static let unknown = "chưa rõ / unknown"
    static let total = "Tổng / Total"
    static let show = "Xem / Show"
    static let days = "Số ngày / Days"
    static let allSites = "Tất cả điểm / All sites"
    static let noRatings = "Chưa có đánh giá trong khoảng này / No ratings in this period"
    static let none = "Không có / None"

    /// The follow-up reasons in button order, with their labels.
    static let reasonLabels: [(code: String, label: String)] = [
        ("waiting_time", "Thời gian chờ / Waiting time"),
        ("staff_attitude", "Thái độ nhân viên / Staff attitude"),
        ("procedure", "Thủ tục / Procedure"),
        ("facilities", "Cơ sở vật chất / Facilities"),
        ("other", "Khác / Other"),
    ]

    static func excluded(_ count: Int) -> String {
        "Đã loại \(count) lượt bấm bị gắn cờ (bấm lặp, ngoài lượt phục vụ, bấm dồn) khỏi mọi số liệu / "
            + "\(count) flagged presses (repeat, no window, burst) excluded from all figures"
    }

    static func minimum(_ n: Int, offset: TimeZoneOffset) -> String {
        "Số liệu chỉ hiện và xếp hạng khi n ≥ \(n); múi giờ UTC\(offset); tuần bắt đầu thứ Hai / "
            + "Figures are shown and ranked only when n ≥ \(n); time zone UTC\(offset); weeks start on Monday"
    }

    static func period(days: Int, from: String, through: String) -> String {
        "\(days) ngày / \(days) days: \(from) – \(through)"
    }

    static func truncated(shown: Int, of total: Int) -> String {
        "Hiện \(shown) trên \(total) dòng; chọn một điểm giao dịch để xem hết / Showing \(shown) of \(total) rows; choose a site to see all"
    }

    static func deviceSummary(total: Int, silent: Int, unsynced: Int, backlog: Int) -> String {
        "\(total) thiết bị, \(silent) im lặng, \(unsynced) đồng hồ chưa đồng bộ, \(backlog) còn tồn đọng / "
            + "\(total) terminals, \(silent) silent, \(unsynced) clock not synced, \(backlog) with a backlog"
    }
}
