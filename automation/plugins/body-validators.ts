import AjvCompiler, {
  type BuildCompilerFromPool,
  type Options as AjvOptions,
  type RouteDefinition,
} from "@fastify/ajv-compiler";

type BuildCompiler = BuildCompilerFromPool;
/** What Fastify hands the compiler it builds: the schema of one part of one route. */
type Compile = (route: RouteDefinition) => unknown;

/**
 * Bodies are JSON and validated as sent: `"confirm": 1` or `"true"` must not confirm a
 * rollback, so no type coercion there. Path, query and header values arrive as text and
 * are still read as the numbers and booleans their schemas declare.
 */
export const buildValidator: BuildCompiler = (externalSchemas, options) => {
  const pool = AjvCompiler();
  const coercing = pool(externalSchemas, options) as unknown as Compile;
  const exact = pool(externalSchemas, {
    plugins: options?.plugins,
    customOptions: { ...(options?.customOptions as AjvOptions), coerceTypes: false },
  }) as unknown as Compile;
  const compile: Compile = (route) => (String(route.httpPart) === "body" ? exact : coercing)(route);
  return compile as unknown as ReturnType<BuildCompiler>;
};
