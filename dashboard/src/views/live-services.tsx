import { serviceNames, type ReleaseView, type StackView } from "../../../client/types";
import { formatTime, pointerLabel, shortHash } from "../model/format";
import type { WentLive } from "../model/went-live";
import { hrefOf } from "../routing";

interface Props {
  live: NonNullable<StackView["live"]>;
  lastRelease: ReleaseView | undefined;
  since: Record<(typeof serviceNames)[number], WentLive | undefined>;
}

/** Per service: what runs, since when and by whom, and whether it is the last release's. */
export function LiveServices({ live, lastRelease, since }: Props) {
  return (
    <table class="live">
      <caption class="visually-hidden">What each service runs</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Release</th>
          <th scope="col">Commit</th>
          <th scope="col">Pointer</th>
          <th scope="col">Live since</th>
          <th scope="col">Compared with the last release</th>
        </tr>
      </thead>
      <tbody>
        {serviceNames.map((service) => {
          const now = live[service];
          const went = since[service];
          const last = lastRelease?.services[service];
          const differs = last !== undefined && last.pointer !== now.pointer;
          return (
            <tr key={service} data-service={service}>
              <th scope="row">{service}</th>
              <td class="tag">
                {now.unreleased ? `unreleased (after ${now.tag})` : `release ${now.tag}`}
              </td>
              <td>
                <code title={now.gitHash}>{shortHash(now.gitHash)}</code>
              </td>
              <td>
                {pointerLabel(service, now.pointer)}
                {now.weights && (
                  <span class="warning-text">
                    {" "}
                    + canary{" "}
                    {Object.entries(now.weights)
                      .map(
                        ([version, weight]) =>
                          `${pointerLabel(service, version)} at ${Math.round(weight * 1000) / 10}%`,
                      )
                      .join(", ")}
                  </span>
                )}
              </td>
              <td>
                {went ? (
                  <>
                    {formatTime(went.at)} by {went.by ?? "unknown"} (
                    <a href={hrefOf({ page: "operation", id: went.operationId })}>{went.how}</a>)
                  </>
                ) : (
                  "unknown"
                )}
              </td>
              <td class={differs ? "differs" : "same"}>
                {differs && last && lastRelease
                  ? `rollback in place: release ${lastRelease.tag} has ${pointerLabel(service, last.pointer)}`
                  : lastRelease
                    ? `same as release ${lastRelease.tag}`
                    : "no release"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
