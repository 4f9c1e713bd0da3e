import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
// Safe before setMocks: the module only defines the program; resources exist once it is called.
import { flightdeckProgram } from "../../infra/program";

/**
 * Runs the infra program under Pulumi's unit-test mocks: the aws, awsx and docker
 * provider plugins cannot run on these machines. Mocks answer with realistic ids and
 * ARNs; awsx components are remote, so only their own inputs are seen.
 */

export interface Registered {
  type: string;
  name: string;
  /** Inputs as the engine receives them: resolved, secrets still wrapped (see `secretValue`). */
  inputs: Record<string, unknown>;
  /** The provider reference (`<urn>::<id>`) the resource was registered with, if any. */
  provider?: string;
  /**
   * The URNs the resource says it had before, as the engine receives them (not the alias
   * specs the provider SDK adds for a type's former names).
   */
  aliasUrns: string[];
}

export interface ProgramRun {
  resources: Registered[];
  outputs: Record<string, unknown>;
  byType(type: string): Registered[];
  one(type: string): Registered;
}

const account = "123456789012";
const region = "eu-west-1";

function mockState(args: MockResourceArgs): { id: string; state: Record<string, unknown> } {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${account}:${resource}`;
  const inputs = args.inputs as Record<string, unknown>;
  const physicalName = typeof inputs.name === "string" ? inputs.name : `${args.name}-a1b2c3`;
  const state: Record<string, unknown> = { ...inputs };
  switch (args.type) {
    case "aws:lambda/function:Function":
      Object.assign(state, {
        name: physicalName,
        arn: arn("lambda", `function:${physicalName}`),
        version: "7",
      });
      break;
    case "aws:cloudwatch/logGroup:LogGroup":
      state.arn = arn("logs", `log-group:${physicalName}`);
      break;
    case "aws:lambda/alias:Alias":
      state.arn = arn("lambda", `function:${String(inputs.functionName)}:${String(inputs.name)}`);
      break;
    case "aws:lambda/functionUrl:FunctionUrl": {
      // Each alias's URL has a host of its own, as in AWS.
      const host = inputs.qualifier === "live" ? "x7abc" : `x7${String(inputs.qualifier)}`;
      state.functionUrl = `https://${host}.lambda-url.${region}.on.aws/`;
      break;
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      state.arn = arn("cloudwatch", `alarm:${physicalName}`);
      break;
    case "aws:s3/bucket:Bucket":
      Object.assign(state, {
        bucket: physicalName,
        arn: `arn:aws:s3:::${physicalName}`,
        bucketRegionalDomainName: `${physicalName}.s3.${region}.amazonaws.com`,
      });
      break;
    case "aws:cloudfront/distribution:Distribution":
      Object.assign(state, {
        domainName: "d1abcdef.cloudfront.net",
        arn: arn("cloudfront", "distribution/E1ABC"),
      });
      return { id: "E1ABC", state };
    case "aws:cloudfront/keyValueStore:KeyValueStore":
      // A global resource: CloudFront's ARNs name no region.
      state.arn = `arn:aws:cloudfront::${account}:key-value-store/0f7e1d2c-3b4a-4c5d-8e9f-a0b1c2d3e4f5`;
      break;
    case "aws:cloudfront/function:Function":
      Object.assign(state, {
        name: physicalName,
        arn: `arn:aws:cloudfront::${account}:function/${physicalName}`,
      });
      break;
    case "aws:ecr/repository:Repository":
      Object.assign(state, {
        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${physicalName}`,
        registryId: account,
      });
      break;
    case "aws:ecs/taskDefinition:TaskDefinition":
      state.arn = arn("ecs", `task-definition/${String(inputs.family)}:8`);
      state.revision = 8;
      break;
    case "aws:ec2/securityGroup:SecurityGroup":
      return {
        id: `sg-${args.name}`,
        state: { ...state, arn: arn("ec2", `security-group/sg-${args.name}`) },
      };
    case "awsx:ec2:DefaultVpc":
      Object.assign(state, {
        vpcId: "vpc-0default",
        publicSubnetIds: ["subnet-0public-a", "subnet-0public-b"],
        privateSubnetIds: [],
      });
      break;
    case "docker:index/image:Image":
      state.repoDigest = `${String(inputs.imageName).split(":")[0]}@sha256:${"e".repeat(64)}`;
      break;
    case "aws:lb/loadBalancer:LoadBalancer":
      Object.assign(state, {
        arn: arn("elasticloadbalancing", "loadbalancer/app/mcp-lb/50dc6c495c0c9188"),
        arnSuffix: "app/mcp-lb/50dc6c495c0c9188",
        dnsName: "mcp-lb-123.eu-west-1.elb.amazonaws.com",
      });
      break;
    case "aws:lb/targetGroup:TargetGroup": {
      // Each group's own suffix, as AWS gives: `targetgroup/<name>/<id>`.
      const suffix = `targetgroup/${args.name}/${args.name.endsWith("blue") ? "b1" : "e2"}`;
      Object.assign(state, { arn: arn("elasticloadbalancing", suffix), arnSuffix: suffix });
      break;
    }
    case "aws:lb/listener:Listener":
      state.arn = arn("elasticloadbalancing", "listener/app/mcp-lb/50dc6c495c0c9188/f00d");
      break;
    case "awsx:ecs:FargateService":
      // Given a task definition ARN, awsx creates no task definition of its own.
      state.service = { name: `${args.name}-a1b2` };
      break;
    default:
      Object.assign(state, {
        name: physicalName,
        arn: arn(args.type.split(":")[1]?.split("/")[0] ?? "x", physicalName),
      });
  }
  return { id: `${args.name}-id`, state };
}

function mockCall(args: MockCallArgs): Record<string, unknown> {
  if (args.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken") {
    return {
      userName: "AWS",
      password: "registry-token",
      proxyEndpoint: `https://${account}.dkr.ecr.${region}.amazonaws.com`,
    };
  }
  return {};
}

function resolve(value: unknown): Promise<unknown> {
  return pulumi.Output.isInstance(value)
    ? new Promise((done) => value.apply((v) => done(v)))
    : Promise.resolve(value);
}

type RegisterResource = (request: RegisterResourceRequest, callback: unknown) => void;

/**
 * Mocks hand `newResource` no aliases, so they are read from the requests the mock
 * monitor receives, keyed by type and name, as the engine would get them.
 */
function recordAliases(): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: RegisterResource };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    aliases.set(
      `${request.getType()}::${request.getName()}`,
      request
        .getAliasesList()
        .filter((alias) => alias.hasUrn())
        .map((alias) => alias.getUrn()),
    );
    register(request, callback);
  };
  return aliases;
}

/** Runs the program with the given stack config; keys are full (`flightdeck:apiGitHash`). */
export async function runProgram(config: Record<string, string>): Promise<ProgramRun> {
  const resources: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          provider: args.provider,
          aliasUrns: [],
        });
        return mockState(args);
      },
      call: (args) => mockCall(args),
    },
    "flightdeck",
    "production",
    false,
  );
  const aliases = recordAliases();
  pulumi.runtime.setAllConfig(
    config,
    Object.keys(config).filter((key) => key.endsWith("jwtSecret")),
  );
  const outputs: Record<string, unknown> = {};
  for (const [key, output] of Object.entries(await flightdeckProgram()))
    outputs[key] = await resolve(output);
  await pulumi.runtime.disconnect();
  for (const resource of resources)
    resource.aliasUrns = aliases.get(`${resource.type}::${resource.name}`) ?? [];
  return {
    resources,
    outputs,
    byType: (type) => resources.filter((r) => r.type === type),
    one(type) {
      const found = resources.filter((r) => r.type === type);
      if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
      return found[0]!;
    },
  };
}

export const baseConfig: Record<string, string> = {
  "aws:region": region,
  "flightdeck:stage": "production",
  "flightdeck:apiGitHash": "a".repeat(40),
  "flightdeck:webGitHash": "b".repeat(40),
  "flightdeck:mcpGitHash": "c".repeat(40),
  "flightdeck:jwtSecret": "jwt-signing-secret-value",
};

/** Pulumi's wire marker for a secret value. */
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const signatureKey = "4dabf18193072939515e22adb298388d";

/** The value inside a secret input, or undefined when the input is not a secret. */
export function secretValue(input: unknown): unknown {
  const wrapped = input as Record<string, unknown> | undefined;
  return wrapped?.[signatureKey] === secretSignature ? wrapped.value : undefined;
}

/** An input with secrets unwrapped, for asserting on what a secret carries. */
export function plain(input: unknown): unknown {
  return secretValue(input) ?? input;
}
