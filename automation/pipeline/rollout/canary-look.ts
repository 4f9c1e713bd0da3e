import { httpProbe } from "../probes/http-probe";
import { answeredOk } from "../probes/probe";
import { describeFiring, type FiringAlarm } from "../watch-alarms";
import type { ServiceName } from "../../domain/services";

/** What the probes saw of each build during a rollout. */
export interface RolloutAnswers {
  probes: number;
  canaryAnswers: number;
  stableAnswers: number;
}

/**
 * One look at a rollout where users reach it: the watched alarms (none during an incident,
 * when they fire for the stable build), then a health probe where users reach the service
 * (alias `live`, mcp's load balancer). Every
 * answer must be healthy and come from one of the two builds; during an incident only the
 * canary's answers must be healthy. Returns why the rollout must stop, or nothing.
 */
export function canaryLook(options: {
  service: ServiceName;
  healthUrl: string;
  /** The git hash each build reports. */
  hashes: { stable: string; canary: string };
  answers: RolloutAnswers;
  firing?: (signal: AbortSignal) => Promise<FiringAlarm[]>;
  incident: boolean;
}): (signal: AbortSignal) => Promise<string | undefined> {
  const { hashes, answers, firing, incident } = options;
  const probe = httpProbe(options.service, options.healthUrl);
  return async (signal) => {
    answers.probes++;
    const alarms = firing && !incident ? await firing(signal) : [];
    if (alarms.length > 0) return describeFiring(alarms);
    try {
      const seen = await probe(signal);
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
