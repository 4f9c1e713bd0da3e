import type { Progress } from "../model/operation-progress";
import { facts, num } from "../model/event-data";

/** The engine's work: each resource it touched, with the operation and its state. */
export function EngineProgress({ progress }: { progress: Progress }) {
  const { resources, diagnostics, engineSummary, foldedEvents } = progress;
  if (resources.length === 0 && diagnostics.length === 0 && !engineSummary) return null;
  // The program's own output (info, stderr) reads as a log; warnings and errors stand out.
  const notable = diagnostics.filter((d) => d.severity === "warning" || d.severity === "error");
  const output = diagnostics.filter((d) => !notable.includes(d));
  const done = resources.filter((resource) => resource.state === "done").length;
  const failed = resources.filter((resource) => resource.state === "failed").length;
  const changes = facts(engineSummary, "resourceChanges");
  const seconds = num(engineSummary, "durationSeconds");
  return (
    <section aria-labelledby="engine-title">
      <h2 id="engine-title">Engine</h2>
      <p class="engine-counts">
        {done} of {resources.length} resources done{failed > 0 ? `, ${failed} failed` : ""}
        {changes &&
          ` · changes: ${Object.entries(changes)
            .map(([op, count]) => `${op} ${String(count)}`)
            .join(", ")}`}
        {seconds !== undefined && ` · ${seconds} s in the engine`}
      </p>
      {foldedEvents > 0 && (
        <p class="muted">{foldedEvents} earlier engine events were folded into a summary.</p>
      )}
      {resources.length > 0 && (
        <table class="resources">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Type</th>
              <th scope="col">Operation</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {resources.map((resource) => (
              <tr key={resource.urn} data-state={resource.state}>
                <th scope="row" title={resource.urn}>
                  {resource.name}
                </th>
                <td>{resource.type}</td>
                <td>{resource.op}</td>
                <td class={resource.state}>{resource.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notable.length > 0 && (
        <>
          <h3>Warnings and errors</h3>
          <ul class="diagnostics">
            {notable.map((diagnostic) => (
              <li key={diagnostic.seq} class={diagnostic.severity}>
                <strong>{diagnostic.severity}</strong> <pre>{diagnostic.message}</pre>
              </li>
            ))}
          </ul>
        </>
      )}
      {output.length > 0 && (
        <details>
          <summary>Program output ({output.length} lines)</summary>
          <pre>{output.map((diagnostic) => diagnostic.message).join("\n")}</pre>
        </details>
      )}
    </section>
  );
}
