// rating-collector: the collector server and its administration commands.
// Top-level await: AsyncParsableCommand cannot use @main in a main.swift file.
import Logging

// Logs go to stderr: stdout carries only the command's answer ("listening on …", a secret).
LoggingSystem.bootstrap(StreamLogHandler.standardError)
await RatingCollector.mainAsync()
