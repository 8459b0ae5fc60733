import fc from "fast-check";

/** A server to fuzz: where it listens and the paths it serves, which the inputs are built from. */
export interface FuzzTarget {
  readonly name: string;
  /** Its base URL, `http://host:port` (the fuzzer speaks HTTP/1.1 over a raw socket). */
  readonly url: string;
  /** Its routes, e.g. `/metrics`, `/control/stop`: each input starts from one and mangles it. */
  readonly paths: readonly string[];
  /** Sent as `Authorization` in some inputs, so what lies behind the auth check is reached too. */
  readonly authorization?: string;
}

/** One generated request, as written to the socket. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

const segment = fc.oneof(
  fc.constantFrom("..", ".", "%2e%2e", "%2E%2E%2F", "%2f", "%5c", "..%2f", "%00", "", ";x=1", "~"),
  fc.constantFrom("%252e%252e", "%c0%ae%c0%ae", "\\..\\", "*", "%", "%zz", "a".repeat(5000)),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[a-zA-Z0-9_.~%-]{1,10}$/),
);

// Headers that change how a request is framed or answered (Transfer-Encoding beside a
// Content-Length, Expect) are refused before any handler: rarer, so most inputs get further.
const headerName = fc.oneof(
  {
    arbitrary: fc.constantFrom("Accept", "Content-Type", "Authorization", "Accept-Encoding"),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom("Connection", "Range", "If-None-Match", "X-Forwarded-For"),
    weight: 2,
  },
  { arbitrary: fc.constantFrom("Transfer-Encoding", "Expect"), weight: 1 },
  { arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), weight: 2 },
);

const headerValue = fc.oneof(
  fc.constantFrom(
    "application/json",
    "text/plain",
    "application/openmetrics-text;version=1.0.0",
    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
    "gzip, deflate, br",
    "chunked",
    "100-continue",
    "bytes=0-1,5-9",
    "Bearer ",
    "Basic Og==",
    "Basic !!!",
  ),
  // Mostly values a parser accepts, so the inputs reach the handlers; some that it must refuse.
  fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,39}$/),
  fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,39}$/),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

const body = fc.oneof(
  { arbitrary: fc.constant(""), weight: 3 },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 2 },
  // Over every body limit the servers set (1 MB).
  { arbitrary: fc.constant("x".repeat(2 * 1024 * 1024 + 1)), weight: 1 },
  { arbitrary: fc.constant(`{"alerts":[${'{"labels":{}},'.repeat(20_000)}{}]}`), weight: 1 },
);

/** The generated requests for `target`: its paths, mangled, with odd methods, headers and bodies. */
export function fuzzRequests(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    // Mostly what the routes take, so the inputs reach past routing into the handlers.
    method: fc.oneof(
      { arbitrary: fc.constantFrom("GET", "POST"), weight: 6 },
      {
        arbitrary: fc.constantFrom("PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE"),
        weight: 2,
      },
      { arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/), weight: 1 },
    ),
    path: fc
      .tuple(
        fc.constantFrom(...target.paths),
        fc.oneof(
          { arbitrary: fc.constant([]), weight: 2 },
          { arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }), weight: 1 },
        ),
        fc.option(
          fc.oneof(
            { arbitrary: fc.stringMatching(/^[\x21-\x7e]{0,30}$/), weight: 3 },
            { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
          ),
          { nil: undefined },
        ),
      )
      .map(([base, extra, query]) =>
        [base, ...extra].join("/").concat(query === undefined ? "" : `?${query}`),
      ),
    headers: fc
      .tuple(fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }), fc.boolean())
      .map(([headers, authorized]) =>
        authorized && target.authorization
          ? [
              ...headers.filter(([n]) => n.toLowerCase() !== "authorization"),
              ["Authorization", target.authorization] as const,
            ]
          : headers,
      ),
    body,
  });
}
