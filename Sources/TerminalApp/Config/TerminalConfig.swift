import RatingCore
import TerminalHardware

/// Everything a terminal is told by its one config file,
/// `/etc/rating-terminal/terminal.toml` (see `hardware/terminal.example.toml`).
public struct TerminalConfig: Sendable, Equatable {
    public struct Device: Sendable, Equatable {
        public var id: String
        public var secretFile: String
        /// Where `secret_file` was written (or the [device] header), for errors about the file.
        public var secretFileLine: Int = 0
        public var site: String
        public var counter: String
    }

    public struct Collector: Sendable, Equatable {
        public var url: String
        /// An extra CA bundle; empty = the system's.
        public var caFile: String
        /// Upload at least this often even when no press wakes the uploader.
        public var uploadIntervalSeconds: Int
        /// The first upload waits a random delay up to this (thousands of terminals come back together after a power cut).
        public var startupDelayMaxSeconds: Int
        /// With nothing to send for this long, send an empty heartbeat batch (0: never).
        public var heartbeatIntervalSeconds: Int = 600
        /// The config line of `ca_file` (0 when not given), for its error messages.
        public var caFileLine: Int = 0
    }

    public enum ButtonsDriver: String, Sendable, CaseIterable { case gpiod, keyboard, stdin }

    public struct Buttons: Sendable, Equatable {
        public var driver: ButtonsDriver
        public var chip: String
        public var lines: [String]
        public var activeLow: Bool
        public var bias: GPIOBias
        public var debounceMilliseconds: Int
        public var leds: [String]
        /// The clerk's "service finished" button (counter mode): a line name or offset, "" for none.
        public var staffLine: String
        /// An output line driving an active buzzer that beeps on every thank-you ("" = none).
        public var buzzer: String
        /// How long the buzzer beeps (`buzzer_ms`).
        public var buzzerMilliseconds: Int
    }

    public enum DisplayDriver: String, Sendable, CaseIterable {
        case hd44780I2C = "hd44780-i2c", serialVFD = "serial-vfd", lcdproc, console
    }

    public enum VietnameseMode: String, Sendable, CaseIterable { case glyphs, fold }

    public struct Display: Sendable, Equatable {
        public var driver: DisplayDriver
        public var size: GridSize
        public var i2cBus: String
        public var i2cAddress: Int
        public var serialPort: String
        public var baud: Int
        /// The serial pole display's command set (`pole_commands`).
        public var poleCommands: PoleDisplayCommandSet
        public var lcdproc: String
        public var language: Language
        public var vietnamese: VietnameseMode
        /// Whether the display's backlight is on (HD44780 backpacks; `backlight`).
        public var backlight: Bool
    }

    public enum SessionMode: String, Sendable, CaseIterable { case kiosk, counter }

    public struct Session: Sendable, Equatable {
        public var mode: SessionMode
        public var thanksSeconds: Int
        public var responseIntervalSeconds: Int
        public var windowSeconds: Int
        public var followupBelow: Int
        public var followupTimeoutSeconds: Int
        public var followupPageSeconds: Int
        /// 0: burst detection off.
        public var burstPresses: Int
        public var burstWindowSeconds: Int
        /// Where the local service-ended API listens (`trigger_listen`); `nil`: off.
        public var triggerListen: LocalListenAddress?
    }

    public struct Storage: Sendable, Equatable {
        public var path: String
        public var keepUploadedDays: Int
    }

    /// The file this was read from.
    public var file: String
    public var device: Device
    public var collector: Collector
    public var buttons: Buttons
    public var display: Display
    public var session: Session
    public var storage: Storage

    /// The session timing in core terms.
    public var sessionSettings: SessionSettings {
        SessionSettings(mode: session.mode == .counter ? .counter : .kiosk,
                        thanks: .seconds(session.thanksSeconds), responseInterval: .seconds(session.responseIntervalSeconds),
                        window: .seconds(session.windowSeconds), followUpBelow: session.followupBelow,
                        followUpTimeout: .seconds(session.followupTimeoutSeconds), followUpPage: .seconds(session.followupPageSeconds),
                        burstPresses: session.burstPresses, burstWindow: .seconds(session.burstWindowSeconds))
    }

    /// Where presses are attributed.
    public var placement: Placement { Placement(deviceID: device.id, site: device.site, counter: device.counter) }
}
