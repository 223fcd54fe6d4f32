import Logging
import RatingCore
import TerminalHardware

/// The local service-ended API, listening (`[session] trigger_listen`): accepted calls come out
/// of `triggers`, for `PressLoop.run(keypad:triggers:)`.
public final class ServiceEndedListener: Sendable {
    /// Accepted calls, in the order they arrived.
    public let triggers: AsyncStream<ServiceEndedTrigger>
    /// Where it listens (a loopback port 0 resolved).
    public let address: LocalListenAddress
    private let server: LocalHTTPServer
    private let continuation: AsyncStream<ServiceEndedTrigger>.Continuation

    /// Listens on `address`; throws `TriggerListenError` naming the address when it cannot.
    public init(address: LocalListenAddress, settings: SessionSettings, file: String, logger: Logger) throws {
        // Bounded: a flood of calls while the press loop is busy cannot grow memory; the newest win.
        let (stream, continuation) = AsyncStream<ServiceEndedTrigger>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let api = ServiceEndedAPI(settings: settings) { trigger in
            logger.info("service ended (local API)", metadata: ["ticket": "\(trigger.ticket ?? "-")", "staff": "\(trigger.staff ?? "-")"])
            continuation.yield(trigger)
        }
        do {
            server = try LocalHTTPServer(address: address) { request in
                let response = api.respond(to: request)
                if response.status >= 400 {
                    logger.notice("local API call refused", metadata: ["method": "\(request.method)", "path": "\(request.path)",
                                                                       "status": "\(response.status)", "answer": "\(response.json)"])
                }
                return response
            }
        } catch {
            continuation.finish()
            throw TriggerListenError(file: file, underlying: error)
        }
        triggers = stream
        self.continuation = continuation
        self.address = server.address
        if settings.mode != .counter {
            logger.warning("trigger_listen is set but [session] mode is not \"counter\": calls are answered 409", metadata: ["address": "\(server.address)"])
        }
    }

    /// Stops listening (a Unix socket file is removed) and ends `triggers`.
    public func close() {
        server.close()
        continuation.finish()
    }
}

/// `[session] trigger_listen` could not be used at start-up (a port in use, a missing folder).
public struct TriggerListenError: Error, CustomStringConvertible {
    public var file: String
    public var underlying: LocalServerError
    public var description: String { "the service-ended API ([session] trigger_listen in \(file)) \(underlying)" }
}
