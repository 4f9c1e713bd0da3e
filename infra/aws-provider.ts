import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The one AWS provider every resource uses. Its default tags come from the validated
 * config rather than from each stack file, so no stack can forget them or disagree with
 * `flightdeck:stage`. Credentials come from the environment (AWS_PROFILE, SSO, ...).
 */
export function createAwsProvider(name: string, region: string, stage: string): aws.Provider {
  return new aws.Provider(`${name}-aws`, {
    region,
    defaultTags: { tags: { Project: "flightdeck", Stage: stage } },
  });
}

/**
 * Options for an awsx child. awsx components are remote: unlike plain resources they
 * do not inherit the parent's AWS provider, so it is handed to them explicitly.
 */
export function remoteChildOptions(parent: pulumi.Resource): pulumi.ComponentResourceOptions {
  const provider = parent.getProvider("aws:index:Provider");
  return provider ? { parent, providers: { aws: provider } } : { parent };
}
