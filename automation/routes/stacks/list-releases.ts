import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { serviceNames } from "../../domain/services";
import type { StackOperations } from "../../operations/stack-operations";
import { errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { ReleaseList } from "./release-view";
import { StackParams } from "./stack-params";

export const listReleasesRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/stacks/:stack/releases",
      {
        schema: {
          summary: "A stack's releases, newest first, with the ones rolled back marked bad",
          tags: ["stacks"],
          params: StackParams,
          response: {
            200: ReleaseList,
            ...errorResponses(404),
          },
        },
      },
      async (request) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        const { journal } = stacks.options;
        const bad = await journal.badReleases(stackName);
        const items = (await journal.listReleases(stackName)).reverse().map((release) => ({
          tag: release.tag,
          commit: release.commit,
          deploymentId: release.deploymentId,
          createdAt: release.createdAt,
          services: release.services,
          ...(release.incident && { incident: release.incident }),
          bad: Object.fromEntries(
            serviceNames.flatMap((service) => {
              const mark = bad.find((b) => b.tag === release.tag && b.service === service);
              return mark
                ? [
                    [
                      service,
                      {
                        at: mark.at,
                        by: mark.by,
                        reason: mark.reason,
                        operationId: mark.operationId,
                      },
                    ],
                  ]
                : [];
            }),
          ),
        }));
        return { items };
      },
    );
  };
