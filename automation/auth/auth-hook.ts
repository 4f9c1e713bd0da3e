import type { FastifyInstance } from "fastify";
import { HttpError } from "../plugins/http-error";
import { allows, type Principal, type Scope } from "./scopes";
import type { TokenStore } from "./token-store";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The scope a route needs; `read` when unset. */
    scope?: Scope;
    /** Served without a token (health, API docs). */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

const unauthorized = (message: string) => new HttpError(401, "unauthorized", message);

/** Every route needs a bearer token with the route's scope, unless it is declared public. */
export function registerAuth(app: FastifyInstance, tokens: TokenStore): void {
  // Fastify wants reference-type decorations initialised as null; every handler behind the hook gets one.
  app.decorateRequest("principal", null as unknown as Principal);
  app.addHook("onRequest", async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.public || request.url.startsWith("/docs")) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    reply.header("www-authenticate", 'Bearer realm="flightdeck"');
    if (!match?.[1])
      throw unauthorized("a bearer token is required: Authorization: Bearer <token>");
    const principal = tokens.authenticate(match[1]);
    if (!principal) throw unauthorized("the bearer token is not valid");
    reply.removeHeader("www-authenticate");
    const needed = config.scope ?? "read";
    if (!allows(principal, needed)) {
      throw new HttpError(
        403,
        "forbidden",
        `token "${principal.name}" lacks the "${needed}" scope`,
      );
    }
    request.principal = principal;
  });
}
