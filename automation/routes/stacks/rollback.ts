import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { serviceNames, type ServiceName } from "../../domain/services";
import type { StackOperations } from "../../operations/stack-operations";
import { badRequest } from "../../plugins/http-error";
import { infraChangesSince } from "../../rollback/infra-changes";
import {
  badTargetReason,
  describePlan,
  planRollback,
  requireAllowed,
} from "../../rollback/plan-rollback";
import { writePins } from "../../traffic/move-pointers";
import { runRollback } from "../../rollback/rollback-pipeline";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { describeMigrations, migrationsSince } from "../../rollback/migrations-since";
import { openStack } from "./open-stack";
import { RollbackPlanView } from "./rollback-plan-view";
import { StackParams } from "./stack-params";

const RollbackBody = Type.Object(
  {
    services: Type.Union([
      Type.Array(Type.Union(serviceNames.map((name) => Type.Literal(name))), {
        minItems: 1,
        uniqueItems: true,
      }),
      Type.Literal("all"),
    ]),
    to: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "release tag to go back to; the release before the live one by default",
      }),
    ),
    confirm: Type.Optional(
      Type.Boolean({ description: "must be true; without it the answer is a dry run (400)" }),
    ),
    allowBad: Type.Optional(
      Type.Boolean({
        description: "must be true to go back to a release that was rolled back before",
      }),
    ),
  },
  { additionalProperties: false },
);

const RollbackNoop = Type.Object({
  noop: Type.Literal(true),
  message: Type.String(),
  plan: RollbackPlanView,
});

export const rollbackRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/rollback",
      {
        config: { scope: "rollback" },
        schema: {
          summary:
            "Move services back to an earlier release's pointers (alias, task definition, web prefix)",
          tags: ["stacks"],
          params: StackParams,
          body: RollbackBody,
          response: {
            200: RollbackNoop,
            202: DeploymentAccepted,
            ...errorResponses(404, 409, 503),
          },
        },
      },
      async (request, reply) => {
        const stack = await openStack(app, stacks, request, reply);
        const stackName = stack.name;
        const { body } = request;
        const services: ServiceName[] = body.services === "all" ? [...serviceNames] : body.services;
        const { journal, aws, verify, rolloutTimeoutMs } = stacks.options;
        const plan = await planRollback(journal, stackName, services, body.to);
        const infraChanges = await infraChangesSince({
          gitDir: stacks.options.source.gitDir,
          stack: stackName,
          target: plan.target,
          programCommit: await stacks.programCommit(stackName),
        });
        const migrations = await migrationsSince({
          gitDir: stacks.options.source.gitDir,
          plan,
          releases: await journal.listReleases(stackName),
          migrationsPath: stacks.options.migrationsPath,
        });
        const described = {
          ...describePlan(plan),
          ...(infraChanges ? { infraChanges } : {}),
          ...(migrations.length > 0 ? { migrations } : {}),
        };
        if (body.confirm !== true) {
          const moving = plan.changes.map((c) => `${c.service} ${c.from} → ${c.to}`);
          const leftInPlace = infraChanges
            ? `; infra changes since release ${plan.target.tag} stay in place (${infraChanges.files.join(", ")}): ${infraChanges.redeploy}`
            : "";
          const bad = badTargetReason(plan);
          throw badRequest(
            "confirmation_required",
            `a rollback must be confirmed with "confirm": true; it would move ${moving.join(", ") || "nothing"} (release ${plan.target.tag})${leftInPlace}${describeMigrations(migrations)}${bad ? `; ${bad}` : ""}`,
            described,
          );
        }
        requireAllowed(plan, body.allowBad);
        if (plan.changes.length === 0) {
          return reply.code(200).send({
            noop: true,
            message: `${plan.unchanged.join(", ")} already on release ${plan.target.tag}: nothing to roll back`,
            plan: described,
          });
        }
        // A dry run or a no-op needs nothing; moving pointers and pinning them does.
        return stack.start("rollback", { ...body }, async (context) =>
          runRollback({
            operationId: context.operation.id,
            requestedBy: request.principal.name,
            // Planned again under the lock: an operation that ended meanwhile may have moved things.
            plan: await planRollback(journal, stackName, services, body.to),
            pin: async (pins) => writePins(await stacks.settings(stackName), pins),
            journal,
            aws,
            verify,
            rolloutTimeoutMs,
            readOutputs: () => stacks.outputs(stackName),
            settle: stack.settle,
            recorder: context.recorder,
            signal: context.signal,
            note: context.note,
          }),
        );
      },
    );
  };
