@testable import TerminalHardware
import Testing

/// The pure parts of the LCDproc client: quoting, line classification, addresses.
struct LCDprocProtocolTests {
    @Test func quotesEscapeQuotesAndBackslashesOnly() {
        #expect(LCDprocProtocol.quoted(Array(#"a"b\c {d}"#.utf8)) == #""a\"b\\c {d}""#)
    }

    @Test func classifiesAnswersAndUnpromptedLines() {
        #expect(LCDprocProtocol.classify("success") == .success)
        #expect(LCDprocProtocol.classify(#"huh? Invalid command "bogus""#) == .refused(#"Invalid command "bogus""#))
        #expect(LCDprocProtocol.classify("connect LCDproc 0.5.9 protocol 0.3 lcd wid 20 hgt 2 cellwid 5 cellhgt 8")
                == .connected(columns: 20, rows: 2))
        for line in ["listen rt", "ignore rt", "key Enter", "menuevent select x"] {
            #expect(LCDprocProtocol.classify(line) == .unprompted(line))
        }
    }

    @Test func setRowAddressesTheRowsWidget() {
        #expect(LCDprocProtocol.setRow(1, to: Array("ab".utf8)) == #"widget_set rt r2 1 2 "ab""#)
    }

    @Test func parsesHostAndPort() {
        #expect(LCDprocDisplay.parseAddress("127.0.0.1:13666").map { "\($0.host) \($0.port)" } == "127.0.0.1 13666")
        #expect(LCDprocDisplay.parseAddress("[::1]:13667").map { "\($0.host) \($0.port)" } == "::1 13667")
        #expect(LCDprocDisplay.parseAddress("lcd.local") == nil)
        #expect(LCDprocDisplay.parseAddress(":13666") == nil)
        #expect(LCDprocDisplay.parseAddress("host:70000") == nil)
    }
}
