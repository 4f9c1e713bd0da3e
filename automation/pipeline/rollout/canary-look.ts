import { answeredOk, type Probe } from "../probes/probe";
import { describeFiring, type FiringAlarm } from "../watch-alarms";

/** What the probes saw of each build during a rollout. */
export interface RolloutAnswers {
  probes: number;
  canaryAnswers: number;
  stableAnswers: number;
}

/**
 * One look at a rollout: the watched alarms (none during an incident, when they fire for
 * the stable build), the canary's own health where it can be reached alone (the api's
 * alias `candidate`, the web's canary cohort), then a health probe where users reach it.
 * Every answer must be healthy and come from one of the two builds; during an incident
 * only the canary's answers must be healthy. Returns why the rollout must stop, or nothing.
 */
export function canaryLook(options: {
  /** A request where users reach the builds: it lands on either, by their weights. */
  live: Probe;
  /** Reaches the canary alone: a failing canary is seen at the next look, whatever its weight. */
  candidate?: Probe;
  /** The git hash each build reports. */
  hashes: { stable: string; canary: string };
  answers: RolloutAnswers;
  firing?: (signal: AbortSignal) => Promise<FiringAlarm[]>;
  incident: boolean;
}): (signal: AbortSignal) => Promise<string | undefined> {
  const { live, candidate, hashes, answers, firing, incident } = options;
  return async (signal) => {
    answers.probes++;
    const alarms = firing && !incident ? await firing(signal) : [];
    if (alarms.length > 0) return describeFiring(alarms);
    if (candidate) {
      const problem = await lookAtCanary(candidate, signal);
      if (problem) return problem;
    }
    try {
      const seen = await live(signal);
      const fromCanary = seen.hash === hashes.canary;
      // During an incident the stable build is what fails: only the canary's answers count.
      if (!answeredOk(seen) && (fromCanary || !incident))
        return `a health probe answered HTTP ${seen.status}`;
      if (fromCanary) answers.canaryAnswers++;
      else if (seen.hash === hashes.stable) answers.stableAnswers++;
      else if (answeredOk(seen)) return `an answer reported hash ${seen.hash || "none"}`;
      return undefined;
    } catch (error) {
      if (signal.aborted) throw error;
      if (incident) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      return `a health probe failed: ${message}`;
    }
  };
}

/** The canary's health where it alone answers: why to stop, or nothing. */
async function lookAtCanary(candidate: Probe, signal: AbortSignal): Promise<string | undefined> {
  try {
    const seen = await candidate(signal);
    if (!answeredOk(seen)) return `the canary's own health probe answered HTTP ${seen.status}`;
    return undefined;
  } catch (error) {
    if (signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return `the canary's own health probe failed: ${message}`;
  }
}
