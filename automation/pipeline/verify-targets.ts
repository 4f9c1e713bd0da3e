import type { AwsClients } from "../aws/aws-clients";
import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import { webReleasePrefix } from "../traffic/move-web-pointer";
import { PipelineError } from "../domain/operation-error";
import { httpProbe } from "./probes/http-probe";
import { s3PageProbe } from "./probes/s3-page-probe";
import type { VerifyTarget } from "./verify-health";

/** A service where its users reach it. */
export function liveTarget(
  service: ServiceName,
  outputs: StackOutputs,
  expectedHash: string,
): VerifyTarget {
  const where = outputs.healthUrls[service];
  return { service, route: "live", where, probe: httpProbe(service, where), expectedHash };
}

/**
 * A new build where no user reaches it: the api through alias `candidate`'s URL, the web
 * as its release's index.html in the private bucket. mcp has no such route: ECS rolls
 * it out behind its health check, so it is checked where it runs.
 */
export function candidateTarget(
  service: ServiceName,
  outputs: StackOutputs,
  aws: AwsClients,
  commit: string,
): VerifyTarget {
  if (service === "mcp") return liveTarget(service, outputs, commit);
  if (service === "api") {
    const where = required(outputs.apiCandidateHealthUrl, "apiCandidateHealthUrl");
    return {
      service,
      route: "candidate",
      where,
      probe: httpProbe(service, where),
      expectedHash: commit,
    };
  }
  const bucket = required(outputs.webBucketName, "webBucketName");
  const key = `${webReleasePrefix(commit)}/index.html`;
  return {
    service,
    route: "candidate",
    where: `s3://${bucket}/${key}`,
    probe: s3PageProbe(aws.s3, bucket, key),
    expectedHash: commit,
  };
}

function required(value: string | undefined, output: string): string {
  if (!value)
    throw new PipelineError(
      "program_outputs_missing",
      `the released program has no "${output}" output, so its new build cannot be checked before it takes traffic`,
    );
  return value;
}
