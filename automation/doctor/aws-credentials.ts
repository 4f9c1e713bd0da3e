import type { AwsClients } from "../aws/aws-clients";
import { briefly, failed, passed, type CheckResult } from "./check-result";

/**
 * Resolved through the server's own clients, so whatever they use (explicit settings, the
 * environment, a profile, SSO, a container or instance role) is what is checked. Nothing
 * is sent to AWS, and nothing of the credentials is reported but that they resolve.
 */
export async function checkAwsCredentials(
  aws: AwsClients,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckResult> {
  const { config } = aws.s3;
  const profile = env.AWS_PROFILE ? ` --profile ${env.AWS_PROFILE}` : "";
  try {
    await config.credentials();
  } catch (error) {
    return failed(
      "aws-credentials",
      `no AWS credentials resolve: ${briefly(error)}`,
      `aws sso login${profile} (or aws configure), or set AWS_PROFILE to a configured profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    );
  }
  const region = await config.region().catch(() => undefined);
  if (!region) {
    return failed(
      "aws-credentials",
      "AWS credentials resolve, but no region is set",
      "set AWS_REGION (or a region in the AWS profile)",
    );
  }
  return passed("aws-credentials", `AWS credentials resolve; region ${region}`);
}
