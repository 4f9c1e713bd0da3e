import type { RolloutJudgement } from "../../../client/rollout-event";
import { formatDuration, formatTime } from "../model/format";
import { pausedMs, waitLeftMs, type RolloutProgress } from "../model/rollout-progress";

const stateLabels: Record<RolloutProgress["latest"]["state"], string> = {
  moving: "moving traffic",
  analysing: "analysing",
  paused: "paused by hand",
  waiting: "waiting",
  promoted: "promoted",
  aborted: "aborted",
  failed: "failed",
};

function Judgement({ judgement }: { judgement: RolloutJudgement }) {
  return (
    <div class="judgement">
      <p>
        Last judgement: <strong class={`verdict-${judgement.verdict}`}>{judgement.verdict}</strong>{" "}
        {judgement.reason}
      </p>
      {judgement.checks.length > 0 && (
        <table class="checks">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Value</th>
              <th scope="col">Limit</th>
              <th scope="col">Passed</th>
            </tr>
          </thead>
          <tbody>
            {judgement.checks.map((check) => (
              <tr key={check.rule}>
                <th scope="row">{check.rule}</th>
                <td>{check.value}</td>
                <td>{check.limit}</td>
                <td class={check.passed ? "ok" : "failed"}>{check.passed ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ServiceRollout({ rollout, now }: { rollout: RolloutProgress; now: number }) {
  const { latest, judgement } = rollout;
  const paused = pausedMs(rollout, now);
  const left = waitLeftMs(rollout, now);
  return (
    <div class="rollout" data-service={rollout.service} data-state={latest.state}>
      <h3>{rollout.service}</h3>
      <dl class="facts">
        <dt>Step</dt>
        <dd>
          {latest.step} of {latest.steps}
        </dd>
        <dt>Weight</dt>
        <dd>{latest.weight} % on the new version</dd>
        <dt>State</dt>
        <dd class="rollout-state">{stateLabels[latest.state]}</dd>
        {paused !== undefined && (
          <>
            <dt>Paused for</dt>
            <dd>{formatDuration(paused)}, with no time limit</dd>
          </>
        )}
        {left !== undefined && (
          <>
            <dt>Waits</dt>
            <dd>
              {formatDuration(left)} more, until {formatTime(latest.waitUntil)}
            </dd>
          </>
        )}
        {latest.command && (
          <>
            <dt>Asked</dt>
            <dd>
              {latest.command.kind} by {latest.command.by}
              {latest.command.reason ? `: ${latest.command.reason}` : ""}
            </dd>
          </>
        )}
      </dl>
      {judgement && <Judgement judgement={judgement} />}
    </div>
  );
}

/** Each service's rollout: step, weight, state, how long a pause has waited, the last judgement. */
export function RolloutPanel({ rollouts, now }: { rollouts: RolloutProgress[]; now: number }) {
  if (rollouts.length === 0) return null;
  return (
    <section aria-labelledby="rollout-title" class="rollout-panel">
      <h2 id="rollout-title">Rollout</h2>
      {rollouts.map((rollout) => (
        <ServiceRollout key={rollout.service} rollout={rollout} now={now} />
      ))}
    </section>
  );
}
