import type { ReleaseView, RollbackPlanView } from "../../../client/types";
import { pointerLabel, shortHash } from "../model/format";

interface Props {
  plan: RollbackPlanView;
  releases: ReleaseView[];
}

/** The dry run's per-service diff, and what a pointer move cannot undo. */
export function RollbackDiff({ plan, releases }: Props) {
  const target = releases.find((release) => release.tag === plan.to);
  return (
    <div class="diff">
      {plan.changes.length > 0 ? (
        <table>
          <caption>Pointers that move to release {plan.to}</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Now</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {plan.changes.map((change) => (
              <tr key={change.service} data-service={change.service}>
                <th scope="row">{change.service}</th>
                <td class="from">
                  release {change.fromTag} · {pointerLabel(change.service, change.from)}
                </td>
                <td class="to">
                  release {plan.to} · {pointerLabel(change.service, change.to)} ·{" "}
                  <code title={change.gitHash}>{shortHash(change.gitHash)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Nothing would move: every service chosen already runs release {plan.to}.</p>
      )}
      {plan.unchanged.length > 0 && (
        <p class="unchanged">
          Already on release {plan.to}: {plan.unchanged.join(", ")}
        </p>
      )}
      {target && (
        <p class="muted">
          Release {plan.to} is commit <code>{shortHash(target.commit)}</code>.
        </p>
      )}
      {plan.bad?.map((mark) => (
        <p key={mark.service} class="warning">
          Release {mark.tag} was rolled back for {mark.service} by {mark.by}: {mark.reason}.
        </p>
      ))}
      {plan.infraChanges && (
        <div class="warning">
          <p>A pointer move leaves these infrastructure changes in place:</p>
          <ul>
            {plan.infraChanges.files.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
          <p>{plan.infraChanges.redeploy}</p>
        </div>
      )}
      {plan.migrations?.map((migration) => (
        <p key={migration.tag} class="warning">
          Release {migration.tag} changed database migrations ({migration.files.join(", ")}), which
          a rollback does not undo.
        </p>
      ))}
    </div>
  );
}
