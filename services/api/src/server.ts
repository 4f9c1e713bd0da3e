import { serve } from "../../shared/serve";
import { buildApiApp } from "./app";
import { loadApiConfig } from "./config";

/** The api locally, on HOST/PORT (127.0.0.1:3001 by default). */
serve(() => buildApiApp(loadApiConfig(), { logger: true }), 3001);
