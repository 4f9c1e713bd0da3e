import type { FastifyPluginAsync } from "fastify";
import type { StackOperations } from "../../operations/stack-operations";
import { deployRoute } from "./deploy";
import { getInvalidationRoute } from "./get-invalidation";
import { getStackRoute } from "./get-stack";
import { invalidateRoute } from "./invalidate";
import { listReleasesRoute } from "./list-releases";
import { listStacksRoute } from "./list-stacks";
import { previewRoute } from "./preview";
import { reconcileRoute } from "./reconcile";
import { refreshRoute } from "./refresh";
import { rollbackRoute } from "./rollback";

/** The stack routes: the list, deploy, preview, refresh, rollback, invalidate, reconcile, state and releases. */
export const stackRoutes =
  (stacks: StackOperations): FastifyPluginAsync =>
  async (app) => {
    await app.register(listStacksRoute(stacks));
    await app.register(deployRoute(stacks));
    await app.register(previewRoute(stacks));
    await app.register(refreshRoute(stacks));
    await app.register(rollbackRoute(stacks));
    await app.register(invalidateRoute(stacks));
    await app.register(getInvalidationRoute(stacks));
    await app.register(getStackRoute(stacks));
    await app.register(listReleasesRoute(stacks));
    await app.register(reconcileRoute(stacks));
  };
