import { type Dispatcher, fetch } from "undici";

/**
 * Asks the trainer at `url` to stop after its current batch, with `reason` (an alert name),
 * through its `POST /control/stop`. Resolves with the state it reports ("stopping", or the state
 * of a run that already ended).
 *
 * @throws Error with the trainer's answer when it refuses or cannot be reached in time.
 */
export async function requestStop(
  url: string,
  reason: string,
  {
    controlToken,
    timeoutMs = 5000,
    dispatcher,
  }: {
    controlToken: string;
    timeoutMs?: number;
    /** How to connect, e.g. an undici `Agent` with the CA and client certificate of HTTPS trainers. */
    dispatcher?: Dispatcher;
  },
): Promise<string | undefined> {
  const response = await fetch(`${url}/control/stop`, {
    method: "POST",
    headers: { authorization: `Bearer ${controlToken}`, "content-type": "application/json" },
    body: JSON.stringify({ reason }),
    signal: AbortSignal.timeout(timeoutMs),
    dispatcher,
  });
  if (!response.ok) throw new Error(`${response.status} ${(await response.text()).slice(0, 200)}`);
  return ((await response.json()) as { state?: string }).state;
}
