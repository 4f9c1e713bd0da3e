// @ts-check
/**
 * The import rules `npm run lint` enforces (docs/architecture.md, "Layers"): no cycle
 * anywhere, type-only imports included; automation/'s layer order, generated from the one
 * table in automation/layers.mjs; the front doors take only types from the server.
 */
import { layers } from "./automation/layers.mjs";

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A layer member as a path pattern: `config.ts` is that file, `journal` the folder. */
const memberPattern = (member) =>
  member.endsWith(".ts") ? `${escape(member)}$` : `${escape(member)}/`;
const pathOf = (members) => `^automation/(${members.map(memberPattern).join("|")})`;
const membersFrom = (index) => layers.slice(index).flatMap((layer) => layer.members);

const layerRules = layers.slice(0, -1).map((layer, index) => ({
  name: `layer-${index + 1}-imports-above`,
  severity: "error",
  comment: `automation/ layer ${index + 1} (${layer.members.join(", ")}) imports only its own layer or those below it (automation/layers.mjs)`,
  from: { path: pathOf(layer.members) },
  to: { path: pathOf(membersFrom(index + 1)) },
}));

const placed = pathOf(membersFrom(0));
const layerTable = `^automation/layers\\.mjs$`;

// Plain constants with no imports of their own, which the browser bundle may take as values.
const sharedConstants = [
  "^automation/domain/services\\.ts$",
  "^automation/auth/scopes\\.ts$",
  "^automation/domain/rollout-command\\.ts$",
];

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "A module reaches itself through its imports (type-only imports count too).",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "automation-module-without-layer",
      severity: "error",
      comment:
        "Every module of automation/ belongs to a layer: add its folder to automation/layers.mjs.",
      from: { path: "^automation/", pathNot: [placed, layerTable] },
      to: {},
    },
    {
      name: "automation-import-without-layer",
      severity: "error",
      comment:
        "Every module of automation/ belongs to a layer: add its folder to automation/layers.mjs.",
      from: {},
      to: { path: "^automation/", pathNot: [placed, layerTable] },
    },
    {
      name: "front-door-imports-server-code",
      severity: "error",
      comment:
        "cli/, mcp/, client/ and dashboard/ reach the server through its HTTP API: from automation/ they take types, and values only from its import-free constants.",
      from: { path: "^(cli|mcp|client|dashboard)/" },
      to: {
        path: "^automation/",
        pathNot: sharedConstants,
        dependencyTypesNot: ["type-only", "type-import"],
      },
    },
    {
      name: "shared-constant-imports",
      severity: "error",
      comment:
        "The front doors bundle these as values: they stay free of imports, so nothing of the server comes along.",
      from: { path: sharedConstants },
      to: {},
    },
    {
      name: "import-unresolved",
      severity: "error",
      comment:
        "An import that does not resolve would hide cycles and layer crossings from these rules.",
      // The attack fixture reads the targets its test writes beside it at run time; the web's
      // router imports `cloudfront`, a module only CloudFront's function runtime has.
      from: { pathNot: ["^tests/fixtures/attacker/attack\\.cjs$", "cohort-router\\.js$"] },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // Packages' `exports` maps, as Node and tsx resolve them (typebox, the MCP SDK, tsx/cjs).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    // What git ignores (installs, builds, data, test output) and the built web site.
    exclude: { path: "(^|/)(node_modules|dist)/|^(\\.data|test-output|services/web/public)/" },
  },
};
