import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** A release whose tasks never get healthy must be rolled back by ECS, not left half-deployed. */
export const circuitBreakerOn: ResourceValidationPolicy = {
  name: "circuit-breaker-on",
  description: "ECS services enable the deployment circuit breaker with rollback.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.Service, (service, _args, reportViolation) => {
    const breaker = service.deploymentCircuitBreaker;
    if (breaker?.enable !== true || breaker.rollback !== true) {
      reportViolation("deploymentCircuitBreaker must be { enable: true, rollback: true }");
    }
  }),
};
