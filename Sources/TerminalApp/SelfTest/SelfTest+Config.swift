import Foundation
import RatingCore
import RatingWire
import TerminalHardware
import TerminalStore
import TerminalSync

extension SelfTest.Parts {
    /// The parts of a configured terminal: its own keypad and display, its collector and clock.
    /// Progress lines are printed on standard error, so a console display keeps standard output.
    public static func configured(_ config: TerminalConfig, secret: DeviceSecret, store: RatingStore, keypad: any Keypad,
                                  display: any Display, clock: any DeviceClock = SystemDeviceClock()) throws -> SelfTest.Parts {
        // Shorter limits than uploads: a technician is waiting for the answer.
        let transport = try CurlTransport(settings: CurlSettings(caFile: config.collector.caFile.isEmpty ? nil : config.collector.caFile,
                                                                 connectTimeout: .seconds(10), totalTimeout: .seconds(20)))
        let uploader = UploaderSettings(collectorURL: config.collector.url, deviceID: config.device.id, secret: secret)
        let buttons = config.buttons
        return SelfTest.Parts(
            keypad: keypad, display: display, composer: DeviceFactory.composer(for: config),
            buttonLines: buttons.driver == .gpiod ? buttons.lines : [],
            hasLEDs: buttons.driver == .gpiod && !buttons.leds.isEmpty,
            hasStaffButton: buttons.driver == .gpiod ? !buttons.staffLine.isEmpty : config.session.mode == .counter,
            probeCollector: {
                let unsent = (try? await store.unsentRecordCount()) ?? 0
                return await CollectorProbe.run(settings: uploader, storeID: store.storeID, unsentCount: unsent, transport: transport,
                                                sentAt: clock.now())
            },
            clockSynced: { clock.now().clockSynced },
            say: { FileHandle.standardError.write(Data("selftest: \($0)\n".utf8)) })
    }
}
