import { elapsedMs, formatDuration } from "../model/format";
import type { StepView } from "../model/operation-progress";
import { StatusBadge } from "../ui/status-badge";
import { text } from "../model/event-data";

interface Props {
  steps: StepView[];
  /** When the operation started and ended: the timeline's scale. */
  startedAt: string;
  finishedAt: string | undefined;
  now: number;
}

/**
 * The steps in order, each with its duration and a bar placed on the operation's own time
 * scale: where the time went shows at a glance (an `up` dwarfs a checkout).
 */
export function StepsTimeline({ steps, startedAt, finishedAt, now }: Props) {
  const total = Math.max(1, elapsedMs(startedAt, finishedAt, now));
  const percent = (ms: number) => `${((ms / total) * 100).toFixed(2)}%`;
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">Steps</h2>
      {steps.length === 0 && <p class="muted">No step has started yet.</p>}
      <ol class="timeline">
        {steps.map((step) => {
          const duration = elapsedMs(step.startedAt, step.finishedAt, now);
          const offset = elapsedMs(startedAt, step.startedAt, now);
          const message = text(step.detail, "message");
          return (
            <li key={step.name} data-step={step.name} data-status={step.status}>
              <div class="step-head">
                <span class="step-name">{step.name}</span>
                <StatusBadge status={step.status} />
                <span class="duration">{formatDuration(duration)}</span>
              </div>
              <div class="track" aria-hidden="true">
                <div
                  class={`bar status-${step.status}`}
                  style={{
                    marginLeft: percent(offset),
                    width: percent(Math.max(duration, total / 200)),
                  }}
                />
              </div>
              {message && <p class="step-message">{message}</p>}
              {step.detail && (
                <details>
                  <summary>Details of {step.name}</summary>
                  <pre>{JSON.stringify(step.detail, null, 2)}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
