import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  baseConfig,
  plain,
  runProgram,
  secretValue,
  type ProgramRun,
  type Registered,
} from "./program-under-mocks";

const withConfig = (overrides: Record<string, string>) =>
  runProgram({ ...baseConfig, ...overrides });

/**
 * Each service's resources by name with their inputs as plain JSON, so two runs compare
 * the way the engine diffs them (assets by their content and path, not object identity).
 */
function serviceResources(
  run: ProgramRun,
  service: "api" | "web" | "mcp",
): Record<string, unknown> {
  const resources = run.resources.filter((r: Registered) =>
    r.name.startsWith(`flightdeck-${service}`),
  );
  return JSON.parse(
    JSON.stringify(Object.fromEntries(resources.map((r) => [r.name, r]))),
  ) as Record<string, unknown>;
}

describe("infra program (under Pulumi mocks)", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(baseConfig);
  });

  describe("api", () => {
    it("publishes versions and puts alias live on the newly published one", () => {
      const fn = run.one("aws:lambda/function:Function");
      assert.equal(fn.inputs.publish, true);
      const alias = run.one("aws:lambda/alias:Alias");
      assert.equal(alias.inputs.name, "live");
      assert.equal(alias.inputs.functionVersion, "7");
      assert.equal(run.outputs.apiLiveVersion, "7");
    });

    it("keeps alias live on the pinned version when a pin is set", async () => {
      const pinned = await withConfig({ "flightdeck:apiPinnedVersion": "3" });
      assert.equal(pinned.one("aws:lambda/alias:Alias").inputs.functionVersion, "3");
      assert.equal(pinned.outputs.apiLiveVersion, "3");
    });

    it("the public entry invokes the alias, never $LATEST", () => {
      assert.equal(run.one("aws:lambda/functionUrl:FunctionUrl").inputs.qualifier, "live");
      const permissions = run.byType("aws:lambda/permission:Permission");
      assert.equal(permissions.length, 2);
      for (const permission of permissions) assert.equal(permission.inputs.qualifier, "live");
      const invoke = permissions.find((p) => p.inputs.action === "lambda:InvokeFunction");
      assert.equal(
        invoke?.inputs.invokedViaFunctionUrl,
        true,
        "the Invoke API stays closed to the public",
      );
      assert.equal(run.outputs.apiHealthUrl, "https://x7abc.lambda-url.eu-west-1.on.aws/health");
    });

    it("the role may only write logs to the function's own log group, which has a retention", () => {
      const logGroup = run.one("aws:cloudwatch/logGroup:LogGroup");
      assert.equal(logGroup.inputs.retentionInDays, 30);
      const policy = run.resources.find((r) => r.name === "flightdeck-api-logging");
      const document = JSON.parse(String(policy?.inputs.policy)) as {
        Statement: Array<{ Action: string[]; Resource: string }>;
      };
      assert.deepEqual(document.Statement[0]?.Action, [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ]);
      assert.equal(
        document.Statement[0]?.Resource,
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/flightdeck-api:*",
      );
    });

    it("its hash and stage reach the function's environment", () => {
      const env = (
        plain(run.one("aws:lambda/function:Function").inputs.environment) as {
          variables: Record<string, string>;
        }
      ).variables;
      assert.equal(env.GIT_HASH, "a".repeat(40));
      assert.equal(env.STAGE, "production");
    });
  });

  describe("web", () => {
    it("keeps the bucket private and encrypted", () => {
      const block = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
      for (const key of [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
      ]) {
        assert.equal(block[key], true, key);
      }
      const sse = run.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      );
      assert.deepEqual(sse.inputs.rules, [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ]);
    });

    it("serves through origin access control, redirecting to HTTPS, with index.html as root", () => {
      const oac = run.one("aws:cloudfront/originAccessControl:OriginAccessControl").inputs;
      assert.deepEqual(
        [oac.originAccessControlOriginType, oac.signingBehavior, oac.signingProtocol],
        ["s3", "always", "sigv4"],
      );
      const cdn = run.one("aws:cloudfront/distribution:Distribution").inputs as {
        defaultRootObject: string;
        origins: Array<{ originAccessControlId?: string; originPath: string }>;
        defaultCacheBehavior: { viewerProtocolPolicy: string };
        orderedCacheBehaviors: Array<{
          pathPattern: string;
          viewerProtocolPolicy: string;
          cachePolicyId: string;
        }>;
      };
      assert.equal(cdn.defaultRootObject, "index.html");
      assert.ok(cdn.origins[0]?.originAccessControlId, "the origin signs with OAC");
      assert.equal(cdn.defaultCacheBehavior.viewerProtocolPolicy, "redirect-to-https");
      assert.deepEqual(
        cdn.orderedCacheBehaviors.map((b) => [b.pathPattern, b.viewerProtocolPolicy]),
        [["/assets/*", "redirect-to-https"]],
      );
    });

    it("lets only this distribution read the bucket", () => {
      const policy = JSON.parse(
        String(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy),
      ) as {
        Statement: Array<{ Principal: unknown; Condition: unknown }>;
      };
      assert.deepEqual(policy.Statement[0]?.Principal, { Service: "cloudfront.amazonaws.com" });
      assert.deepEqual(policy.Statement[0]?.Condition, {
        StringEquals: {
          "AWS:SourceArn": "arn:aws:cloudfront:eu-west-1:123456789012:distribution/E1ABC",
        },
      });
    });

    it("uploads the release under its immutable prefix with per-file caching", () => {
      const objects = run.byType("aws:s3/bucketObjectv2:BucketObjectv2");
      const keys = objects.map((o) => String(o.inputs.key));
      assert.ok(keys.includes(`releases/${"b".repeat(40)}/index.html`), keys.join(", "));
      assert.ok(keys.every((key) => key.startsWith(`releases/${"b".repeat(40)}/`)));
      const index = objects.find((o) => String(o.inputs.key).endsWith("/index.html"));
      assert.equal(index?.inputs.cacheControl, "no-cache");
    });

    it("points the live pointer (origin path) at the release, or at the pin", async () => {
      const originPath = (r: ProgramRun) =>
        (
          r.one("aws:cloudfront/distribution:Distribution").inputs.origins as Array<{
            originPath: string;
          }>
        )[0]?.originPath;
      assert.equal(originPath(run), `/releases/${"b".repeat(40)}`);
      const pinned = await withConfig({ "flightdeck:webPinnedRelease": "1234567" });
      assert.equal(originPath(pinned), "/releases/1234567");
      assert.equal(pinned.outputs.webLiveRelease, "1234567");
    });
  });

  describe("mcp", () => {
    it("rolls back a failing deployment by itself and never drops below full capacity", () => {
      const service = run.one("awsx:ecs:FargateService").inputs;
      assert.deepEqual(service.deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.equal(service.deploymentMinimumHealthyPercent, 100);
    });

    it("the load balancer checks /health", () => {
      const lb = run.one("awsx:lb:ApplicationLoadBalancer").inputs as {
        defaultTargetGroup: { healthCheck: { path: string } };
      };
      assert.equal(lb.defaultTargetGroup.healthCheck.path, "/health");
    });

    it("builds the image from services/mcp/Dockerfile tagged with its hash, which reaches the container", () => {
      const image = run.one("docker:index/image:Image").inputs as {
        imageName: string;
        build: { dockerfile: string; args: Record<string, string>; platform: string };
      };
      assert.match(image.imageName, new RegExp(`/flightdeck-mcp-repo-a1b2c3:${"c".repeat(40)}$`));
      assert.match(image.build.dockerfile, /services\/mcp\/Dockerfile$/);
      assert.equal(image.build.args.GIT_HASH, "c".repeat(40));
      const service = run.one("awsx:ecs:FargateService").inputs as {
        taskDefinitionArgs: {
          container: { environment: Array<{ name: string; value: string }>; image: string };
        };
      };
      const env = service.taskDefinitionArgs.container.environment;
      assert.deepEqual(
        env.find((e) => e.name === "GIT_HASH"),
        { name: "GIT_HASH", value: "c".repeat(40) },
      );
      assert.match(service.taskDefinitionArgs.container.image, /@sha256:/);
    });

    it("runs the pinned task definition instead of a new one when a pin is set", async () => {
      const arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/flightdeck-mcp:5";
      const pinned = await withConfig({ "flightdeck:mcpPinnedTaskDefinition": arn });
      const service = pinned.one("awsx:ecs:FargateService").inputs;
      assert.equal(service.taskDefinition, arn);
      assert.equal(service.taskDefinitionArgs, undefined);
      assert.equal(pinned.byType("docker:index/image:Image").length, 0, "nothing is rebuilt");
      assert.equal(pinned.outputs.mcpTaskDefinitionArn, arn);
    });
  });

  describe("secrets", () => {
    it("the JWT secret reaches the api and the secret store as secrets, the container by reference", () => {
      const environment = secretValue(
        run.one("aws:lambda/function:Function").inputs.environment,
      ) as {
        variables: Record<string, string>;
      };
      assert.equal(
        environment?.variables.JWT_SECRET,
        "jwt-signing-secret-value",
        "the whole environment is secret",
      );
      const version = run.one("aws:secretsmanager/secretVersion:SecretVersion");
      assert.equal(secretValue(version.inputs.secretString), "jwt-signing-secret-value");
      const container = (
        run.one("awsx:ecs:FargateService").inputs as {
          taskDefinitionArgs: {
            container: { secrets: Array<{ name: string; valueFrom: string }> };
          };
        }
      ).taskDefinitionArgs.container;
      assert.deepEqual(
        container.secrets.map((s) => s.name),
        ["JWT_SECRET"],
      );
      assert.equal(JSON.stringify(container).includes("jwt-signing-secret-value"), false);
    });

    it("no stack output carries the secret", () => {
      assert.equal(JSON.stringify(run.outputs).includes("jwt-signing-secret-value"), false);
    });
  });

  describe("one service's hash leaves the other services' resources unchanged", () => {
    for (const service of ["api", "web", "mcp"] as const) {
      it(`a new ${service} hash`, async () => {
        const changed = await withConfig({ [`flightdeck:${service}GitHash`]: "d".repeat(40) });
        for (const other of (["api", "web", "mcp"] as const).filter((s) => s !== service)) {
          assert.deepEqual(
            serviceResources(changed, other),
            serviceResources(run, other),
            `${other} is unchanged`,
          );
        }
        assert.notDeepEqual(
          serviceResources(changed, service),
          serviceResources(run, service),
          `${service} changed`,
        );
      });
    }
  });

  describe("config errors name the key", () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ["a missing hash", { "flightdeck:apiGitHash": "" }, /flightdeck:apiGitHash is required/],
      [
        "a malformed hash",
        { "flightdeck:mcpGitHash": "main" },
        /flightdeck:mcpGitHash must be a 7-40 character/,
      ],
      [
        "a malformed pin",
        { "flightdeck:apiPinnedVersion": "latest" },
        /flightdeck:apiPinnedVersion must be/,
      ],
      ["a missing stage", { "flightdeck:stage": "" }, /flightdeck:stage is required/],
      ["a missing region", { "aws:region": "" }, /aws:region is required/],
    ];
    for (const [what, overrides, message] of cases) {
      it(what, async () => {
        await assert.rejects(withConfig(overrides), message);
      });
    }

    it("a missing secret", async () => {
      const config = { ...baseConfig };
      delete config["flightdeck:jwtSecret"];
      await assert.rejects(
        runProgram(config),
        /flightdeck:jwtSecret is required: set it with `pulumi config set --secret/,
      );
    });
  });
});
