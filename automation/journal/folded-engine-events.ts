/** Engine events an operation keeps unless configured otherwise. */
export const defaultEngineEventsPerOperation = 5_000;

/** The `kind` of the engine event that stands for older engine events folded away. */
export const foldedKind = "summarized";

/** The facts of an engine event (see engine-event-summary.ts) that a fold keeps counts of. */
const countedFields = ["kind", "op", "type", "severity"] as const;
type CountedField = (typeof countedFields)[number];

/** The data of the event that replaces folded engine events. */
export interface FoldedData {
  kind: typeof foldedKind;
  message: string;
  /** How many engine events it stands for. */
  events: number;
  /** The seqs of the first and last of them; step and log events between them are kept. */
  fromSeq: number;
  toSeq: number;
  /** Per field, how many folded events had each value: resource operations, types, diagnostics. */
  counts: Record<CountedField, Record<string, number>>;
}

function isFolded(data: Record<string, unknown>): data is FoldedData & Record<string, unknown> {
  return (
    data.kind === foldedKind &&
    typeof data.events === "number" &&
    typeof data.fromSeq === "number" &&
    typeof data.counts === "object" &&
    data.counts !== null
  );
}

/**
 * Folds a run of engine events, oldest first, into one summary. An earlier summary met
 * on the way is merged, so an operation only ever has one and its counts cover every
 * engine event folded since the operation began.
 */
export class EngineEventFold {
  private events = 0;
  private fromSeq: number | undefined;
  private toSeq = 0;
  // Maps, not objects: the keys are engine-provided strings such as resource types.
  private readonly counts = new Map<CountedField, Map<string, number>>(
    countedFields.map((field) => [field, new Map()]),
  );

  add(seq: number, data: Record<string, unknown>): void {
    this.toSeq = seq;
    if (isFolded(data)) {
      this.fromSeq ??= data.fromSeq;
      this.events += data.events;
      for (const field of countedFields) {
        for (const [value, n] of Object.entries(data.counts[field] ?? {}))
          this.count(field, value, n);
      }
      return;
    }
    this.fromSeq ??= seq;
    this.events += 1;
    for (const field of countedFields) {
      const value = data[field];
      if (typeof value === "string") this.count(field, value, 1);
    }
  }

  /** The seq the summary takes: that of the newest event folded, so it sorts where they were. */
  get seq(): number {
    return this.toSeq;
  }

  data(): FoldedData {
    const counts = Object.fromEntries(
      countedFields.map((field) => [field, Object.fromEntries(this.counts.get(field)!)]),
    ) as FoldedData["counts"];
    const fromSeq = this.fromSeq ?? this.toSeq;
    return {
      kind: foldedKind,
      message: `${this.events} earlier engine events summarized (seq ${fromSeq} to ${this.toSeq})`,
      events: this.events,
      fromSeq,
      toSeq: this.toSeq,
      counts,
    };
  }

  private count(field: CountedField, value: string, n: number): void {
    const tally = this.counts.get(field)!;
    tally.set(value, (tally.get(value) ?? 0) + n);
  }
}

/**
 * When an operation's engine events are folded. A fold runs at every `every`-th seq
 * past `keep` and leaves `keep` engine events (the summary among them); at most `every`
 * events arrive before the next fold, so an operation never holds more than `limit`.
 */
export class EngineEventBound {
  readonly every: number;
  readonly keep: number;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 10) {
      throw new RangeError(
        `the bound on engine events per operation must be 10 or more, got ${limit}`,
      );
    }
    this.every = Math.max(1, Math.floor(limit / 10));
    this.keep = limit - this.every;
  }

  /** Whether appending the event with this seq folds older ones. */
  due(seq: number): boolean {
    return seq > this.keep && seq % this.every === 0;
  }
}
