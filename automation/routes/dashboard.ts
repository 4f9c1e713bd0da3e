import { basename, join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";
import "../fastify-decorations";
import { repoRoot } from "../../toolchain/paths";
import { pathExists } from "../fs/path-exists";
import { errorBody } from "../plugins/error-body";

/** Where `npm run build:dashboard` (run by `npm ci` and `npm start`) writes the dashboard. */
export const builtDashboardDir = join(repoRoot, "dashboard", "dist");

/**
 * The page loads only its own files and talks only to this origin: no inline script or
 * style, no framing, no form posting elsewhere. A token typed into it cannot be sent away.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The dashboard's built files at `/`, public: the page holds no data, and every API call
 * it makes carries the signed-in user's token. Only the files the build wrote are routed
 * (no wildcard), so an unknown path stays the API's 404 and other methods its 405.
 */
export const dashboardRoutes =
  (dir: string): FastifyPluginAsync =>
  async (app) => {
    app.addHook("onRoute", (route) => {
      route.config = { ...route.config, public: true };
    });
    if (!(await pathExists(join(dir, "index.html")))) {
      app.log.warn({ dir }, "the dashboard is not built: GET / answers 503");
      app.get("/", { schema: { hide: true } }, async (_request, reply) =>
        reply
          .code(503)
          .send(
            errorBody(
              "dashboard_not_built",
              "the dashboard is not built: run `npm run build:dashboard` (npm ci and npm start run it too), then restart the server",
            ),
          ),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      // Hidden from the OpenAPI document: these are pages, not API.
      schemaHide: true,
      decorateReply: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header("content-security-policy", contentSecurityPolicy);
        reply.header("x-content-type-options", "nosniff");
        reply.header("referrer-policy", "no-referrer");
        // Built assets carry a content hash in their names; the page must always be fresh.
        reply.header(
          "cache-control",
          basename(path) === "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
        );
      },
    });
  };
