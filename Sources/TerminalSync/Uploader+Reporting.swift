import Logging
import RatingWire

extension Uploader {
    /// Logs and reports the answer to one batch.
    func describe(_ decision: UploadDecision, of pending: PendingBatch, result: HTTPResult, next: UploadPolicy.Next) async {
        let status = result.status
        switch decision {
        case .acknowledged(let reply):
            for (kind, records) in [("rating", reply.rejected), ("amendment", reply.rejectedAmendments),
                                    ("unrated_service", reply.rejectedUnratedServices), ("device_event", reply.rejectedDeviceEvents)] {
                for record in records {
                    logger.error("the collector set a record aside; it is kept locally and not sent again",
                                 metadata: ["kind": "\(kind)", "seq": "\(record.seq)", "reason": "\(record.reason)"])
                }
            }
            let accounted = pending.accounted(by: reply)
            logger.debug("batch acknowledged", metadata: ["acked_through": "\(reply.ackedThrough)", "records": "\(pending.recordCount)"])
            await report(pending, summary: "acknowledged through \(reply.ackedThrough)", status: status, succeeded: true,
                         ackedThrough: reply.ackedThrough, remaining: pending.unsentCount - accounted, bytesSent: result.bytesSent)
        case .shrinkBatch(let size):
            logger.warning("the collector found the batch too large; sending smaller ones", metadata: ["batch": "\(size)"])
            await report(pending, summary: "HTTP 413: batch too large, now at most \(size)", status: status, bytesSent: result.bytesSent)
        case .sendUncompressed:
            logger.warning("the collector does not take gzip; sending plain JSON from now on")
            await report(pending, summary: "HTTP 415: sending uncompressed", status: status, bytesSent: result.bytesSent)
        case .retryLater(let problem, let reason, _):
            if case .after(let delay) = next { log(problem, reason, retryIn: delay) }
            await report(pending, summary: "\(reason) (\(problem.hint))", status: status, problem: problem, bytesSent: result.bytesSent)
        }
    }

    /// Logs a failed attempt: loudly (error) when a person has to act, else as a warning.
    func log(_ problem: UploadProblem, _ reason: String, retryIn delay: Duration) {
        let metadata: Logger.Metadata = ["problem": "\(problem.rawValue)", "reason": "\(reason)", "retry_in": "\(delay)",
                                         "hint": "\(problem.hint)"]
        if problem.needsAttention {
            logger.error("upload refused; ratings are kept and retried", metadata: metadata)
        } else {
            logger.warning("upload failed; ratings are kept and retried", metadata: metadata)
        }
    }

    /// Hands a report to the queue (for `status`) and to `attempts`.
    func report(_ pending: PendingBatch, summary: String, status: Int?, succeeded: Bool = false, problem: UploadProblem? = nil,
                ackedThrough: Int64? = nil, remaining: Int? = nil, bytesSent: Int = 0) async {
        let report = UploadReport(time: clock.now(), summary: summary, httpStatus: status, succeeded: succeeded, problem: problem,
                                  ackedThrough: ackedThrough, remaining: remaining ?? pending.unsentCount,
                                  ratings: pending.ratings.count, bytesSent: bytesSent)
        await queue.noteAttempt(report)
        reports.yield(report)
    }
}
