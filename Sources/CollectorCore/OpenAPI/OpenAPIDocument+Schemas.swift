extension OpenAPIDocument {
    /// `components.schemas`: the JSON bodies, field for field as the Codable types encode them.
    static let schemas = """
          schemas:
            ErrorReply:
              type: object
              required: [error]
              properties: {error: {type: string}}
            WireTime:
              type: object
              description: The device's three clocks at one moment.
              required: [wall_ms, boot_id, mono_ns, synced]
              properties:
                wall_ms: {type: integer, format: int64}
                boot_id: {type: string}
                mono_ns: {type: integer, minimum: 0}
                synced: {type: boolean}
            WireWindow:
              type: object
              required: [opened_at]
              properties:
                ticket: {type: string}
                staff: {type: string}
                opened_at: {$ref: '#/components/schemas/WireTime'}
            WireRating:
              type: object
              required: [seq, id, score, flags, site, counter, time]
              properties:
                seq: {type: integer, format: int64}
                id: {type: string}
                score: {type: integer}
                flags: {type: array, items: {type: string}}
                site: {type: string}
                counter: {type: string}
                time: {$ref: '#/components/schemas/WireTime'}
                window: {$ref: '#/components/schemas/WireWindow'}
            UploadBatch:
              type: object
              required: [version, device_id, store_id, sent_at, queue_depth, ratings]
              properties:
                version: {type: integer}
                device_id: {type: string}
                store_id: {type: string}
                sent_at: {$ref: '#/components/schemas/WireTime'}
                queue_depth: {type: integer}
                ratings: {type: array, maxItems: 500, items: {$ref: '#/components/schemas/WireRating'}}
                amendments: {type: array, items: {type: object}}
                unrated_services: {type: array, items: {type: object}}
                device_events: {type: array, items: {type: object}}
            RejectedRecord:
              type: object
              required: [seq, reason]
              properties: {seq: {type: integer, format: int64}, reason: {type: string}}
            UploadReply:
              type: object
              required: [store_id, acked_through, rejected]
              properties:
                store_id: {type: string}
                acked_through: {type: integer, format: int64}
                rejected: {type: array, items: {$ref: '#/components/schemas/RejectedRecord'}}
                amendments_acked_through: {type: integer, format: int64}
                rejected_amendments: {type: array, items: {$ref: '#/components/schemas/RejectedRecord'}}
                unrated_services_acked_through: {type: integer, format: int64}
                rejected_unrated_services: {type: array, items: {$ref: '#/components/schemas/RejectedRecord'}}
                device_events_acked_through: {type: integer, format: int64}
                rejected_device_events: {type: array, items: {$ref: '#/components/schemas/RejectedRecord'}}
            PulledRating:
              type: object
              required: [cursor, device_id, store_id, seq, id, score, flags, site, counter, time, corrected_time, time_quality, received_at]
              properties:
                cursor: {type: string}
                device_id: {type: string}
                store_id: {type: string}
                seq: {type: integer, format: int64}
                id: {type: string}
                score: {type: integer, minimum: 1, maximum: 5}
                flags: {type: array, items: {type: string}}
                site: {type: string}
                counter: {type: string}
                time: {$ref: '#/components/schemas/WireTime'}
                corrected_time: {type: string, format: date-time}
                time_quality: {type: string, enum: [synced, anchored, bounded]}
                ticket: {type: string}
                staff: {type: string}
                window_opened_at: {$ref: '#/components/schemas/WireTime'}
                reason: {type: string}
                received_at: {type: string, format: date-time}
            WithdrawnRating:
              type: object
              required: [cursor, device_id, store_id, seq, id, flags]
              properties:
                cursor: {type: string}
                device_id: {type: string}
                store_id: {type: string}
                seq: {type: integer, format: int64}
                id: {type: string}
                flags: {type: array, items: {type: string}}
            RatingsPage:
              type: object
              required: [ratings, next_cursor, withdrawn]
              properties:
                ratings: {type: array, items: {$ref: '#/components/schemas/PulledRating'}}
                next_cursor: {type: string}
                withdrawn: {type: array, items: {$ref: '#/components/schemas/WithdrawnRating'}}
            PulledUnratedService:
              type: object
              required: [cursor, device_id, store_id, seq, opened_at, closed_at, received_at]
              properties:
                cursor: {type: string}
                device_id: {type: string}
                store_id: {type: string}
                seq: {type: integer, format: int64}
                ticket: {type: string}
                staff: {type: string}
                opened_at: {$ref: '#/components/schemas/WireTime'}
                closed_at: {$ref: '#/components/schemas/WireTime'}
                received_at: {type: string, format: date-time}
            ServicesPage:
              type: object
              required: [unrated_services, next_cursor]
              properties:
                unrated_services: {type: array, items: {$ref: '#/components/schemas/PulledUnratedService'}}
                next_cursor: {type: string}
            PulledDeviceEvent:
              type: object
              required: [cursor, device_id, store_id, seq, kind, detail, time, received_at]
              properties:
                cursor: {type: string}
                device_id: {type: string}
                store_id: {type: string}
                seq: {type: integer, format: int64}
                kind: {type: string}
                detail: {description: 'A JSON object (a string only if the stored row was edited by hand).'}
                time: {$ref: '#/components/schemas/WireTime'}
                received_at: {type: string, format: date-time}
            DeviceEventsPage:
              type: object
              required: [device_events, next_cursor]
              properties:
                device_events: {type: array, items: {$ref: '#/components/schemas/PulledDeviceEvent'}}
                next_cursor: {type: string}
            PulledConflict:
              type: object
              required: [cursor, device_id, store_id, seq, rating_id, reason, kind, received_json, received_at]
              properties:
                cursor: {type: string}
                device_id: {type: string}
                store_id: {type: string}
                seq: {type: integer, format: int64}
                rating_id: {type: string}
                reason: {type: string}
                kind: {type: string, enum: [rating, amendment, unrated_service, device_event]}
                received: {$ref: '#/components/schemas/WireRating'}
                received_json: {type: string}
                received_at: {type: string, format: date-time}
            ConflictsPage:
              type: object
              required: [conflicts, next_cursor]
              properties:
                conflicts: {type: array, items: {$ref: '#/components/schemas/PulledConflict'}}
                next_cursor: {type: string}
            PulledStore:
              type: object
              required: [store_id, acked_through, highest_seq, ratings, gaps, missing]
              properties:
                store_id: {type: string}
                acked_through: {type: integer, format: int64}
                highest_seq: {type: integer, format: int64}
                ratings: {type: integer}
                gaps: {type: array, items: {type: array, minItems: 2, maxItems: 2, items: {type: integer, format: int64}}}
                missing: {type: integer, format: int64}
            PulledDevice:
              type: object
              required: [id, retired, added_at, stores]
              properties:
                id: {type: string}
                retired: {type: boolean}
                added_at: {type: string, format: date-time}
                last_upload_at: {type: string, format: date-time}
                queue_depth: {type: integer}
                clock:
                  type: object
                  required: [synced, boot_id]
                  properties: {synced: {type: boolean}, offset_ms: {type: integer, format: int64}, boot_id: {type: string}}
                stores: {type: array, items: {$ref: '#/components/schemas/PulledStore'}}
                storage:
                  description: The device's disk, as its newest storage event said (absent if it never sent one).
                  type: object
                  required: [condition, reported_at, received_at]
                  properties:
                    condition: {type: string, description: 'ok, reserve_in_use (the disk filled up; presses go on in the reserve) or full (presses are not stored)'}
                    free_bytes: {type: integer, format: int64}
                    reported_at: {type: string, format: date-time}
                    received_at: {type: string, format: date-time}
            AlertsPage:
              type: object
              required: [alerts, next_cursor]
              properties:
                alerts: {type: array, items: {$ref: '#/components/schemas/PulledAlert'}}
                next_cursor: {type: string}
            AlertEnvelope:
              type: object
              required: [alert]
              properties: {alert: {$ref: '#/components/schemas/PulledAlert'}}
            AcknowledgeRequest:
              type: object
              properties: {by: {type: string, maxLength: 200}, note: {type: string, maxLength: 2000}}
            PulledAlert:
              type: object
              required: [id, kind, subject, opened_at, detail]
              properties:
                id: {type: integer, format: int64}
                kind: {type: string, enum: [bad_ratings, silent_terminal, seq_gap]}
                subject:
                  type: object
                  properties: {site: {type: string}, counter: {type: string}, device_id: {type: string}, store_id: {type: string}}
                opened_at: {type: string, format: date-time}
                detail:
                  type: object
                  properties:
                    window_start: {type: string, format: date-time}
                    window_end: {type: string, format: date-time}
                    ratings: {type: integer}
                    low_ratings: {type: integer}
                    last_upload_at: {type: string, format: date-time}
                    missing_from_seq: {type: integer, format: int64}
                    missing_through_seq: {type: integer, format: int64}
                    gap_seen_at: {type: string, format: date-time}
                acknowledged_at: {type: string, format: date-time}
                acknowledged_by: {type: string}
                note: {type: string}
                resolved_at: {type: string, format: date-time}
                webhook:
                  type: object
                  required: [attempts]
                  properties:
                    attempts: {type: integer}
                    delivered_at: {type: string, format: date-time}
                    next_attempt_at: {type: string, format: date-time}
                    last_error: {type: string}
            DevicesList:
              type: object
              required: [devices]
              properties: {devices: {type: array, items: {$ref: '#/components/schemas/PulledDevice'}}}

        """
}
