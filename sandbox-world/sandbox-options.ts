import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../toolchain/paths";

export interface SandboxPorts {
  /** The automation server and its dashboard. */
  server: number;
  /** The AWS API emulator's endpoint. */
  aws: number;
  /** The service runtime, where the deployed services answer. */
  runtime: number;
}

export interface SandboxOptions {
  /** Everything the sandbox keeps: the emulator's recording, the release repository, the server's data. */
  dir: string;
  /** Start over: remove `dir` first. */
  reset: boolean;
  ports: SandboxPorts;
  /** The ports given on the command line: those must be free, the others may move. */
  explicitPorts: Set<keyof SandboxPorts>;
}

/** Next to `npm start`'s 3000, so both can run at once. */
export const defaultPorts: SandboxPorts = { server: 3100, aws: 3101, runtime: 3102 };

export const sandboxUsage = `usage: npm run sandbox -- [--reset] [--dir DIR] [--port N] [--aws-port N] [--runtime-port N]
  --reset           start over: remove everything the sandbox kept (its directory) first
  --dir DIR         where it keeps everything (default: .sandbox in the checkout)
  --port N          the server and its dashboard (default ${defaultPorts.server})
  --aws-port N      the AWS API emulator (default ${defaultPorts.aws})
  --runtime-port N  the service runtime, where deployed services answer (default ${defaultPorts.runtime})`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 65_535)
    throw new Error(`${flag} must be a port number from 1 to 65535, got "${value}"`);
  return number;
}

/** `npm run sandbox -- …`'s arguments; a mistake throws with what was wrong. */
export function parseSandboxOptions(args: string[]): SandboxOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      reset: { type: "boolean", default: false },
      dir: { type: "string" },
      port: { type: "string" },
      "aws-port": { type: "string" },
      "runtime-port": { type: "string" },
    },
  });
  const given = {
    server: port(values.port, "--port"),
    aws: port(values["aws-port"], "--aws-port"),
    runtime: port(values["runtime-port"], "--runtime-port"),
  };
  const ports = {
    server: given.server ?? defaultPorts.server,
    aws: given.aws ?? defaultPorts.aws,
    runtime: given.runtime ?? defaultPorts.runtime,
  };
  if (new Set(Object.values(ports)).size !== 3)
    throw new Error(`the three ports must differ, got ${JSON.stringify(ports)}`);
  const explicitPorts = new Set(
    (Object.keys(given) as Array<keyof SandboxPorts>).filter((name) => given[name] !== undefined),
  );
  return {
    dir: values.dir ? resolve(values.dir) : join(repoRoot, ".sandbox"),
    reset: values.reset,
    ports,
    explicitPorts,
  };
}
