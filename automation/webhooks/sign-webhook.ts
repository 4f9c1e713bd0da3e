import { createHmac, type KeyObject } from "node:crypto";

/** What identifies one delivery to its receiver. */
export interface DeliveryIdentity {
  id: string;
  event: string;
}

/**
 * The headers of one attempt. The signature is `v1=` and the hex HMAC-SHA256, with the
 * webhook's secret, of `<timestamp>.<body>` (timestamp in Unix seconds, as sent). Each
 * attempt signs anew, so a retry after a long backoff still passes a receiver that
 * rejects old timestamps; the delivery id stays, so the receiver can drop a repeat.
 */
export function signedHeaders(
  key: KeyObject,
  body: string,
  delivery: DeliveryIdentity,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex");
  return {
    "content-type": "application/json",
    "user-agent": "flightdeck-webhooks",
    "x-flightdeck-delivery": delivery.id,
    "x-flightdeck-event": delivery.event,
    "x-flightdeck-timestamp": timestamp,
    "x-flightdeck-signature": `v1=${signature}`,
  };
}
