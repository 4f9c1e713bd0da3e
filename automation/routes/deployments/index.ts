import type { FastifyPluginAsync } from "fastify";
import { cancelDeploymentRoute } from "./cancel-deployment";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { deploymentEventsRoute } from "./deployment-events";
import { deploymentWebhooksRoute } from "./deployment-webhooks";
import { getDeploymentRoute } from "./get-deployment";
import { listDeploymentsRoute } from "./list-deployments";

export const deploymentRoutes =
  (deps: DeploymentRoutesDeps): FastifyPluginAsync =>
  async (app) => {
    await app.register(listDeploymentsRoute(deps));
    await app.register(getDeploymentRoute(deps));
    await app.register(deploymentEventsRoute(deps));
    await app.register(cancelDeploymentRoute(deps));
    await app.register(deploymentWebhooksRoute(deps));
  };
