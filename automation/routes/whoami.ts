import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { scopes, type Scope } from "../auth/scopes";

const Principal = Type.Object({
  name: Type.String({ description: "the token's name, recorded as who asked" }),
  scopes: Type.Array(Type.Unsafe<Scope>({ type: "string", enum: [...scopes] })),
});

/** Who the bearer token is and what it may do: clients show only the actions it allows. */
export const whoamiRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/whoami",
    {
      schema: {
        summary: "The token's name and scopes (admin may do everything)",
        tags: ["server"],
        response: { 200: Principal },
      },
    },
    (request) => ({ name: request.principal.name, scopes: [...request.principal.scopes] }),
  );
};
