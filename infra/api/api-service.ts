import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createApiAlarms } from "./api-alarms";
import { bundleApi } from "./bundle-api";

export interface ApiServiceArgs {
  stage: string;
  gitHash: string;
  /** When set, alias `live` stays on this version whatever this deploy publishes. */
  pinnedVersion?: string;
  jwtSecret: pulumi.Input<string>;
  logRetentionDays?: number;
}

export const liveAliasName = "live";
/**
 * Always the newest published version, behind a function URL no user is given: flightdeck
 * checks a build there before it moves `live`, while this deploy holds `live` on the pin.
 */
export const candidateAliasName = "candidate";

/** The api on Lambda: every deploy publishes a version; the public URL only ever reaches alias `live`. */
export class ApiService extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly aliasName: pulumi.Output<string>;
  public readonly liveVersion: pulumi.Output<string>;
  /** The version this deploy published; a canary routes part of the traffic to it. */
  public readonly publishedVersion: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly healthUrl: pulumi.Output<string>;
  /** The candidate alias's health URL: the newly published version, before it takes traffic. */
  public readonly candidateHealthUrl: pulumi.Output<string>;
  /** The CloudWatch alarms a bake watches once traffic has moved. */
  public readonly alarmNames: pulumi.Output<string[]>;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("flightdeck:api:ApiService", name, args, opts);
    const tags = { Service: "api" };

    const logGroup = this.createLogGroup(name, args, tags);
    const role = this.createRole(name, logGroup, tags);
    const fn = this.createFunction(name, args, role, logGroup, tags);
    const alias = this.createAlias(name, fn, liveAliasName, args.pinnedVersion ?? fn.version);
    const functionUrl = this.createFunctionUrl(name, "", fn, alias);
    // Never the pin: the candidate exists to show the build this deploy published.
    const candidate = this.createAlias(name, fn, candidateAliasName, fn.version);
    const candidateUrl = this.createFunctionUrl(name, "-candidate", fn, candidate);

    this.functionName = fn.name;
    this.aliasName = alias.name;
    this.liveVersion = alias.functionVersion;
    this.publishedVersion = fn.version;
    this.url = functionUrl.functionUrl;
    this.healthUrl = pulumi.interpolate`${functionUrl.functionUrl}health`;
    this.candidateHealthUrl = pulumi.interpolate`${candidateUrl.functionUrl}health`;
    this.alarmNames = createApiAlarms(name, { functionName: fn.name, aliasName: alias.name }, this);
    this.registerOutputs({
      functionName: this.functionName,
      aliasName: this.aliasName,
      liveVersion: this.liveVersion,
      publishedVersion: this.publishedVersion,
      url: this.url,
      healthUrl: this.healthUrl,
      candidateHealthUrl: this.candidateHealthUrl,
      alarmNames: this.alarmNames,
    });
  }

  private createLogGroup(name: string, args: ApiServiceArgs, tags: Record<string, string>) {
    return new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${name}`, retentionInDays: args.logRetentionDays ?? 30, tags },
      { parent: this },
    );
  }

  /** Least privilege: the function may only write to its own log group. */
  private createRole(
    name: string,
    logGroup: aws.cloudwatch.LogGroup,
    tags: Record<string, string>,
  ) {
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
        tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-logging`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: pulumi.interpolate`${logGroup.arn}:*`,
            },
          ],
        }),
      },
      { parent: this },
    );
    return role;
  }

  private createFunction(
    name: string,
    args: ApiServiceArgs,
    role: aws.iam.Role,
    logGroup: aws.cloudwatch.LogGroup,
    tags: Record<string, string>,
  ) {
    return new aws.lambda.Function(
      `${name}-function`,
      {
        name,
        runtime: aws.lambda.Runtime.NodeJS20dX,
        handler: "index.handler",
        code: bundleApi(),
        role: role.arn,
        publish: true,
        memorySize: 256,
        timeout: 10,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: {
            GIT_HASH: args.gitHash,
            STAGE: args.stage,
            // A secret input keeps the whole environment encrypted in state.
            JWT_SECRET: pulumi.secret(args.jwtSecret),
          },
        },
        tags,
      },
      { parent: this, dependsOn: [logGroup] },
    );
  }

  private createAlias(
    name: string,
    fn: aws.lambda.Function,
    aliasName: string,
    functionVersion: pulumi.Input<string>,
  ) {
    return new aws.lambda.Alias(
      `${name}-${aliasName}`,
      { name: aliasName, functionName: fn.name, functionVersion },
      { parent: this },
    );
  }

  /**
   * The public entry invokes the alias (qualifier), never $LATEST. `suffix` tells the
   * aliases' resources apart; the live alias's is empty, keeping its URL's original names.
   */
  private createFunctionUrl(
    name: string,
    suffix: string,
    fn: aws.lambda.Function,
    alias: aws.lambda.Alias,
  ) {
    const urlName = `${name}${suffix}-url`;
    const functionUrl = new aws.lambda.FunctionUrl(
      urlName,
      { functionName: fn.name, qualifier: alias.name, authorizationType: "NONE" },
      { parent: this },
    );
    // Public function URLs need both permissions, scoped to the alias; the second only
    // for calls that arrive through the URL, so the Invoke API stays closed.
    new aws.lambda.Permission(
      `${urlName}-invoke-url`,
      {
        function: fn.name,
        qualifier: alias.name,
        action: "lambda:InvokeFunctionUrl",
        principal: "*",
        functionUrlAuthType: "NONE",
      },
      { parent: this },
    );
    new aws.lambda.Permission(
      `${urlName}-invoke`,
      {
        function: fn.name,
        qualifier: alias.name,
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
      },
      { parent: this },
    );
    return functionUrl;
  }
}
