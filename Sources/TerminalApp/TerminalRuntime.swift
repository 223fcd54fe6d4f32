import EventTimer
import Logging
import RatingCore
import RatingWire
import TerminalHardware
import TerminalStore
import TerminalSync

/// A terminal assembled from its config: the store, the uploader, and the press loop.
///
/// The uploader runs in its own task, apart from the button path: a dead or
/// slow network never delays a press or its thank-you.
public final class TerminalRuntime: Sendable {
    public let config: TerminalConfig
    public let store: RatingStore
    public let queue: StoreUploadQueue
    public let uploader: Uploader
    public let clock: any DeviceClock
    /// The damaged store moved aside at this start, if any.
    public let damage: StoreDamage?
    private let logger: Logger

    /// Opens the store and prepares the uploader. Throws `ConfigError` for a bad secret file and
    /// `StoreError` when the store cannot be opened. A damaged store is moved aside and a new one opened.
    public init(config: TerminalConfig, clock: any DeviceClock = SystemDeviceClock(), logger: Logger,
                transport: (any HTTPTransport)? = nil) throws {
        self.config = config
        self.clock = clock
        self.logger = logger
        let secret = try ConfigFiles.check(config)
        (store, damage) = try StoreDamage.open(path: config.storage.path, reserve: StorageReserve(storePath: config.storage.path), logger: logger)
        queue = StoreUploadQueue(store: store, clock: clock)
        let settings = UploaderSettings(
            collectorURL: config.collector.url, deviceID: config.device.id, secret: secret,
            idleInterval: .seconds(config.collector.uploadIntervalSeconds),
            startupDelayMax: .seconds(config.collector.startupDelayMaxSeconds),
            heartbeatInterval: config.collector.heartbeatIntervalSeconds > 0 ? .seconds(config.collector.heartbeatIntervalSeconds) : nil)
        let http = try transport ?? CurlTransport(settings: CurlSettings(caFile: config.collector.caFile.isEmpty ? nil : config.collector.caFile))
        uploader = Uploader(settings: settings, queue: queue, transport: http, clock: clock, logger: logger)
    }

    /// Starts the local service-ended API when `[session] trigger_listen` is set (`nil` when not).
    /// Throws `TriggerListenError` naming the address when it cannot listen.
    public func startTriggerAPI() throws -> ServiceEndedListener? {
        guard let address = config.session.triggerListen else { return nil }
        let listener = try ServiceEndedListener(address: address, settings: config.sessionSettings, file: config.file, logger: logger)
        logger.info("service-ended API listening", metadata: ["address": "\(listener.address)", "path": "\(ServiceEndedAPI.path)"])
        return listener
    }

    /// Runs the button path until the operator quits or the input ends; `triggers` are the local API's calls.
    public func runPressLoop(keypad: any Keypad, display: any Display, triggers: AsyncStream<ServiceEndedTrigger>? = nil,
                             onTimings: (@Sendable (PressLoop.PressTimings) -> Void)? = nil) async -> PressLoop.Ending {
        await makePressLoop(display: display, onTimings: onTimings).run(keypad: keypad, triggers: triggers)
    }

    /// The button path on `display`, not yet running; it wakes the uploader whenever it stores something.
    public func makePressLoop(display: any Display, onTimings: (@Sendable (PressLoop.PressTimings) -> Void)? = nil) -> PressLoop {
        let uploader = self.uploader
        let logger = self.logger
        return PressLoop(settings: config.sessionSettings, composer: DeviceFactory.composer(for: config), store: store,
                             display: display, clock: clock, placement: config.placement, logger: logger,
                             onStored: { rating in
                                 logger.info("rating stored", metadata: ["seq": "\(rating.seq)", "score": "\(rating.score)",
                                                                          "flags": "\(rating.flags.map(\.rawValue).sorted())"])
                                 uploader.notifyNewRating()
                             }, onOutboxChanged: { uploader.notifyNewRating() },
                             onTimings: { timings in
                                 logger.debug("press timings", metadata: [
                                     "seq": "\(timings.rating.seq)",
                                     "press_to_commit_us": "\(timings.committedAt.since(timings.pressedAt).nanosecondsClamped / 1_000)",
                                     "press_to_thanks_us": "\(timings.thanksShownAt.since(timings.pressedAt).nanosecondsClamped / 1_000)",
                                 ])
                                 onTimings?(timings)
                             })
    }

    /// Runs the uploader, the daily retention clean-up and the clock-step recorder until cancelled.
    public func runBackground() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.uploader.run() }
            group.addTask { await self.runRetention() }
            group.addTask { await self.recordClockSteps() }
            group.addTask { await self.recordStorageChanges() }
            group.addTask {
                let uploader = self.uploader
                await DamagedStoreRecovery(store: self.store, queue: self.queue, clock: self.clock, logger: self.logger,
                                           onRecorded: { uploader.notifyNewRating() }).run(damage: self.damage)
            }
        }
    }

    /// Keeps a `storage` device event whenever the disk's condition changes (see ``StorageRecorder``).
    private func recordStorageChanges() async {
        let uploader = self.uploader
        let recorder = StorageRecorder(store: store, clock: clock, logger: logger, onRecorded: { uploader.notifyNewRating() })
        await recorder.run(changes: store.storageChanges)
    }

    /// Keeps a `clock` device event whenever the wall clock is set (see ``ClockStepRecorder``).
    private func recordClockSteps() async {
        let watcher: ClockStepWatcher
        do {
            watcher = try ClockStepWatcher()
        } catch {
            // Ratings still carry their boot and monotonic time; only the anchor rows are missing.
            logger.warning("clock steps are not watched; ratings made before NTP sets the clock are placed less exactly",
                           metadata: ["error": "\(error)"])
            return
        }
        let uploader = self.uploader
        let recorder = ClockStepRecorder(store: store, clock: clock, logger: logger, onRecorded: { uploader.notifyNewRating() })
        await withTaskCancellationHandler {
            await recorder.run(steps: watcher.steps)
        } onCancel: {
            watcher.stop()
        }
    }

    /// Deletes acknowledged ratings past `keep_uploaded_days`, at start and then daily.
    private func runRetention() async {
        while !Task.isCancelled {
            do {
                let removed = try await store.pruneAcknowledged(olderThanDays: config.storage.keepUploadedDays, now: clock.now().wallMillis)
                if removed > 0 { logger.info("retention removed acknowledged ratings", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.warning("retention clean-up failed; it runs again tomorrow", metadata: ["error": "\(error)"])
            }
            do { try await EventTimer.shared.sleep(for: .seconds(86_400)) } catch { return }
        }
    }
}
