import Logging

extension PostgresCollectorStorage {
    /// `logger` at debug level or above, never trace.
    ///
    /// Why: at trace level PostgresNIO logs every protocol message, data rows included, with their
    /// bytes in hex, and the device lookup's row holds the device's secret (`devices.secret_hex`);
    /// `SecretLoggingTests` catches that. Debug keeps its query-level logs, whose values it masks.
    static func withoutRowTrace(_ logger: Logger) -> Logger {
        var clamped = logger
        if clamped.logLevel < .debug { clamped.logLevel = .debug }
        return clamped
    }
}
