extension OpenAPIDocument {
    static let paths = """
        security:
          - adminBearer: []
          - adminBasic: []
        paths:
          /v1/batches:
            post:
              summary: Upload one batch of a terminal's store (idempotent; 200 only after the commit is durable).
              security: [{deviceSignature: []}]
              parameters:
                - {name: Content-Encoding, in: header, schema: {type: string, enum: [gzip, identity]}}
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/UploadBatch'}}}
              responses:
                '200': {description: Stored, content: {application/json: {schema: {$ref: '#/components/schemas/UploadReply'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '403': {description: Signed by another device than the batch names., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '409': {description: Device unknown or retired., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '413': {description: Body or record count too large., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '415': {description: Unknown Content-Encoding., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '422': {description: Unknown version, or seqs out of order., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '429': {description: Too many batches from this device; retry after Retry-After seconds., headers: {Retry-After: {schema: {type: integer}}}, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/ratings:
            get:
              summary: Ratings after a cursor, filtered; flagged presses left out unless include_flagged=true.
              parameters:
                - {$ref: '#/components/parameters/after'}
                - {$ref: '#/components/parameters/limit'}
                - {name: include_flagged, in: query, schema: {type: boolean}}
                - {name: site, in: query, schema: {type: string}}
                - {name: counter, in: query, schema: {type: string}}
                - {name: staff, in: query, schema: {type: string}}
                - {name: device, in: query, schema: {type: string}}
                - {name: from, in: query, description: 'Corrected time at or after, e.g. 2026-11-23T08:00:00+07:00.', schema: {type: string, format: date-time}}
                - {name: until, in: query, description: Corrected time before (after from)., schema: {type: string, format: date-time}}
                - {name: format, in: query, schema: {type: string, enum: [json, ndjson, csv]}}
              responses:
                '200':
                  description: A page; NDJSON and CSV carry the next cursor in X-Next-Cursor.
                  content:
                    application/json: {schema: {$ref: '#/components/schemas/RatingsPage'}}
                    application/x-ndjson: {schema: {type: string}}
                    text/csv: {schema: {type: string}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/services:
            get:
              summary: Services whose rating window closed without a counted press.
              parameters: [{$ref: '#/components/parameters/after'}, {$ref: '#/components/parameters/limit'}]
              responses:
                '200': {description: A page, content: {application/json: {schema: {$ref: '#/components/schemas/ServicesPage'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/device-events:
            get:
              summary: Reports terminals made about themselves (self-tests, clock steps).
              parameters: [{$ref: '#/components/parameters/after'}, {$ref: '#/components/parameters/limit'}]
              responses:
                '200': {description: A page, content: {application/json: {schema: {$ref: '#/components/schemas/DeviceEventsPage'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/conflicts:
            get:
              summary: Records set aside (invalid, or a key that came again with different content).
              parameters: [{$ref: '#/components/parameters/after'}, {$ref: '#/components/parameters/limit'}]
              responses:
                '200': {description: A page, content: {application/json: {schema: {$ref: '#/components/schemas/ConflictsPage'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/devices:
            get:
              summary: Every registered device with its last upload, backlog, clock, stores and seq gaps.
              responses:
                '200': {description: The devices, content: {application/json: {schema: {$ref: '#/components/schemas/DevicesList'}}}}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/alerts:
            get:
              summary: Alerts by id (bad ratings at a counter, silent terminals, seq gaps that do not close).
              parameters:
                - {name: open, in: query, description: 'true: neither acknowledged nor resolved; false: the others; absent: all.', schema: {type: boolean}}
                - {$ref: '#/components/parameters/after'}
                - {$ref: '#/components/parameters/limit'}
              responses:
                '200': {description: A page, content: {application/json: {schema: {$ref: '#/components/schemas/AlertsPage'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /v1/alerts/{id}/acknowledge:
            post:
              summary: Acknowledges an alert; again changes nothing and answers the first acknowledgement.
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer, format: int64, minimum: 1}}
              requestBody:
                required: false
                content: {application/json: {schema: {$ref: '#/components/schemas/AcknowledgeRequest'}}}
              responses:
                '200': {description: The alert, content: {application/json: {schema: {$ref: '#/components/schemas/AlertEnvelope'}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '404': {description: No alert has this id., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '413': {description: Body too large., content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}}
                '503': {$ref: '#/components/responses/Unavailable'}
          /:
            get:
              summary: The dashboard (HTML, Vietnamese and English).
              parameters:
                - {name: days, in: query, schema: {type: integer, minimum: 1, maximum: 366}}
                - {name: site, in: query, schema: {type: string}}
                - {name: counter, in: query, description: Needs site too (counter names repeat across sites)., schema: {type: string}}
              responses:
                '200': {description: The page, content: {text/html: {schema: {type: string}}}}
                '400': {$ref: '#/components/responses/BadRequest'}
                '401': {$ref: '#/components/responses/Unauthorized'}
                '503': {$ref: '#/components/responses/Unavailable'}
          /metrics:
            get:
              summary: Prometheus text format, per instance.
              security: []
              responses:
                '200': {description: The metrics, content: {text/plain: {schema: {type: string}}}}
          /healthz:
            get:
              summary: ok once the database answers.
              security: []
              responses:
                '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
                '503': {$ref: '#/components/responses/Unavailable'}
          /openapi.yaml:
            get:
              summary: This document.
              security: []
              responses:
                '200': {description: The document, content: {application/yaml: {schema: {type: string}}}}

        """
}
