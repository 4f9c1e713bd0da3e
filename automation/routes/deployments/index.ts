import type { FastifyPluginAsync } from "fastify";
import { cancelDeploymentRoute } from "./cancel-deployment";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { deploymentEventsRoute } from "./deployment-events";
import { deploymentWebhooksRoute } from "./deployment-webhooks";
import { getDeploymentRoute } from "./get-deployment";
import { JournalFollowers } from "./journal-followers";
import { listDeploymentsRoute } from "./list-deployments";
import { rolloutControlRoutes } from "./rollout-control";

/** How often the journal is read for an operation another process runs. */
const journalPollMs = 1_000;

export const deploymentRoutes =
  (deps: DeploymentRoutesDeps): FastifyPluginAsync =>
  async (app) => {
    await app.register(listDeploymentsRoute(deps));
    await app.register(getDeploymentRoute(deps));
    const followers = new JournalFollowers(deps.journal, deps.operationEvents, journalPollMs);
    await app.register(deploymentEventsRoute({ ...deps, followers }));
    await app.register(cancelDeploymentRoute(deps));
    await app.register(rolloutControlRoutes(deps));
    await app.register(deploymentWebhooksRoute(deps));
  };
