import Foundation
import RatingCore
import TerminalApp
import Testing

/// The pure parts of `rating-terminal export`: `--since` and the CSV cells.
struct ExportFormatTests {
    let hanoi = TimeZone(secondsFromGMT: 7 * 3_600) ?? .gmt

    @Test func sinceIsLocalMidnightOrAnExplicitTime() throws {
        #expect(try ExportSince.parse("2026-11-01", timeZone: hanoi) == 1_793_466_000_000)
        #expect(try ExportSince.parse("2026-11-01", timeZone: .gmt) == 1_793_491_200_000)
        #expect(try ExportSince.parse("2026-11-01T08:00:00+07:00", timeZone: .gmt) == 1_793_494_800_000)
    }

    @Test(arguments: ["2026-02-31", "2026-13-01", "01/11/2026", "yesterday", "", "2026-1-1"])
    func sinceRefusesWhatIsNotADate(_ text: String) {
        let error = #expect(throws: ExportSinceError.self) { try ExportSince.parse(text, timeZone: hanoi) }
        #expect(error?.description.contains("YYYY-MM-DD") == true)
    }

    @Test func csvCellsAreQuotedAndFormulasNeutralised() throws {
        let time = DeviceTime(wallMillis: 1_793_494_800_123, bootID: "b", monotonicNanos: 9, clockSynced: true)
        let rating = Rating(storeID: "s", seq: 7, id: "r7", score: Score(2) ?? Score.all[0], flags: [.repeat],
                            placement: Placement(deviceID: "D", site: "Điện lực, \"Ba Đình\"", counter: "=1+2"),
                            time: time, service: ServiceRecord(ticket: "-5", staff: "@nv", openedAt: time))
        let row = String(decoding: ExportCSV.row(rating, deviceID: "D", amended: AmendedFields(reason: "staff_attitude", flags: ["burst"])),
                         as: UTF8.self)
        #expect(row == "D,s,7,r7,2,2026-11-01T01:00:00.123Z,true,b,9,\"Điện lực, \"\"Ba Đình\"\"\",'=1+2,burst;repeat,staff_attitude,'-5,'@nv,2026-11-01T01:00:00.123Z\r\n")
    }
}
