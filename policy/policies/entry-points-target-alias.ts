import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Rollback moves alias `live`; an entry point on $LATEST (or on no qualifier, which is
 * $LATEST) would bypass it and serve whatever was uploaded last.
 */
function isAliasQualifier(qualifier: string | undefined): boolean {
  return (
    qualifier !== undefined &&
    qualifier !== "" &&
    qualifier !== "$LATEST" &&
    !/^\d+$/.test(qualifier)
  );
}

export const entryPointsTargetAlias: ResourceValidationPolicy = {
  name: "entry-points-target-alias",
  description:
    "Function URLs, invoke permissions and API integrations target an alias, never $LATEST.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.lambda.FunctionUrl, (url, _args, reportViolation) => {
      if (!isAliasQualifier(url.qualifier)) {
        reportViolation(`function URL qualifier "${url.qualifier ?? ""}" is not an alias`);
      }
    }),
    validateResourceOfType(aws.lambda.Permission, (permission, _args, reportViolation) => {
      // Whoever is granted the invoke (the public, API Gateway, an event source) enters here.
      if (!isAliasQualifier(permission.qualifier)) {
        reportViolation(
          `${permission.action} permission for ${permission.principal} must be scoped to an alias, not "${permission.qualifier ?? ""}"`,
        );
      }
    }),
    validateResourceOfType(aws.apigatewayv2.Integration, (integration, _args, reportViolation) => {
      const uri = integration.integrationUri ?? "";
      const qualifier = /:function:[^:/]+:([^:/]+)/.exec(uri)?.[1];
      if (uri.includes(":function:") && !isAliasQualifier(qualifier)) {
        reportViolation(`integration ${uri} must invoke an alias of the function`);
      }
    }),
  ],
};
