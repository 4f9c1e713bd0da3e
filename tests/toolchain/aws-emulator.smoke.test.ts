import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateInvalidationCommand,
  GetInvalidationCommand,
} from "@aws-sdk/client-cloudfront";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import { lambdaAssumeRolePolicy } from "../../sandbox-world/release-project/infra/iam-role";

function handlerZip(body: string): Uint8Array {
  return zipSync({
    "index.js": strToU8(`exports.handler = async () => (${JSON.stringify(body)});`),
  });
}

describe("the AWS SDK v3 clients work against the AWS API emulator", () => {
  let moto: MotoServer;

  before(async () => {
    moto = await startMotoServer();
  });

  after(async () => {
    await moto.stop();
  });

  it("Lambda: publishes two versions and moves alias live from 1 to 2", async () => {
    const config = awsClientConfig(moto.endpoint);
    const iam = new IAMClient(config);
    const lambda = new LambdaClient(config);
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: "smoke-lambda",
        AssumeRolePolicyDocument: lambdaAssumeRolePolicy,
      }),
    );
    const FunctionName = "smoke-api";
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: role.Role?.Arn,
        Code: { ZipFile: handlerZip("v0") },
      }),
    );
    const versions: string[] = [];
    for (const body of ["v1", "v2"]) {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: handlerZip(body) }));
      const published = await lambda.send(new PublishVersionCommand({ FunctionName }));
      versions.push(published.Version ?? "");
    }
    assert.deepEqual(versions, ["1", "2"]);

    const listed = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }));
    assert.deepEqual(
      listed.Versions?.map((v) => v.Version),
      ["$LATEST", "1", "2"],
    );

    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName, Name: "live", FunctionVersion: "1" }),
    );
    assert.equal(created.FunctionVersion, "1");
    await lambda.send(new UpdateAliasCommand({ FunctionName, Name: "live", FunctionVersion: "2" }));
    const alias = await lambda.send(new GetAliasCommand({ FunctionName, Name: "live" }));
    assert.equal(alias.FunctionVersion, "2");
    assert.match(alias.AliasArn ?? "", /:function:smoke-api:live$/);
  });

  it("CloudFront: creates a distribution and an invalidation and reads its status", async () => {
    const cloudfront = new CloudFrontClient(awsClientConfig(moto.endpoint));
    const distribution = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: "smoke-web",
          Comment: "smoke",
          Enabled: true,
          DefaultRootObject: "index.html",
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: "site",
                DomainName: "smoke-site.s3.us-east-1.amazonaws.com",
                OriginPath: "/releases/abc1234",
                S3OriginConfig: { OriginAccessIdentity: "" },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: "site",
            ViewerProtocolPolicy: "redirect-to-https",
            CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
          },
        },
      }),
    );
    const DistributionId = distribution.Distribution?.Id;
    assert.ok(DistributionId, "the emulator returned a distribution id");
    assert.equal(
      distribution.Distribution?.DistributionConfig?.Origins?.Items?.[0]?.OriginPath,
      "/releases/abc1234",
    );

    const created = await cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId,
        InvalidationBatch: {
          CallerReference: "smoke-1",
          Paths: { Quantity: 2, Items: ["/index.html", "/"] },
        },
      }),
    );
    const Id = created.Invalidation?.Id;
    assert.ok(Id, "the emulator returned an invalidation id");
    const read = await cloudfront.send(new GetInvalidationCommand({ DistributionId, Id }));
    // The emulator says COMPLETED where AWS says Completed.
    assert.equal(read.Invalidation?.Status?.toLowerCase(), "completed");
    assert.deepEqual(read.Invalidation?.InvalidationBatch?.Paths?.Items, ["/index.html", "/"]);
  });

  it("ECS: registers two task definition revisions and moves a service between them", async () => {
    const ecs = new ECSClient(awsClientConfig(moto.endpoint));
    await ecs.send(new CreateClusterCommand({ clusterName: "smoke" }));
    const arns: string[] = [];
    for (const tag of ["aaaaaaa", "bbbbbbb"]) {
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: "smoke-mcp",
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: "256",
          memory: "512",
          containerDefinitions: [
            { name: "mcp", image: `mcp:${tag}`, portMappings: [{ containerPort: 8080 }] },
          ],
        }),
      );
      arns.push(registered.taskDefinition?.taskDefinitionArn ?? "");
    }
    assert.match(arns[0] ?? "", /task-definition\/smoke-mcp:1$/);
    assert.match(arns[1] ?? "", /task-definition\/smoke-mcp:2$/);

    await ecs.send(
      new CreateServiceCommand({
        cluster: "smoke",
        serviceName: "mcp",
        taskDefinition: arns[1],
        desiredCount: 1,
        launchType: "FARGATE",
      }),
    );
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: "smoke", service: "mcp", taskDefinition: arns[0] }),
    );
    assert.equal(updated.service?.taskDefinition, arns[0]);
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: "smoke", services: ["mcp"] }),
    );
    assert.equal(described.services?.[0]?.taskDefinition, arns[0]);
  });
});
