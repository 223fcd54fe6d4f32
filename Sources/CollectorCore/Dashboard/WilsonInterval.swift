/// A confidence interval for a proportion by Wilson's score method.
///
/// Unlike the textbook "p ± z·√(p(1−p)/n)", it stays inside 0…1 and keeps a sensible width
/// for small n and for proportions near 0 or 1: 10 of 10 satisfied is not "100 % ± 0".
public struct WilsonInterval: Sendable, Equatable {
    /// The two-sided 95 % normal quantile.
    public static let z95 = 1.959964

    /// Lower bound, 0…1.
    public var lower: Double
    /// Upper bound, 0…1.
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The interval for `successes` of `total`, or `nil` when `total` is 0 (nothing to estimate)
    /// or `successes` is outside 0…`total`.
    public init?(successes: Int, of total: Int, z: Double = WilsonInterval.z95) {
        guard total > 0, (0...total).contains(successes) else { return nil }
        let n = Double(total)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        // All or none: the bound on that side is exactly 1 or 0 (the formula gives it up to rounding).
        lower = successes == 0 ? 0 : max(0, centre - half)
        upper = successes == total ? 1 : min(1, centre + half)
    }
}
