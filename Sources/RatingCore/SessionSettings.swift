/// How the session behaves, from the config file's `[session]` section.
///
/// Every interval is half-open: something that lasts `d` from `t` covers `t` up to,
/// but not including, `t + d`. A press exactly at `t + window` is outside the window,
/// one exactly `responseInterval` after the last counted press counts again.
public struct SessionSettings: Hashable, Sendable {
    /// How presses are judged (`mode`).
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// A free-standing terminal: any press counts, except one within `responseInterval`
        /// of the last counted press, which is flagged `repeat`.
        case kiosk
        /// A terminal at a service counter: a rating window opens when the clerk ends a
        /// service; its first press counts, later ones are flagged `repeat`, and presses
        /// while no window is open are flagged `no_window`.
        case counter
    }

    /// How presses are judged (`mode`).
    public var mode: Mode
    /// How long the thank-you stays on the display (`thanks_s`).
    public var thanks: Duration
    /// Kiosk mode: a press this soon after the last counted press is flagged `repeat` (`response_interval_s`).
    public var responseInterval: Duration
    /// Counter mode: how long a rating window stays open after the service ended (`window_s`).
    public var window: Duration
    /// Ask "why?" after a counted press with a score below this (`followup_below`); 0 never asks.
    public var followUpBelow: Int
    /// How long the follow-up question waits for a reason before giving up.
    public var followUpTimeout: Duration
    /// How long each reason stays on a display too small to show all five at once.
    public var followUpPage: Duration
    /// This many presses or more within `burstWindow` are all flagged `burst`; below 2 turns
    /// burst detection off.
    ///
    /// The default, 5 presses within 10 s, leaves room for a customer who changes their mind
    /// once or twice (2–3 presses) and for a busy kiosk exit (a thank-you takes 3 s per
    /// person), while five presses in ten seconds at one counter is always someone playing
    /// with the buttons: no counter serves five customers in ten seconds.
    public var burstPresses: Int
    /// See `burstPresses`: presses belong to one burst when they fall within this long of each other.
    public var burstWindow: Duration

    /// The settings, with the config file's defaults for everything not given.
    public init(mode: Mode = .kiosk, thanks: Duration = .seconds(3), responseInterval: Duration = .seconds(5),
                window: Duration = .seconds(30), followUpBelow: Int = 3, followUpTimeout: Duration = .seconds(15),
                followUpPage: Duration = .seconds(2), burstPresses: Int = 5, burstWindow: Duration = .seconds(10)) {
        self.mode = mode
        self.thanks = thanks
        self.responseInterval = responseInterval
        self.window = window
        self.followUpBelow = followUpBelow
        self.followUpTimeout = followUpTimeout
        self.followUpPage = followUpPage
        self.burstPresses = burstPresses
        self.burstWindow = burstWindow
    }
}
