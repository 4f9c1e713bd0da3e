import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { PrincipalView } from "./schemas";

/** Who the bearer token is and what it may do: clients show only the actions it allows. */
export const whoamiRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/whoami",
    {
      schema: {
        summary: "The token's name and scopes (admin may do everything)",
        tags: ["server"],
        response: { 200: PrincipalView },
      },
    },
    (request) => ({ name: request.principal.name, scopes: [...request.principal.scopes] }),
  );
};
