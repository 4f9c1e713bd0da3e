import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** Logs kept forever cost money and keep data nobody asked to keep. */
export const logRetentionSet: ResourceValidationPolicy = {
  name: "log-retention-set",
  description: "CloudWatch log groups set a retention.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(
    aws.cloudwatch.LogGroup,
    (group, _args, reportViolation) => {
      if (!group.retentionInDays || group.retentionInDays <= 0)
        reportViolation("retentionInDays must be set");
    },
  ),
};
