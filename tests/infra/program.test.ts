import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { readMcpBlueGreenOutputs } from "../../automation/domain/mcp-blue-green-outputs";
import { readStackOutputs } from "../../automation/domain/stack-outputs";
import { repoRoot } from "../../infra/repo-root";
import {
  baseConfig,
  plain,
  runProgram,
  secretValue,
  type ProgramRun,
  type Registered,
} from "./program-under-mocks";

/** What the program exports: the contract with the automation server and the fixture. */
const programOutputs = [
  "apiFunctionName",
  "apiAliasName",
  "apiLiveVersion",
  "apiPublishedVersion",
  "apiUrl",
  "apiHealthUrl",
  "apiCandidateHealthUrl",
  "webBucketName",
  "webDistributionId",
  "webUrl",
  "webLiveRelease",
  "webCohortStoreArn",
  "webRouterFunctionName",
  "mcpClusterName",
  "mcpServiceName",
  "mcpTaskDefinitionArn",
  "mcpUrl",
  "mcpHealthUrl",
  "mcpLiveSide",
  "mcpServiceNames",
  "mcpListenerArn",
  "mcpTargetGroups",
  "mcpLoadBalancerArnSuffix",
  "mcpTargetGroupArnSuffixes",
  "alarmNames",
];

/** The outputs that hold one value per side of mcp's blue/green pair. */
const perSideOutputs = ["mcpServiceNames", "mcpTargetGroups", "mcpTargetGroupArnSuffixes"];

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
    /** Each alias's version, by alias name. */
    const aliasVersions = (r: ProgramRun): Record<string, unknown> =>
      Object.fromEntries(
        r
          .byType("aws:lambda/alias:Alias")
          .map((alias) => [String(alias.inputs.name), alias.inputs.functionVersion] as const),
      );

    it("publishes versions and puts aliases live and candidate on the newly published one", () => {
      const fn = run.one("aws:lambda/function:Function");
      assert.equal(fn.inputs.publish, true);
      assert.deepEqual(aliasVersions(run), { live: "7", candidate: "7" });
      assert.equal(run.outputs.apiLiveVersion, "7");
    });

    it("keeps alias live on the pinned version when a pin is set, and candidate on the new one", async () => {
      const pinned = await withConfig({ "flightdeck:apiPinnedVersion": "3" });
      assert.deepEqual(aliasVersions(pinned), { live: "3", candidate: "7" });
      assert.equal(pinned.outputs.apiLiveVersion, "3");
      // The published version is still reported: a canary routes part of the traffic to it.
      assert.equal(pinned.outputs.apiPublishedVersion, "7");
    });

    it("each entry invokes its own alias, never $LATEST, and the Invoke API stays closed", () => {
      const urls = run.byType("aws:lambda/functionUrl:FunctionUrl");
      assert.deepEqual(urls.map((url) => url.inputs.qualifier).sort(), ["candidate", "live"]);
      for (const url of urls) assert.equal(url.inputs.authorizationType, "NONE");
      const permissions = run.byType("aws:lambda/permission:Permission");
      assert.deepEqual(
        permissions.map((p) => `${String(p.inputs.qualifier)} ${String(p.inputs.action)}`).sort(),
        [
          "candidate lambda:InvokeFunction",
          "candidate lambda:InvokeFunctionUrl",
          "live lambda:InvokeFunction",
          "live lambda:InvokeFunctionUrl",
        ],
      );
      for (const invoke of permissions.filter((p) => p.inputs.action === "lambda:InvokeFunction")) {
        assert.equal(invoke.inputs.invokedViaFunctionUrl, true, String(invoke.inputs.qualifier));
      }
      assert.equal(run.outputs.apiHealthUrl, "https://x7abc.lambda-url.eu-west-1.on.aws/health");
      assert.equal(
        run.outputs.apiCandidateHealthUrl,
        "https://x7candidate.lambda-url.eu-west-1.on.aws/health",
      );
    });

    it("the live URL keeps its resource names, so adding the candidate does not replace it", () => {
      const names = (type: string) =>
        run
          .byType(type)
          .filter((r) => r.inputs.qualifier === "live")
          .map((r) => r.name)
          .sort();
      assert.deepEqual(names("aws:lambda/functionUrl:FunctionUrl"), ["flightdeck-api-url"]);
      assert.deepEqual(names("aws:lambda/permission:Permission"), [
        "flightdeck-api-url-invoke",
        "flightdeck-api-url-invoke-url",
      ]);
    });

    it("a bake watches the live alias's errors", () => {
      const alarm = run
        .byType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .find((r) => r.name === "flightdeck-api-errors")?.inputs;
      assert.deepEqual(
        {
          namespace: alarm?.namespace,
          metricName: alarm?.metricName,
          dimensions: alarm?.dimensions,
          statistic: alarm?.statistic,
          period: alarm?.period,
          evaluationPeriods: alarm?.evaluationPeriods,
          threshold: alarm?.threshold,
          comparisonOperator: alarm?.comparisonOperator,
          treatMissingData: alarm?.treatMissingData,
        },
        {
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: "flightdeck-api", Resource: "flightdeck-api:live" },
          statistic: "Sum",
          period: 60,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
        },
      );
    });

    it("the role may only write logs to the function's own log group, which has a retention", () => {
      const logGroup = run.resources.find((r) => r.name === "flightdeck-api-logs")!;
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

    it("serves CloudFront's own domain by default, or the configured one with its certificate", async () => {
      const byDefault = run.one("aws:cloudfront/distribution:Distribution").inputs;
      assert.equal(byDefault.aliases, undefined);
      assert.deepEqual(byDefault.viewerCertificate, { cloudfrontDefaultCertificate: true });

      const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123";
      const named = await withConfig({
        "flightdeck:webDomain": "app.example.com",
        "flightdeck:webCertificateArn": certificateArn,
      });
      const cdn = named.one("aws:cloudfront/distribution:Distribution").inputs;
      assert.deepEqual(cdn.aliases, ["app.example.com"]);
      assert.deepEqual(cdn.viewerCertificate, {
        acmCertificateArn: certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      });
      assert.equal(named.outputs.webUrl, "https://app.example.com/");
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

    it("uploads the release under its immutable prefix with per-file caching", async () => {
      const objects = run.byType("aws:s3/bucketObjectv2:BucketObjectv2");
      const keys = objects.map((o) => String(o.inputs.key));
      assert.ok(keys.includes(`releases/${"b".repeat(40)}/index.html`), keys.join(", "));
      assert.ok(keys.every((key) => key.startsWith(`releases/${"b".repeat(40)}/`)));
      const index = objects.find((o) => String(o.inputs.key).endsWith("/index.html"));
      assert.equal(index?.inputs.cacheControl, "no-cache");
      // The uploaded page is the one built for this release: it names its hash.
      const source = index?.inputs.source as pulumi.asset.FileAsset | undefined;
      assert.ok(source instanceof pulumi.asset.FileAsset);
      assert.match(
        readFileSync(await source.path, "utf8"),
        new RegExp(`<meta name="git-hash" content="${"b".repeat(40)}"`),
      );
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

  describe("web cohort canary", () => {
    type Association = { eventType: string; functionArn: string };
    const distribution = (r: ProgramRun) =>
      r.one("aws:cloudfront/distribution:Distribution").inputs as {
        origins: Array<{ originId: string; originPath?: string; originAccessControlId?: string }>;
        defaultCacheBehavior: { functionAssociations: Association[] };
        orderedCacheBehaviors: Array<{ pathPattern: string; functionAssociations: Association[] }>;
      };

    it("publishes the shared router on cloudfront-js-2.0, reading its own key-value store", () => {
      const store = run.one("aws:cloudfront/keyValueStore:KeyValueStore");
      const router = run.one("aws:cloudfront/function:Function").inputs;
      assert.equal(
        store.inputs.name,
        undefined,
        "named by Pulumi: stores are global to the account",
      );
      assert.equal(router.name, undefined, "named by Pulumi: functions are global to the account");
      assert.equal(router.runtime, "cloudfront-js-2.0");
      assert.equal(router.publish, true, "a distribution runs only the LIVE stage");
      assert.deepEqual(router.keyValueStoreAssociations, [
        "arn:aws:cloudfront::123456789012:key-value-store/0f7e1d2c-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
      ]);
      assert.equal(
        router.code,
        readFileSync(
          join(repoRoot, "sandbox-world/release-project/infra/cohort-router.js"),
          "utf8",
        ),
        "the release fixture publishes the very same code",
      );
    });

    it("runs the router on both viewer events of the page and asset behaviours", () => {
      const routed = [
        {
          eventType: "viewer-request",
          functionArn: "arn:aws:cloudfront::123456789012:function/flightdeck-web-router-a1b2c3",
        },
        {
          eventType: "viewer-response",
          functionArn: "arn:aws:cloudfront::123456789012:function/flightdeck-web-router-a1b2c3",
        },
      ];
      const cdn = distribution(run);
      assert.deepEqual(cdn.defaultCacheBehavior.functionAssociations, routed);
      assert.deepEqual(
        cdn.orderedCacheBehaviors.map((b) => [b.pathPattern, b.functionAssociations]),
        [["/assets/*", routed]],
      );
    });

    it("keeps the live release as the first origin's path and adds the bucket's root as `releases`", () => {
      const origins = distribution(run).origins;
      assert.deepEqual(
        origins.map((o) => [o.originId, o.originPath, Boolean(o.originAccessControlId)]),
        [
          ["site", `/releases/${"b".repeat(40)}`, true],
          ["releases", undefined, true],
        ],
      );
    });

    it("exports the store and the router for a rollout's moves", () => {
      assert.equal(
        run.outputs.webCohortStoreArn,
        "arn:aws:cloudfront::123456789012:key-value-store/0f7e1d2c-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
      );
      assert.equal(run.outputs.webRouterFunctionName, "flightdeck-web-router-a1b2c3");
    });
  });

  describe("mcp", () => {
    interface ContainerDefinition {
      image: string;
      environment: Array<{ name: string; value: string }>;
      secrets: Array<{ name: string; valueFrom: string }>;
      portMappings: Array<{ containerPort: number }>;
    }
    const container = (r: ProgramRun) => {
      const definitions = JSON.parse(
        String(r.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions),
      ) as ContainerDefinition[];
      assert.equal(definitions.length, 1);
      return definitions[0]!;
    };
    const newRevision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/flightdeck-mcp:8";
    const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:flightdeck-mcp-jwt-a1b2c3";

    interface SideService {
      taskDefinition: string;
      desiredCount: number;
      loadBalancers: Array<{
        targetGroupArn: string;
        containerName: string;
        containerPort: number;
      }>;
      networkConfiguration: { securityGroups: string[]; subnets: string[] };
    }
    const sideService = (r: ProgramRun, side: "blue" | "green") => {
      const name = side === "blue" ? "flightdeck-mcp-service" : "flightdeck-mcp-green-service";
      const found = r.byType("awsx:ecs:FargateService").find((s) => s.name === name);
      assert.ok(found, name);
      return found.inputs as unknown as SideService & Record<string, unknown>;
    };
    const targetGroupArn = (side: "blue" | "green") =>
      `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/flightdeck-mcp-${side}/${side === "blue" ? "b1" : "e2"}`;
    const listenerWeights = (r: ProgramRun) => {
      const listener = r.one("aws:lb/listener:Listener").inputs as {
        port: number;
        protocol: string;
        loadBalancerArn: string;
        defaultActions: Array<{
          type: string;
          forward: { targetGroups: Array<{ arn: string; weight: number }> };
        }>;
      };
      assert.deepEqual([listener.port, listener.protocol], [80, "HTTP"]);
      assert.equal(
        listener.loadBalancerArn,
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mcp-lb/50dc6c495c0c9188",
      );
      assert.equal(listener.defaultActions.length, 1);
      assert.equal(listener.defaultActions[0]!.type, "forward");
      return listener.defaultActions[0]!.forward.targetGroups;
    };

    it("each side rolls back a failing deployment by itself and never drops below full capacity", () => {
      for (const side of ["blue", "green"] as const) {
        const service = sideService(run, side);
        assert.deepEqual(service.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.equal(service.deploymentMinimumHealthyPercent, 100);
      }
      assert.equal(run.byType("awsx:ecs:FargateService").length, 2);
    });

    it("two target groups check /health on the container port, each side registered to its own", () => {
      const groups = run.byType("aws:lb/targetGroup:TargetGroup");
      assert.deepEqual(groups.map((g) => g.name).sort(), [
        "flightdeck-mcp-blue",
        "flightdeck-mcp-green",
      ]);
      for (const group of groups) {
        const inputs = group.inputs as { port: number; targetType: string; vpcId: string };
        assert.equal((group.inputs.healthCheck as { path: string }).path, "/health");
        assert.deepEqual(
          [inputs.port, inputs.targetType, inputs.vpcId],
          [8080, "ip", "vpc-0default"],
        );
      }
      for (const side of ["blue", "green"] as const) {
        assert.deepEqual(sideService(run, side).loadBalancers, [
          { targetGroupArn: targetGroupArn(side), containerName: "mcp", containerPort: 8080 },
        ]);
      }
      assert.deepEqual(container(run).portMappings, [{ containerPort: 8080, protocol: "tcp" }]);
    });

    it("the listener forwards by weight: all to the live side, blue unless the settings say", async () => {
      assert.deepEqual(listenerWeights(run), [
        { arn: targetGroupArn("blue"), weight: 100 },
        { arn: targetGroupArn("green"), weight: 0 },
      ]);
      assert.equal(run.outputs.mcpLiveSide, "blue");
      const green = await withConfig({ "flightdeck:mcpLiveSide": "green" });
      assert.deepEqual(listenerWeights(green), [
        { arn: targetGroupArn("blue"), weight: 0 },
        { arn: targetGroupArn("green"), weight: 100 },
      ]);
      assert.equal(green.outputs.mcpLiveSide, "green");
      assert.equal(green.outputs.mcpServiceName, "flightdeck-mcp-green-service-a1b2");
      assert.deepEqual(
        [sideService(green, "green").desiredCount, sideService(green, "blue").desiredCount],
        [2, 0],
      );
    });

    it("exports the listener, the target groups and their CloudWatch dimension values", () => {
      assert.equal(
        run.outputs.mcpListenerArn,
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mcp-lb/50dc6c495c0c9188/f00d",
      );
      assert.deepEqual(run.outputs.mcpTargetGroups, {
        blue: targetGroupArn("blue"),
        green: targetGroupArn("green"),
      });
      assert.equal(run.outputs.mcpLoadBalancerArnSuffix, "app/mcp-lb/50dc6c495c0c9188");
      assert.deepEqual(run.outputs.mcpTargetGroupArnSuffixes, {
        blue: "targetgroup/flightdeck-mcp-blue/b1",
        green: "targetgroup/flightdeck-mcp-green/e2",
      });
      assert.deepEqual(run.outputs.mcpServiceNames, {
        blue: "flightdeck-mcp-service-a1b2",
        green: "flightdeck-mcp-green-service-a1b2",
      });
      // A rollback moves the live side's service, as it moved the one service before.
      assert.equal(run.outputs.mcpServiceName, "flightdeck-mcp-service-a1b2");
      assert.equal(run.outputs.mcpUrl, "http://mcp-lb-123.eu-west-1.elb.amazonaws.com/");
    });

    it("only the load balancer reaches the tasks", () => {
      const task = run.resources.find((r) => r.name === "flightdeck-mcp-task-sg")?.inputs;
      assert.deepEqual(task?.ingress, [
        {
          protocol: "tcp",
          fromPort: 8080,
          toPort: 8080,
          securityGroups: ["sg-flightdeck-mcp-lb-sg"],
        },
      ]);
      for (const side of ["blue", "green"] as const) {
        const service = sideService(run, side);
        assert.deepEqual(service.networkConfiguration.securityGroups, [
          "sg-flightdeck-mcp-task-sg",
        ]);
        assert.deepEqual(service.networkConfiguration.subnets, [
          "subnet-0public-a",
          "subnet-0public-b",
        ]);
      }
      const lb = run.one("aws:lb/loadBalancer:LoadBalancer").inputs;
      assert.deepEqual(lb.securityGroups, ["sg-flightdeck-mcp-lb-sg"]);
      assert.deepEqual(lb.subnets, ["subnet-0public-a", "subnet-0public-b"]);
      assert.equal(lb.loadBalancerType, "application");
    });

    it("builds the image from services/mcp/Dockerfile tagged with its hash, which reaches the container", () => {
      const image = run.one("docker:index/image:Image").inputs as {
        imageName: string;
        build: {
          context: string;
          dockerfile: string;
          args: Record<string, string>;
          platform: string;
        };
      };
      assert.match(image.imageName, new RegExp(`/flightdeck-mcp-repo-a1b2c3:${"c".repeat(40)}$`));
      assert.equal(image.build.context, repoRoot);
      assert.equal(image.build.dockerfile, join(repoRoot, "services", "mcp", "Dockerfile"));
      assert.equal(image.build.platform, "linux/amd64");
      assert.equal(image.build.args.GIT_HASH, "c".repeat(40));
      assert.deepEqual(
        container(run).environment.find((e) => e.name === "GIT_HASH"),
        { name: "GIT_HASH", value: "c".repeat(40) },
      );
      assert.match(container(run).image, /flightdeck-mcp-repo-a1b2c3@sha256:e{64}$/);
    });

    it("the live side runs the new revision; the idle side runs it too, with no tasks", () => {
      assert.deepEqual(
        [sideService(run, "blue").taskDefinition, sideService(run, "blue").desiredCount],
        [newRevision, 2],
      );
      assert.deepEqual(
        [sideService(run, "green").taskDefinition, sideService(run, "green").desiredCount],
        [newRevision, 0],
      );
      assert.equal(run.one("aws:ecs/taskDefinition:TaskDefinition").inputs.skipDestroy, true);
      assert.equal(run.outputs.mcpTaskDefinitionArn, newRevision);
    });

    it("a pin moves only the live side, which runs it instead of the new revision", async () => {
      const arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/flightdeck-mcp:5";
      const pinned = await withConfig({ "flightdeck:mcpPinnedTaskDefinition": arn });
      const service = sideService(pinned, "blue");
      assert.equal(service.taskDefinition, arn);
      assert.equal(service.taskDefinitionArgs, undefined);
      assert.equal(sideService(pinned, "green").taskDefinition, newRevision);
      assert.equal(pinned.outputs.mcpTaskDefinitionArn, arn);
      // The release stays declared: a pin must not delete its image or its revision.
      assert.deepEqual(
        pinned.one("aws:ecs/taskDefinition:TaskDefinition").inputs,
        run.one("aws:ecs/taskDefinition:TaskDefinition").inputs,
      );
      assert.equal(pinned.byType("docker:index/image:Image").length, 1);
    });

    it("a bake watches the 5xx answers behind the load balancer, whichever side serves", () => {
      const alarm = run
        .byType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .find((r) => r.name === "flightdeck-mcp-target-5xx")?.inputs;
      assert.equal(alarm?.namespace, "AWS/ApplicationELB");
      assert.equal(alarm?.metricName, "HTTPCode_Target_5XX_Count");
      assert.deepEqual(alarm?.dimensions, { LoadBalancer: "app/mcp-lb/50dc6c495c0c9188" });
      assert.deepEqual(
        [alarm?.statistic, alarm?.period, alarm?.threshold, alarm?.treatMissingData],
        ["Sum", 60, 5, "notBreaching"],
      );
    });

    it("the execution role may read only the JWT secret, which the container gets by reference", () => {
      const policy = run.resources.find((r) => r.name === "flightdeck-mcp-execution-secret");
      const document = JSON.parse(String(policy?.inputs.policy)) as { Statement: unknown[] };
      assert.deepEqual(document.Statement, [
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
      ]);
      assert.deepEqual(container(run).secrets, [{ name: "JWT_SECRET", valueFrom: secretArn }]);
    });
  });

  describe("tags and provider", () => {
    it("one AWS provider in the configured region tags everything with Project and Stage", async () => {
      const provider = run.one("pulumi:providers:aws").inputs;
      assert.equal(provider.region, "eu-west-1");
      assert.deepEqual(JSON.parse(String(provider.defaultTags)), {
        tags: { Project: "flightdeck", Stage: "production" },
      });
      const staging = await withConfig({ "flightdeck:stage": "staging" });
      assert.deepEqual(JSON.parse(String(staging.one("pulumi:providers:aws").inputs.defaultTags)), {
        tags: { Project: "flightdeck", Stage: "staging" },
      });
    });

    it("every AWS resource uses that provider", () => {
      // awsx components get it through their options (see aws-provider.test.ts): the mocks
      // do not show a remote component's providers.
      const awsResources = run.resources.filter((r) => r.type.startsWith("aws:"));
      assert.ok(awsResources.length > 20, String(awsResources.length));
      const strays = awsResources
        .filter((r) => !r.provider?.includes("::pulumi:providers:aws::flightdeck-aws::"))
        .map((r) => `${r.type} ${r.name} ${r.provider ?? "(default provider)"}`);
      assert.deepEqual(strays, []);
    });

    it("taggable resources carry their Service tag", () => {
      const serviceOf = (name: string) =>
        ["api", "web", "mcp"].find((service) => name.startsWith(`flightdeck-${service}`));
      const tagged = run.resources.filter((r) => r.inputs.tags !== undefined);
      assert.ok(tagged.length > 15, String(tagged.length));
      for (const resource of tagged) {
        assert.deepEqual(
          resource.inputs.tags,
          { Service: serviceOf(resource.name) },
          `${resource.type} ${resource.name}`,
        );
      }
      for (const type of [
        "aws:lambda/function:Function",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketObjectv2:BucketObjectv2",
        "aws:cloudfront/distribution:Distribution",
        "aws:ecr/repository:Repository",
        "aws:ecs/taskDefinition:TaskDefinition",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:lb/targetGroup:TargetGroup",
        "aws:lb/listener:Listener",
        "awsx:ecs:FargateService",
      ]) {
        const resources = run.byType(type);
        assert.ok(resources.length > 0, type);
        assert.ok(
          resources.every((r) => r.inputs.tags !== undefined),
          `${type} is tagged`,
        );
      }
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
      const definitions = String(
        run.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
      );
      assert.match(definitions, /"name":"JWT_SECRET","valueFrom":"arn:aws:secretsmanager:/);
      assert.equal(definitions.includes("jwt-signing-secret-value"), false);
    });

    it("no resource input carries the secret in the clear", () => {
      const inTheClear = run.resources
        .filter((r) =>
          Object.values(r.inputs).some(
            (input) =>
              secretValue(input) === undefined &&
              JSON.stringify(input ?? null).includes("jwt-signing-secret-value"),
          ),
        )
        .map((r) => `${r.type} ${r.name}`);
      assert.deepEqual(inTheClear, []);
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

  it("exports every output the automation server reads", () => {
    assert.deepEqual(Object.keys(run.outputs).sort(), [...programOutputs].sort());
    const { alarmNames, ...rest } = run.outputs;
    const texts = Object.entries(rest).filter(([name]) => !perSideOutputs.includes(name));
    for (const name of perSideOutputs) {
      const values = run.outputs[name] as Record<string, unknown>;
      assert.deepEqual(Object.keys(values).sort(), ["blue", "green"], name);
      for (const value of Object.values(values))
        assert.ok(typeof value === "string" && value !== "");
    }
    for (const [name, value] of texts) {
      assert.ok(typeof value === "string" && value !== "", `${name} is ${String(value)}`);
    }
    // Every alarm the program creates is watched, under its service; web has none.
    const alarms = run.byType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.name);
    assert.deepEqual(alarms.sort(), ["flightdeck-api-errors", "flightdeck-mcp-target-5xx"]);
    assert.deepEqual(alarmNames, {
      api: ["flightdeck-api-errors"],
      mcp: ["flightdeck-mcp-target-5xx"],
    });
    const wire = Object.fromEntries(
      Object.entries(run.outputs).map(([name, value]) => [name, { value, secret: false }]),
    );
    const read = readStackOutputs(wire);
    assert.deepEqual(read.pointers, {
      api: "7",
      web: "b".repeat(40),
      mcp: run.outputs.mcpTaskDefinitionArn,
    });
    for (const url of Object.values(read.healthUrls)) assert.match(url, /^https?:\/\/.+/);
    assert.match(read.healthUrls.mcp, /\/health$/);
    assert.match(read.apiCandidateHealthUrl ?? "", /^https:\/\/.+\/health$/);
    assert.deepEqual(read.alarmNames, {
      api: ["flightdeck-api-errors"],
      web: [],
      mcp: ["flightdeck-mcp-target-5xx"],
    });
    assert.deepEqual(readMcpBlueGreenOutputs(wire)?.targetGroups, run.outputs.mcpTargetGroups);
    assert.equal(readMcpBlueGreenOutputs(wire)?.liveSide, "blue");
    // Kept with the live state, so a recovery finds the pair without asking the engine.
    assert.deepEqual(read.mcpBlueGreen, readMcpBlueGreenOutputs(wire));
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
      [
        "an mcp side that is neither blue nor green",
        { "flightdeck:mcpLiveSide": "purple" },
        /flightdeck:mcpLiveSide must be blue or green, got "purple"/,
      ],
      ["a missing stage", { "flightdeck:stage": "" }, /flightdeck:stage is required/],
      ["a missing region", { "aws:region": "" }, /aws:region is required/],
      [
        "a domain without its certificate",
        { "flightdeck:webDomain": "app.example.com" },
        /flightdeck:webCertificateArn is required with flightdeck:webDomain/,
      ],
      [
        "a certificate outside us-east-1",
        {
          "flightdeck:webDomain": "app.example.com",
          "flightdeck:webCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
        },
        /flightdeck:webCertificateArn must be an ACM certificate ARN in us-east-1/,
      ],
      [
        "a malformed domain",
        { "flightdeck:webDomain": "https://app.example.com" },
        /flightdeck:webDomain must be a lowercase domain name/,
      ],
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
