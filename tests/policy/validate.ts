import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

/** What `notApplicable()` throws; the analyzer skips that validation, and so does this. */
class NotApplicable extends Error {}

/**
 * Runs one policy against one fabricated resource, as the analyzer would, and returns
 * the violations it reported.
 */
export async function violations(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, unknown>,
): Promise<string[]> {
  const isType = (resourceClass: unknown) =>
    (resourceClass as { __pulumiType?: string }).__pulumiType === type;
  const args = {
    type,
    props,
    urn: `urn:pulumi:production::flightdeck::${type}::subject`,
    name: "subject",
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: {},
    },
    stackTags: new Map<string, string>(),
    isType,
    asType: (resourceClass: unknown) => (isType(resourceClass) ? props : undefined),
    getConfig: () => ({}),
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as ResourceValidationArgs;
  const reported: string[] = [];
  const validations = [policy.validateResource ?? []].flat();
  for (const validate of validations) {
    try {
      await validate(args, (message) => reported.push(message));
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return reported;
}
