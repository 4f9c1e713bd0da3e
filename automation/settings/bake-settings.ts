export interface BakeSettings {
  /** How long health and alarms are watched once traffic moved; 0 checks each once. */
  seconds: number;
  alarmPollMs: number;
}
