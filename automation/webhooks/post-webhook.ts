import type { WebhookTarget } from "./webhook-config";
import { signedHeaders, type DeliveryIdentity } from "./sign-webhook";

/** How one attempt ended; `retry` says whether another attempt may fare better. */
export type AttemptResult =
  | { delivered: true; status: number }
  | { delivered: false; status?: number; error: string; retry: boolean };

/** Answers that say "not now" rather than "never": timeouts, throttling, the receiver failing. */
const retriable = (status: number) => status === 408 || status === 429 || status >= 500;

/** The start of an answer's body, enough for a receiver's reason (`invalid_token`), never all of it. */
async function leadingText(response: Response, max = 200): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short by the timeout: the status says enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, max).replace(/\s+/g, " ").trim();
}

/** Why the request got no answer, without the URL (its path may be a credential). */
function unreachable(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : "");
  return `could not reach the receiver${reason ? ` (${reason})` : ""}`;
}

/**
 * One signed POST of a delivery's body, given at most `timeoutMs` from request to answer.
 * Redirects are not followed: a signed notification goes where it was configured to go.
 * `stop` (the server shutting down) ends it early.
 */
export async function postWebhook(
  target: WebhookTarget,
  delivery: DeliveryIdentity,
  body: string,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: signedHeaders(target.key, body, delivery),
      body,
      redirect: "manual",
      signal: AbortSignal.any([timeout, stop]),
    });
    const { status } = response;
    const answer = await leadingText(response);
    if (status >= 200 && status < 300) return { delivered: true, status };
    const error = `the receiver answered HTTP ${status}${answer ? `: ${answer}` : ""}`;
    return { delivered: false, status, error, retry: retriable(status) };
  } catch (error) {
    if (stop.aborted)
      return {
        delivered: false,
        error: "not delivered: the server shut down before the receiver answered",
        retry: false,
      };
    if (timeout.aborted)
      return { delivered: false, error: `no answer within ${timeoutMs} ms`, retry: true };
    return { delivered: false, error: unreachable(error), retry: true };
  }
}
