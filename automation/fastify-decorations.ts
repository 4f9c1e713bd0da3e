/**
 * Everything the automation server adds to Fastify's types, in one place: the instance
 * decorations set in app.ts, the principal the auth hook puts on each request, and the
 * route config the auth hook reads.
 */
import type { Principal, Scope } from "./auth/scopes";
import type { ServerConfig } from "./config";
import type { Doctor } from "./doctor/doctor";
import type { Journal } from "./journal/journal";
import type { OperationEvents } from "./operations/operation-events";
import type { RunningOperations } from "./operations/running-operations";

declare module "fastify" {
  interface FastifyInstance {
    /** The validated configuration the server started with. */
    config: ServerConfig;
    journal: Journal;
    runningOperations: RunningOperations;
    operationEvents: OperationEvents;
    /** Checks the prerequisites of operations; routes refuse through it before starting. */
    doctor: Doctor;
  }
  interface FastifyRequest {
    /** Who asked: set by the auth hook on every route that is not public. */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; `read` when unset. */
    scope?: Scope;
    /** Served without a token (health, API docs). */
    public?: boolean;
  }
}
