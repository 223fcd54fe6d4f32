import RatingCore
import TerminalHardware
import Testing

struct ButtonDebouncerTests {
    /// Feeds edges (line, active, milliseconds) and returns which were presses.
    private func feed(_ edges: [(Int, Bool, Double)], period: Duration = .milliseconds(20), lines: Int = 5) -> [Bool] {
        var debouncer = ButtonDebouncer(lines: lines, period: period)
        return edges.map { line, active, milliseconds in
            debouncer.isPress(line: line, active: active, at: MonotonicInstant(nanoseconds: 1_000_000_000 + UInt64(milliseconds * 1_000_000)))
        }
    }

    @Test func aCleanPressAndReleaseIsOnePress() {
        #expect(feed([(0, true, 0), (0, false, 120), (0, true, 400)]) == [true, false, true], "a second press after a quiet line counts")
    }

    @Test func bouncesOnTheWayDownAndUpAreNotPresses() {
        // Nine edges within 5 ms going down, held 300 ms, nine edges within 5 ms coming up.
        var edges: [(Int, Bool, Double)] = []
        for edge in 0..<9 {
            let step = Double(edge) * 0.6
            edges.append((3, edge.isMultiple(of: 2), step))
        }
        for edge in 0..<9 {
            let step = 300.0 + Double(edge) * 0.6
            edges.append((3, !edge.isMultiple(of: 2), step))
        }
        #expect(feed(edges).filter { $0 }.count == 1)
    }

    @Test func duplicateActiveEdgesAsTheV1KernelReportsThemCountOnce() {
        // libgpiod v1 reads the level when the interrupt thread runs: two quick edges can both say "rising".
        #expect(feed([(1, true, 0), (1, true, 0.4)]) == [true, false])
    }

    @Test func linesAreDebouncedEachOnTheirOwn() {
        #expect(feed([(1, true, 0), (4, true, 0.1)]) == [true, true], "two buttons pressed together are two presses")
    }

    @Test func aZeroPeriodCountsEveryActiveEdgeAndUnknownLinesAreIgnored() {
        #expect(feed([(0, true, 0), (0, true, 0), (7, true, 1)], period: .zero, lines: 2) == [true, true, false])
    }
}
