import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import {
  validateResourceOfType,
  type ReportViolation,
  type ResourceValidationPolicy,
} from "@pulumi/policy";

interface Breaker {
  enable?: boolean;
  rollback?: boolean;
}

function checkBreaker(breaker: Breaker | undefined, reportViolation: ReportViolation): void {
  if (breaker?.enable !== true || breaker.rollback !== true) {
    reportViolation("deploymentCircuitBreaker must be { enable: true, rollback: true }");
  }
}

/**
 * A release whose tasks never get healthy must be rolled back by ECS, not left
 * half-deployed. awsx's FargateService is checked on its own inputs too: it passes them to
 * the ECS service it creates, and a preview sees the component before its children.
 */
export const circuitBreakerOn: ResourceValidationPolicy = {
  name: "circuit-breaker-on",
  description: "ECS services enable the deployment circuit breaker with rollback.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.ecs.Service, (service, _args, reportViolation) =>
      checkBreaker(service.deploymentCircuitBreaker, reportViolation),
    ),
    validateResourceOfType(awsx.ecs.FargateService, (service, _args, reportViolation) =>
      checkBreaker(service.deploymentCircuitBreaker, reportViolation),
    ),
  ],
};
