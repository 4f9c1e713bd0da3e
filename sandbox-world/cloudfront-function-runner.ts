import { runInNewContext } from "node:vm";

/** What a function's `cf.kvs()` reads: a key's value, or undefined when the store has none. */
export type KeyValueReader = (key: string) => Promise<string | undefined>;

export interface FunctionRun {
  /** What the handler returned: the request or response it passes on. */
  result: Record<string, unknown>;
  /** The origin the function chose with `cf.selectRequestOriginById`, if it chose one. */
  selectedOriginId?: string;
}

/** The runtime's module import, which `node:vm` cannot resolve: `cf` is given as a global instead. */
const cloudfrontImport = /^\s*import\s+cf\s+from\s+["']cloudfront["'];?\s*$/m;

/**
 * Runs a CloudFront Function's code (runtime cloudfront-js-2.0) on one event, as
 * CloudFront's edge would: its `handler(event)` with the `cloudfront` module's
 * `cf.kvs()` (the associated key-value store) and `cf.selectRequestOriginById()`.
 * A separate context per run: nothing a run leaves behind reaches the next, as at the edge.
 */
export async function runCloudFrontFunction(
  code: string,
  event: object,
  readKey: KeyValueReader,
): Promise<FunctionRun> {
  let selectedOriginId: string | undefined;
  const cf = {
    kvs: () => ({
      async get(key: string, options?: { format?: string }) {
        const value = await readKey(key);
        if (value === undefined) throw new Error(`the key-value store has no key ${key}`);
        return options?.format === "json" ? (JSON.parse(value) as unknown) : value;
      },
      exists: async (key: string) => (await readKey(key)) !== undefined,
    }),
    selectRequestOriginById(id: string) {
      selectedOriginId = id;
    },
  };
  const handler = runInNewContext(`${code.replace(cloudfrontImport, "")}\n;handler`, {
    cf,
  }) as (event: object) => unknown;
  if (typeof handler !== "function") throw new Error("the function's code defines no handler");
  // A plain copy: objects made inside the context have that context's prototypes.
  const result = JSON.parse(JSON.stringify(await handler(event))) as Record<string, unknown>;
  return { result, ...(selectedOriginId === undefined ? {} : { selectedOriginId }) };
}
