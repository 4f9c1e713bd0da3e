/**
 * The API's answers, typed by the server's own TypeBox schemas (Static<typeof …>): a
 * change there is a type error here. Only types cross over; no server code is bundled.
 */
export type {
  DeploymentAcceptedView,
  ErrorView,
  OperationEventView,
  OperationView,
  PrincipalView,
} from "../../../automation/routes/schemas";
export type { InvalidationView } from "../../../automation/routes/stacks/invalidation-schema";
export type { ReleaseList, ReleaseView } from "../../../automation/routes/stacks/release-view";
export type { RollbackPlanView } from "../../../automation/routes/stacks/rollback-plan-view";
export type {
  ServiceLiveView,
  StackList,
  StackView,
} from "../../../automation/routes/stacks/stack-view";
export type { Scope } from "../../../automation/auth/scopes";

import type { OperationView } from "../../../automation/routes/schemas";

/** GET /deployments: a page of operations, newest first. */
export interface OperationPage {
  items: OperationView[];
  nextCursor?: string;
}

/** The three services, in the order every view shows them. */
export const serviceNames = ["api", "web", "mcp"] as const;
export type ServiceName = (typeof serviceNames)[number];
