import { serve } from "../../shared/serve";
import { buildMcpApp } from "./app";
import { loadMcpConfig } from "./config";

/** The mcp service on HOST/PORT (127.0.0.1:3002 locally, 0.0.0.0:8080 in its image). */
serve(() => buildMcpApp(loadMcpConfig(), { logger: true }), 3002);
