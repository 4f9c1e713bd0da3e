import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { checkNames } from "../doctor/check-result";
import type { Doctor } from "../doctor/doctor";

const Check = Type.Object({
  name: Type.Enum(checkNames),
  ok: Type.Boolean(),
  detail: Type.String(),
  fix: Type.Optional(Type.String({ description: "the command or setting that fixes it" })),
  warning: Type.Optional(
    Type.String({ description: "passed only because a protection was turned off" }),
  ),
});

const Readiness = <Status extends string>(status: Status, description: string) =>
  Type.Object(
    { status: Type.Literal(status), checks: Type.Array(Check), checkedAt: Type.String() },
    { description },
  );

/**
 * Readiness, apart from liveness (/health): whether the server can run operations now.
 * Public like /health, since load balancers probe it without a token; it says what is
 * missing and how to fix it, never a secret.
 */
export const healthReadyRoute =
  (doctor: Doctor): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/health/ready",
      {
        config: { public: true },
        schema: {
          summary:
            "Whether the prerequisites of operations are present: the pulumi CLI, provider plugins, AWS credentials, the data directory, the state backend, the sandbox for released code",
          tags: ["server"],
          security: [],
          response: {
            200: Readiness("ready", "every prerequisite is present"),
            503: Readiness("not_ready", "something is missing; each failed check names its fix"),
          },
        },
      },
      async (_request, reply) => {
        const { ready, checks, checkedAt } = await doctor.report();
        if (ready) return reply.code(200).send({ status: "ready" as const, checks, checkedAt });
        return reply.code(503).send({ status: "not_ready" as const, checks, checkedAt });
      },
    );
  };
