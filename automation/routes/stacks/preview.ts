import type { StackOperations } from "../../operations/stack-operations";
import { engineOperationRoute } from "./engine-operation-route";

export const previewRoute = (stacks: StackOperations) =>
  engineOperationRoute(stacks, "preview", "Preview what `up` would change on a stack");
