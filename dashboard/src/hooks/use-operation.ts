import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../../../client/api-client";
import { followEvents } from "../../../client/follow-events";
import type { OperationEventView, OperationView } from "../../../client/types";
import { emptyProgress, foldEvents, type Progress } from "../model/operation-progress";

/** Events are folded at most this often: an engine emits hundreds a second. */
const foldEveryMs = 100;

export interface OperationState {
  operation: OperationView | undefined;
  progress: Progress;
  /** True while the event stream is open: the page is live. */
  live: boolean;
  error: unknown;
}

/**
 * An operation and its events: the journal's record first, then its event stream from the
 * first event (a finished operation replays whole), and the record read again once the
 * stream has ended, so the page is complete after as it was live during.
 */
export function useOperation(client: ApiClient, id: string): OperationState {
  const [operation, setOperation] = useState<OperationView>();
  const [progress, setProgress] = useState<Progress>(emptyProgress);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let pending: OperationEventView[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setProgress((before) => foldEvents(before, batch));
    };
    const onEvent = (event: OperationEventView) => {
      pending.push(event);
      timer ??= setTimeout(flush, foldEveryMs);
    };
    const read = () => client.get<OperationView>(`/deployments/${encodeURIComponent(id)}`, signal);

    setOperation(undefined);
    setProgress(emptyProgress);
    setError(undefined);
    void (async () => {
      try {
        setOperation(await read());
        setLive(true);
        // A page stays open for as long as it is looked at: it reconnects for as long.
        await followEvents(client, id, onEvent, { signal, maxReconnects: Infinity });
        if (signal.aborted) return;
        clearTimeout(timer);
        flush();
        setOperation(await read());
      } catch (failure) {
        if (!signal.aborted) setError(failure);
      } finally {
        if (!signal.aborted) setLive(false);
      }
    })();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, id]);

  return { operation, progress, live, error };
}
