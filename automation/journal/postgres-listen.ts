import { Client, type Notification } from "pg";
import { eventsChannel } from "./postgres-events";
import { connectionLimits } from "./postgres-db";

/**
 * Following the events every instance journals, as PostgreSQL announces them: one
 * connection of its own (a pooled one would be handed to others and stop listening),
 * LISTENing on the events channel, connected again when it drops.
 */

export type EventListener = (operationId: string, seq: number) => void;

export interface ListenOptions {
  /**
   * Called each time the connection is back after a drop. Notifications sent meanwhile
   * are lost; the journal still has the events, so a follower reads what it missed.
   */
  onReconnect?: () => void;
  /** The first wait before connecting again, doubled on each failure up to 5 s. */
  retryMs?: number;
}

const maxRetryMs = 5_000;

function parse(message: Notification): [string, number] | undefined {
  if (message.channel !== eventsChannel || !message.payload) return undefined;
  const split = message.payload.lastIndexOf(":");
  const seq = Number(message.payload.slice(split + 1));
  return split > 0 && Number.isInteger(seq) ? [message.payload.slice(0, split), seq] : undefined;
}

/** Starts listening; resolves once listening, with the function that stops it. */
export async function listenEvents(
  url: string,
  listener: EventListener,
  options: ListenOptions = {},
): Promise<() => Promise<void>> {
  const firstRetryMs = options.retryMs ?? 100;
  let retryMs = firstRetryMs;
  let stopped = false;
  let current: Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<Client> => {
    // Keepalive: a connection lost without a word (a network cut) is noticed and replaced.
    const client = new Client({
      connectionString: url,
      application_name: "flightdeck-listen",
      keepAlive: true,
      connectionTimeoutMillis: connectionLimits.connectionTimeoutMillis,
    });
    client.on("notification", (message) => {
      const parsed = parse(message);
      if (parsed) listener(...parsed);
    });
    // A dropped connection errors, then ends: the end is where it is replaced.
    client.on("error", () => undefined);
    client.on("end", () => {
      if (stopped || current !== client) return;
      current = undefined;
      reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${eventsChannel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  };

  const reconnectLater = () => {
    timer = setTimeout(() => {
      connect().then(
        (client) => {
          if (stopped) return void client.end().catch(() => undefined);
          current = client;
          retryMs = firstRetryMs;
          options.onReconnect?.();
        },
        () => {
          retryMs = Math.min(retryMs * 2, maxRetryMs);
          if (!stopped) reconnectLater();
        },
      );
    }, retryMs);
  };

  current = await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current?.end().catch(() => undefined);
  };
}
