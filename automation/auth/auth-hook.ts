import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import "../fastify-decorations";
import { refused, unauthenticated, type DomainError } from "../domain/domain-error";
import { allows, type Principal, type Scope } from "./scopes";
import type { TokenStore } from "./token-store";

const challenge = 'Bearer realm="flightdeck"';

const unauthorized = (message: string) => unauthenticated(message);

/** RFC 6750: a valid token without the scope is told, in the challenge too, which scope it lacks. */
export function insufficientScope(
  reply: FastifyReply,
  needed: Scope,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): DomainError {
  reply.header("www-authenticate", `${challenge}, error="insufficient_scope", scope="${needed}"`);
  return refused(code, message, details);
}

/** The docs plugin's own routes are public; decided on the route pattern, not the raw URL. */
function isPublic(request: FastifyRequest): boolean {
  const { config, url } = request.routeOptions;
  return config.public === true || url === "/docs" || url?.startsWith("/docs/") === true;
}

/** Every route needs a bearer token with the route's scope, unless it is declared public. */
export function registerAuth(app: FastifyInstance, tokens: TokenStore): void {
  // Fastify wants reference-type decorations initialised as null; every handler behind the hook gets one.
  app.decorateRequest("principal", null as unknown as Principal);
  app.addHook("onRequest", async (request, reply) => {
    if (isPublic(request)) return;
    const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? "");
    if (!match?.[1]) {
      reply.header("www-authenticate", challenge);
      throw unauthorized("a bearer token is required: Authorization: Bearer <token>");
    }
    const principal = tokens.authenticate(match[1]);
    if (!principal) {
      reply.header("www-authenticate", challenge);
      throw unauthorized("the bearer token is not valid");
    }
    const needed = request.routeOptions.config.scope ?? "read";
    if (!allows(principal, needed)) {
      throw insufficientScope(
        reply,
        needed,
        "forbidden",
        `token "${principal.name}" lacks the "${needed}" scope`,
      );
    }
    request.principal = principal;
  });
}
