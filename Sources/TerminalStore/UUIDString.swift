import Foundation

/// Random ids for ratings.
enum UUIDString {
    /// A new random (version 4) UUID in lower case.
    static func random() -> String { UUID().uuidString.lowercased() }
}
