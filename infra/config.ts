import * as pulumi from "@pulumi/pulumi";
import type { McpSide } from "./mcp/mcp-sides";

/** Everything the program reads from stack config, validated once. */
export interface FlightdeckConfig {
  name: string;
  stage: string;
  region: string;
  /** The commit each service is released at; a deploy changes only the affected ones. */
  gitHashes: { api: string; web: string; mcp: string };
  /** Rollback pins: set by a rollback, cleared by the next deploy that changes the service. */
  pins: { apiVersion?: string; mcpTaskDefinition?: string; webRelease?: string };
  /** The mcp side the load balancer sends all traffic to; a rollout moves weight to the other. */
  mcpLiveSide: McpSide;
  jwtSecret: pulumi.Output<string>;
  /** The web site's own domain; CloudFront's default domain serves it when unset. */
  webDomain?: WebDomain;
}

export interface WebDomain {
  name: string;
  /** An ACM certificate for `name`, in us-east-1 as CloudFront requires. */
  certificateArn: string;
}

const hexHash = /^[0-9a-f]{7,40}$/;

function requireMatching(
  config: pulumi.Config,
  key: string,
  pattern: RegExp,
  what: string,
): string {
  const value = config.get(key);
  if (value === undefined || value === "")
    throw new Error(`flightdeck:${key} is required: ${what}`);
  if (!pattern.test(value)) throw new Error(`flightdeck:${key} must be ${what}, got "${value}"`);
  return value;
}

function optionalMatching(
  config: pulumi.Config,
  key: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  const value = config.get(key);
  if (value === undefined || value === "") return undefined;
  if (!pattern.test(value)) throw new Error(`flightdeck:${key} must be ${what}, got "${value}"`);
  return value;
}

function readWebDomain(config: pulumi.Config): WebDomain | undefined {
  const name = optionalMatching(
    config,
    "webDomain",
    /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "a lowercase domain name such as app.example.com",
  );
  const certificateArn = optionalMatching(
    config,
    "webCertificateArn",
    /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
    "an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)",
  );
  if (name && !certificateArn) {
    throw new Error(
      "flightdeck:webCertificateArn is required with flightdeck:webDomain: an ACM certificate for it in us-east-1",
    );
  }
  if (certificateArn && !name) {
    throw new Error("flightdeck:webDomain is required with flightdeck:webCertificateArn");
  }
  return name && certificateArn ? { name, certificateArn } : undefined;
}

export function readFlightdeckConfig(): FlightdeckConfig {
  const config = new pulumi.Config("flightdeck");
  const region = new pulumi.Config("aws").get("region");
  if (!region)
    throw new Error("aws:region is required, e.g. `pulumi config set aws:region eu-west-1`");
  const hash = "a 7-40 character lowercase hex git hash";
  // Read in the clear only to fail fast when it is absent; the program uses the secret form.
  if (!config.get("jwtSecret")) {
    throw new Error(
      "flightdeck:jwtSecret is required: set it with `pulumi config set --secret flightdeck:jwtSecret <value>`",
    );
  }
  const jwtSecret = config.requireSecret("jwtSecret");
  return {
    name:
      optionalMatching(
        config,
        "name",
        /^[a-z][a-z0-9-]{1,30}$/,
        "lowercase letters, digits and dashes",
      ) ?? "flightdeck",
    stage: requireMatching(
      config,
      "stage",
      /^[a-z][a-z0-9-]{0,30}$/,
      "a short lowercase stage name such as production",
    ),
    region,
    gitHashes: {
      api: requireMatching(config, "apiGitHash", hexHash, hash),
      web: requireMatching(config, "webGitHash", hexHash, hash),
      mcp: requireMatching(config, "mcpGitHash", hexHash, hash),
    },
    pins: {
      apiVersion: optionalMatching(
        config,
        "apiPinnedVersion",
        /^[1-9]\d*$/,
        "a published Lambda version number",
      ),
      mcpTaskDefinition: optionalMatching(
        config,
        "mcpPinnedTaskDefinition",
        /^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:task-definition\/[\w-]+:\d+$/,
        "an ECS task definition ARN",
      ),
      webRelease: optionalMatching(
        config,
        "webPinnedRelease",
        hexHash,
        "a web release id (a git hash)",
      ),
    },
    mcpLiveSide:
      (optionalMatching(config, "mcpLiveSide", /^(blue|green)$/, "blue or green") as
        McpSide | undefined) ?? "blue",
    jwtSecret,
    webDomain: readWebDomain(config),
  };
}
