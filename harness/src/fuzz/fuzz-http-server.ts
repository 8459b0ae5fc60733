import fc from "fast-check";
import { type FuzzRequest, type FuzzTarget, fuzzRequests } from "./fuzz-requests.js";
import { sendRaw } from "./send-raw.js";

/** What a fuzz run tried and found. */
export interface FuzzReport {
  readonly name: string;
  /** Inputs tried (shrinking's retries not counted), and the answers by status (or `no answer`), retries included. */
  readonly inputs: number;
  readonly answers: Readonly<Record<string, number>>;
  /** The smallest input that broke the property (shrunk by fast-check), with what it got. */
  readonly failure?: { readonly request: FuzzRequest; readonly answer: string };
  readonly seed: number;
}

/** A body as a report shows it: a long one cut, with its length. */
const shorten = (body: string) =>
  body.length > 120 ? `${body.slice(0, 120)}… (${body.length} characters)` : body;

/**
 * Fuzzes one HTTP server with `runs` generated requests (fast-check, shrinking a failure to the
 * smallest input that still fails). The property: every request gets a status line in time, and
 * that status is a 1xx–4xx (the normal answer or a refusal), never a 5xx or silence.
 */
export async function fuzzHttpServer(
  target: FuzzTarget,
  { runs = 300, seed = Date.now() & 0x7fffffff }: { runs?: number; seed?: number } = {},
): Promise<FuzzReport> {
  const answers: Record<string, number> = {};
  const answerOf = new WeakMap<FuzzRequest, string>();
  const details = await fc.check(
    fc.asyncProperty(fuzzRequests(target), async (request) => {
      const answer = await sendRaw(target.url, request);
      answerOf.set(request, answer);
      const status = /^HTTP\/1\.[01] (\d\d\d)/.exec(answer)?.[1];
      const kind = status ?? "no answer";
      answers[kind] = (answers[kind] ?? 0) + 1;
      return status !== undefined && !status.startsWith("5");
    }),
    { numRuns: runs, seed, endOnFailure: false },
  );
  const counterexample = details.counterexample?.[0];
  return {
    name: target.name,
    inputs: details.numRuns,
    answers,
    seed,
    ...(counterexample && {
      failure: {
        request: { ...counterexample, body: shorten(counterexample.body) },
        answer: answerOf.get(counterexample) ?? "",
      },
    }),
  };
}
