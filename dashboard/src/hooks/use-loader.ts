import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload: () => void;
}

/**
 * Runs `load` now, whenever `key` changes, on `reload()`, and every `pollMs` while the tab
 * is visible: pages stay current without a refresh. A failed poll keeps the last data.
 */
export function useLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  pollMs?: number,
): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, [key]);

  useEffect(() => {
    const controller = new AbortController();
    const run = () =>
      loadRef.current(controller.signal).then(
        (value) => {
          if (controller.signal.aborted) return;
          setData(value);
          setError(undefined);
        },
        (failure: unknown) => {
          if (!controller.signal.aborted) setError(failure);
        },
      );
    void run();
    const timer =
      pollMs === undefined
        ? undefined
        : setInterval(() => {
            if (document.visibilityState === "visible") void run();
          }, pollMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [key, generation, pollMs]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, reload };
}
