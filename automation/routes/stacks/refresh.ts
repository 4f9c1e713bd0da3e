import type { StackOperations } from "../../operations/stack-operations";
import { engineOperationRoute } from "./engine-operation-route";

export const refreshRoute = (stacks: StackOperations) =>
  engineOperationRoute(stacks, "refresh", "Refresh a stack's state from what really runs");
