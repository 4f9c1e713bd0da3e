/** What one look at a build saw: the answer's status and the hash it reported, if any. */
export interface Observation {
  status: number;
  /** "" when the answer named no hash. */
  hash: string;
}

/** Looks once at a build; throws when nothing answered (connection refused, timeout). */
export type Probe = (signal: AbortSignal) => Promise<Observation>;

export const answeredOk = (observation: Observation) =>
  observation.status >= 200 && observation.status < 300;
