/**
 * The API's answers, typed by the server's own TypeBox schemas (Static<typeof …>): a
 * change there is a type error in every client. Type-only, so nothing of the server is
 * bundled into the browser; the service names are the one value, a dependency-free constant.
 */
export type {
  DeploymentAcceptedView,
  ErrorView,
  HealthView,
  OperationEventView,
  OperationPageView,
  OperationView,
  PrincipalView,
  RolloutCommandAcceptedView,
  RolloutCommandView,
} from "../automation/routes/schemas";
export type { RolloutCommandKind } from "../automation/domain/rollout-command";
export type { InvalidationView } from "../automation/routes/stacks/invalidation-schema";
export type { ReleaseList, ReleaseView } from "../automation/routes/stacks/release-view";
export type { RollbackPlanView } from "../automation/routes/stacks/rollback-plan-view";
export type { ServiceLiveView, StackList, StackView } from "../automation/routes/stacks/stack-view";
export type { Scope } from "../automation/auth/scopes";

/** The three services, in the order every view shows them. */
export { serviceNames, type ServiceName } from "../automation/domain/services";
