import { list, text, type Facts } from "../model/event-data";

/** A preview's answer: the services a deploy would change and the engine's plan for them. */
export function PreviewPlan({ summary }: { summary: Facts | undefined }) {
  if (!summary) return null;
  const affected = Array.isArray(summary.affected) ? summary.affected.join(", ") : undefined;
  const plan = list(summary, "plan");
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">What a deploy would do</h2>
      <p>Services affected: {affected || "none"}</p>
      {plan.length > 0 ? (
        <ul class="plan">
          {plan.map((step, index) => (
            <li key={index}>
              <strong>{text(step, "op")}</strong> {text(step, "name")}{" "}
              <span class="muted">{text(step, "type")}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">The engine would change no resource.</p>
      )}
    </section>
  );
}
