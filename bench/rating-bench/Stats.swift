/// Median and p99 of a set of samples, in milliseconds.
struct LatencyStats {
    var count: Int
    var medianMillis: Double
    var p99Millis: Double
    var maxMillis: Double

    init(nanoseconds samples: [UInt64]) {
        let sorted = samples.sorted()
        count = sorted.count
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
            return Double(sorted[index]) / 1e6
        }
        medianMillis = at(0.5)
        p99Millis = at(0.99)
        maxMillis = at(1.0)
    }

    func row(_ name: String) -> String {
        "| \(name) | \(count) | \(format(medianMillis)) | \(format(p99Millis)) | \(format(maxMillis)) |"
    }
}

func format(_ value: Double, decimals: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}
