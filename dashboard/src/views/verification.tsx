import { list, num, text, type Facts } from "../model/event-data";
import { shortHash } from "../model/format";
import type { StepView } from "../model/operation-progress";

/** Where each step keeps its health checks: verify's results, bake's and canary's health. */
const attemptLists: Record<string, string[]> = {
  verify: ["results"],
  bake: ["health"],
  canary: ["health", "results"],
};

interface Attempt {
  step: string;
  check: Facts;
}

const attemptsOf = (steps: StepView[]): Attempt[] =>
  steps.flatMap((step) =>
    (attemptLists[step.name] ?? []).flatMap((key) =>
      list(step.detail, key).map((check) => ({ step: step.name, check })),
    ),
  );

/** The health checks of the builds: where, what answered, after how many looks. */
export function Verification({ steps }: { steps: StepView[] }) {
  const attempts = attemptsOf(steps);
  if (attempts.length === 0) return null;
  return (
    <section aria-labelledby="verification-title">
      <h2 id="verification-title">Verification</h2>
      <table class="verification">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Service</th>
            <th scope="col">Route</th>
            <th scope="col">Verdict</th>
            <th scope="col">Looks</th>
            <th scope="col">Hash seen</th>
            <th scope="col">Last status</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map(({ step, check }, index) => {
            const observed = text(check, "observedHash");
            const ok = check.ok === true;
            return (
              <tr key={index} data-service={text(check, "service")}>
                <td>{step}</td>
                <th scope="row">{text(check, "service")}</th>
                <td title={text(check, "where")}>{text(check, "route")}</td>
                <td class={ok ? "ok" : "failed"}>
                  {text(check, "verdict") ?? (ok ? "ok" : "failed")}
                </td>
                <td>{num(check, "attempts") ?? "—"}</td>
                <td>{observed ? <code title={observed}>{shortHash(observed)}</code> : "—"}</td>
                <td>{num(check, "lastStatus") ?? "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
