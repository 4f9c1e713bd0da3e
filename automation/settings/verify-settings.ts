export interface VerifySettings {
  initialDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** Failed looks in a row after which a candidate counts as there and broken. */
  candidateFailures: number;
}
