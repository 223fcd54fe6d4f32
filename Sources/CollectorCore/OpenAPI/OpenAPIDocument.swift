import Hummingbird

/// The collector's OpenAPI 3.0 document, served at `GET /openapi.yaml`.
///
/// Written by hand beside the code it describes, in parts (components, schemas, paths); the schemathesis test
/// in `make test` checks the running server against it. Why a Swift string and not a resource file:
/// SwiftPM's `Bundle.module` stops the program when the resource bundle is not beside the executable
/// (a copied binary, the .deb), and a served document must never do that.
public enum OpenAPIDocument {
    /// The whole document as YAML.
    public static var yaml: String { header + schemas + paths }

    /// Routes `GET /openapi.yaml` (open: the document holds no secret).
    static func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(string: yaml)))
        }
    }

    static let header = """
        openapi: 3.0.3
        info:
          title: rating-collector
          version: "1"
          description: |
            The collector of the rating terminals: terminals upload batches (POST /v1/batches, signed per device);
            the central office reads ratings, services, device events, set-aside records and device health.
            Read endpoints need the admin token (Bearer, or HTTP Basic with the token as password) unless the
            collector listens on loopback without one. Errors are JSON: {"error": "reason"}.
        components:
          securitySchemes:
            adminBearer:
              type: http
              scheme: bearer
            adminBasic:
              type: http
              scheme: basic
            deviceSignature:
              type: apiKey
              in: header
              name: Authorization
              description: 'RT1-HMAC-SHA256 device=ID,signature=HEX (HMAC-SHA256 with the device secret over method, path and body digest).'
          responses:
            BadRequest:
              description: A parameter or body that cannot be used; the reason says which and what it needs.
              content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}
            Unauthorized:
              description: No or a wrong credential.
              content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}
            Unavailable:
              description: The database is busy or away; retry after Retry-After seconds.
              headers: {Retry-After: {schema: {type: integer}}}
              content: {application/json: {schema: {$ref: '#/components/schemas/ErrorReply'}}}
          parameters:
            after:
              name: after
              in: query
              description: A next_cursor from an earlier answer; 0 (the default) starts from the beginning.
              schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807}
            limit:
              name: limit
              in: query
              description: Page size (default 100).
              schema: {type: integer, minimum: 1, maximum: 1000}

        """
}
