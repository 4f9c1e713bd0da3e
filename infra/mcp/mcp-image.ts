import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { repoRoot } from "../repo-root";

/** Builds services/mcp/Dockerfile (repository root as context) and pushes it tagged with the hash. */
export function buildMcpImage(
  name: string,
  repository: aws.ecr.Repository,
  gitHash: string,
  parent: pulumi.Resource,
) {
  const credentials = aws.ecr.getAuthorizationTokenOutput(
    { registryId: repository.registryId },
    { parent },
  );
  return new docker.Image(
    `${name}-image`,
    {
      imageName: pulumi.interpolate`${repository.repositoryUrl}:${gitHash}`,
      build: {
        context: repoRoot,
        dockerfile: join(repoRoot, "services", "mcp", "Dockerfile"),
        platform: "linux/amd64",
        args: { GIT_HASH: gitHash },
      },
      registry: {
        server: repository.repositoryUrl,
        username: credentials.userName,
        password: pulumi.secret(credentials.password),
      },
    },
    { parent },
  );
}
