import assert from "node:assert/strict";
import { webCohortCookie } from "../../automation/traffic/web-cohort";

/** What a viewer gets from the web through the runtime: the page's hash and any cookie set. */
export interface Visit {
  hash: string;
  setCookie: string | null;
}

/** One page request as a browser would send it: its own user agent, maybe the cohort cookie. */
export async function visitWeb(
  webUrl: string,
  viewer: { cohort?: string; agent?: string },
): Promise<Visit> {
  const headers: Record<string, string> = { "user-agent": viewer.agent ?? "test-browser" };
  if (viewer.cohort !== undefined) headers.cookie = `${webCohortCookie}=${viewer.cohort}`;
  const response = await fetch(webUrl, { headers });
  const page = await response.text();
  assert.equal(response.status, 200, page);
  return {
    hash: /name="git-hash" content="([^"]+)"/.exec(page)?.[1] ?? "",
    setCookie: response.headers.get("set-cookie"),
  };
}

/** The release hash each cohort's viewer gets. */
export const hashesForCohorts = (webUrl: string, cohorts: string[]) =>
  Promise.all(cohorts.map(async (cohort) => (await visitWeb(webUrl, { cohort })).hash));
