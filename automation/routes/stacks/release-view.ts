import { Type, type Static } from "typebox";

/** What GET /stacks/:stack/releases answers; schema-only, so clients import its types. */

const ServiceBuild = Type.Object({ gitHash: Type.String(), pointer: Type.String() });

const BadMark = Type.Object({
  at: Type.String(),
  by: Type.String(),
  reason: Type.String(),
  operationId: Type.String(),
});

export const ReleaseView = Type.Object({
  tag: Type.Integer(),
  commit: Type.String(),
  deploymentId: Type.String(),
  createdAt: Type.String(),
  services: Type.Object({ api: ServiceBuild, web: ServiceBuild, mcp: ServiceBuild }),
  bad: Type.Record(Type.String(), BadMark, {
    description: "per service, why this release was rolled back; empty for a good release",
  }),
  incident: Type.Optional(
    Type.Object(
      { reason: Type.String(), by: Type.String() },
      { description: "shipped as a hotfix during an incident, its watched alarms not heeded" },
    ),
  ),
});
export type ReleaseView = Static<typeof ReleaseView>;

export const ReleaseList = Type.Object({ items: Type.Array(ReleaseView) });
export type ReleaseList = Static<typeof ReleaseList>;
