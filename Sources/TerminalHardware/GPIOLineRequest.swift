import Foundation
import GPIODShim

/// Lines of one GPIO chip held through libgpiod (v1 or v2, see `gpiod_shim.h`).
///
/// Not thread-safe by itself.
final class GPIOLineRequest: @unchecked Sendable {
    // SAFETY: one user at a time, by construction in `GPIOKeypad`: the button request is
    // read and released only on the keypad's watcher thread; the LED request is used
    // and released only under the keypad's lock.
    /// Button edges: inputs with bias, active-low, both edges and (v2) kernel debounce.
    struct InputSettings {
        var activeLow: Bool
        var bias: GPIOBias
        var debounce: Duration
    }

    /// One edge with its kernel timestamp (CLOCK_MONOTONIC).
    struct Edge {
        var index: Int
        var active: Bool
        var timestampNanos: UInt64
    }

    let chip: String
    private var handle: OpaquePointer?

    private init(chip: String, handle: OpaquePointer) {
        self.chip = chip
        self.handle = handle
    }

    deinit { release() }

    /// Requests `lines` (names or offsets) of `chip` as inputs, in one request.
    static func inputs(chip: String, lines: [String], settings: InputSettings, consumer: String) throws(GPIOError) -> GPIOLineRequest {
        let debounceMicros = UInt32(clamping: settings.debounce.components.seconds * 1_000_000
            + settings.debounce.components.attoseconds / 1_000_000_000_000)
        return try request(chip: chip, lines: lines) { names, code, error in
            gpiod_shim_request_inputs(chip, names, UInt32(lines.count), settings.activeLow ? 1 : 0, settings.bias.shimValue,
                                      debounceMicros, consumer, code, error, 256)
        }
    }

    /// Requests `lines` of `chip` as outputs, all inactive at first.
    static func outputs(chip: String, lines: [String], consumer: String) throws(GPIOError) -> GPIOLineRequest {
        try request(chip: chip, lines: lines) { names, code, error in
            gpiod_shim_request_outputs(chip, names, UInt32(lines.count), consumer, code, error, 256)
        }
    }

    private static func request(
        chip: String, lines: [String],
        _ call: (UnsafePointer<UnsafePointer<CChar>?>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>) -> OpaquePointer?
    ) throws(GPIOError) -> GPIOLineRequest {
        var code: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let handle = CStrings.withArray(lines) { names in
            error.withUnsafeMutableBufferPointer { errorPointer -> OpaquePointer? in
                guard let names, let errorBase = errorPointer.baseAddress else { return nil }
                return call(names, &code, errorBase)
            }
        }
        guard let handle else {
            let reason = lines.isEmpty ? "no GPIO lines were given for chip \(chip)" : CStrings.text(error)
            throw GPIOError(chip: chip, reason: reason, code: code == 0 ? EINVAL : code)
        }
        return GPIOLineRequest(chip: chip, handle: handle)
    }

    /// The descriptor that becomes readable when edges are waiting.
    var eventDescriptor: Int32 { handle.map { gpiod_shim_event_fd($0) } ?? -1 }

    /// The waiting edges, oldest first, without blocking.
    func readEdges() throws(GPIOError) -> [Edge] {
        guard let handle else { throw GPIOError(chip: chip, reason: "the GPIO lines were released", code: ENODEV) }
        var events = [gpiod_shim_event](repeating: gpiod_shim_event(), count: 64)
        var error = [CChar](repeating: 0, count: 256)
        let count = gpiod_shim_read_events(handle, &events, UInt32(events.count), &error, error.count)
        guard count >= 0 else { throw GPIOError(chip: chip, reason: CStrings.text(error), code: -count) }
        return events.prefix(Int(count)).map { Edge(index: Int($0.index), active: $0.active != 0, timestampNanos: $0.timestamp_ns) }
    }

    /// Drives output `index` active (`true`) or inactive.
    func set(_ index: Int, active: Bool) throws(GPIOError) {
        guard let handle else { return }
        var error = [CChar](repeating: 0, count: 256)
        let result = gpiod_shim_set_value(handle, UInt32(index), active ? 1 : 0, &error, error.count)
        guard result == 0 else { throw GPIOError(chip: chip, reason: CStrings.text(error), code: -result) }
    }

    /// Frees the lines; later calls do nothing.
    func release() {
        gpiod_shim_release(handle)
        handle = nil
    }
}

/// The pull resistor a button line uses (`[buttons] bias`).
public enum GPIOBias: String, Sendable, CaseIterable {
    case asIs = "as-is", disabled, pullUp = "pull-up", pullDown = "pull-down"

    var shimValue: gpiod_shim_bias {
        switch self {
        case .asIs: GPIOD_SHIM_BIAS_AS_IS
        case .disabled: GPIOD_SHIM_BIAS_DISABLED
        case .pullUp: GPIOD_SHIM_BIAS_PULL_UP
        case .pullDown: GPIOD_SHIM_BIAS_PULL_DOWN
        }
    }
}
