import { isAbsolute, join, relative } from "node:path";
import type { SandboxWorld } from "./sandbox-world";

/** A path as the newcomer types it: relative to where they started the sandbox, when inside it. */
const shown = (path: string) => {
  const inside = relative(process.cwd(), path);
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside || ".";
};

/**
 * Where a stack's api answers in the runtime: the release fixture names its function
 * `<name>-<stack>-api`, and the sandbox's stacks set name `fd` (see release-repo.ts).
 */
export const apiHealthUrl = (runtimeUrl: string, stack: string) =>
  `${runtimeUrl}/api/fd-${stack}-api/health`;

/** What the newcomer reads once everything listens: where things are and three things to try. */
export function welcome(world: SandboxWorld): string {
  const { layout, server, aws } = world;
  const repo = shown(layout.repo);
  const tokenFile = shown(join(layout.data, "admin-token"));
  return `
flightdeck sandbox: the whole release world on this machine, on an emulated AWS (no account needed)
  ${world.resumed ? `resumed what ${shown(layout.dir)} kept` : `new, kept in ${shown(layout.dir)}`}

  dashboard     ${server.url}/  (sign in with the token)
  token         ${server.token}  (also in ${tokenFile})
  emulated AWS  ${aws.aws.endpoint}
  services      ${aws.runtime.url}, e.g. staging's api at ${apiHealthUrl(aws.runtime.url, "staging")}
  releases from ${repo} (stacks staging and production); server log ${shown(layout.serverLog)}

Try, in another terminal here:
  npx flightdeck login --url ${server.url} < ${tokenFile}
  1. deploy:                    npx flightdeck deploy staging
  2. change a file, deploy it:  echo "// changed" >> ${repo}/services/api/handler.ts && git -C ${repo} commit -qam "Change the api" && npx flightdeck deploy staging
  3. roll back:                 npx flightdeck rollback staging

Ctrl-C stops everything; what it did stays in ${shown(layout.dir)} (npm run sandbox -- --reset starts over).
`;
}
