import { ApiError, describeError } from "../../../client/api-error";
import { isFacts, list, text } from "../model/event-data";

/** The fixes a `503 prerequisite_missing` lists, one per missing check. */
function missingFixes(error: unknown): string[] {
  if (!(error instanceof ApiError) || !isFacts(error.details)) return [];
  return list(error.details, "missing").map(
    (check) =>
      `${text(check, "name") ?? "?"}: ${text(check, "fix") ?? text(check, "detail") ?? ""}`,
  );
}

/** An error as the API put it (code and message), announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const fixes = missingFixes(error);
  return (
    <div role="alert" class="error">
      {error instanceof ApiError && <code class="code">{error.code}</code>} {describeError(error)}
      {fixes.length > 0 && (
        <ul>
          {fixes.map((fix) => (
            <li key={fix}>{fix}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
