import { createGitRepo, type GitRepo } from "./git-repo";

/**
 * A repository shaped like the product's: one folder per service, docs, and the seed
 * settings of each stack the server may release to.
 */
export function createReleaseRepo(stacks: string[]): GitRepo {
  const repo = createGitRepo();
  const files: Record<string, string> = {
    "services/api/handler.ts": "export const api = 1;\n",
    "services/web/index.html": "<html></html>\n",
    "services/mcp/server.ts": "export const mcp = 1;\n",
    "README.md": "# product\n",
  };
  for (const stack of stacks) {
    files[`Pulumi.${stack}.yaml`] =
      `config:\n  flightdeck:stage: ${stack}\n  flightdeck:name: fd\n`;
  }
  repo.commit(files, "initial");
  return repo;
}
