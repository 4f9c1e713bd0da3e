import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WebDomain } from "../config";
import { managedCachePolicies } from "./cache-policies";
import { createCohortRouting, releasesOriginId, routerAssociations } from "./cohort-routing";
import { releasePrefix, uploadRelease } from "./upload-release";

export interface WebSiteArgs {
  gitHash: string;
  /** When set, the distribution keeps serving this release whatever this deploy uploads. */
  pinnedRelease?: string;
  /** Served under this domain with its certificate; its DNS record is the operator's. */
  domain?: WebDomain;
}

const originId = "site";

/**
 * The web site: a private bucket holding every release under releases/<hash>/, served by
 * CloudFront through origin access control. Which release is live is the origin's
 * OriginPath: a rollback moves it with one UpdateDistribution and invalidates the
 * unhashed entry points, without rebuilding anything. A canary release reaches a share of
 * viewers through the cohort router (cohort-routing.ts) and a second origin at the
 * bucket's root, moved by one write to the router's key-value store.
 */
export class WebSite extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly distributionId: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly liveRelease: pulumi.Output<string>;
  public readonly cohortStoreArn: pulumi.Output<string>;
  public readonly routerFunctionName: pulumi.Output<string>;

  constructor(name: string, args: WebSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("flightdeck:web:WebSite", name, args, opts);
    const liveRelease = args.pinnedRelease ?? args.gitHash;

    const bucket = this.createPrivateBucket(name);
    uploadRelease(name, bucket, args.gitHash, this);
    const accessControl = this.createOriginAccessControl(name);
    const routing = createCohortRouting(name, this);
    const distribution = this.createDistribution(
      name,
      bucket,
      accessControl,
      liveRelease,
      routing.router,
      args.domain,
    );
    this.allowOnlyTheDistribution(name, bucket, distribution);

    this.bucketName = bucket.bucket;
    this.distributionId = distribution.id;
    this.url = args.domain
      ? pulumi.output(`https://${args.domain.name}/`)
      : pulumi.interpolate`https://${distribution.domainName}/`;
    this.liveRelease = pulumi.output(liveRelease);
    this.cohortStoreArn = routing.store.arn;
    this.routerFunctionName = routing.router.name;
    this.registerOutputs({
      bucketName: this.bucketName,
      distributionId: this.distributionId,
      url: this.url,
      liveRelease: this.liveRelease,
      cohortStoreArn: this.cohortStoreArn,
      routerFunctionName: this.routerFunctionName,
    });
  }

  private createPrivateBucket(name: string) {
    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { tags: { Service: "web" } },
      { parent: this },
    );
    new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
      { parent: this },
    );
    return bucket;
  }

  private createOriginAccessControl(name: string) {
    return new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        name: `${name}-oac`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      { parent: this },
    );
  }

  private createDistribution(
    name: string,
    bucket: aws.s3.Bucket,
    accessControl: aws.cloudfront.OriginAccessControl,
    liveRelease: string,
    router: aws.cloudfront.Function,
    domain: WebDomain | undefined,
  ) {
    const readOnly = ["GET", "HEAD"];
    return new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `${name} web`,
        defaultRootObject: "index.html",
        httpVersion: "http2and3",
        priceClass: "PriceClass_100",
        origins: [
          {
            originId,
            domainName: bucket.bucketRegionalDomainName,
            originAccessControlId: accessControl.id,
            originPath: `/${releasePrefix(liveRelease)}`,
          },
          {
            originId: releasesOriginId,
            domainName: bucket.bucketRegionalDomainName,
            originAccessControlId: accessControl.id,
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: readOnly,
          cachedMethods: readOnly,
          compress: true,
          cachePolicyId: managedCachePolicies.useOriginCacheControlHeaders,
          functionAssociations: routerAssociations(router),
        },
        orderedCacheBehaviors: [
          {
            pathPattern: "/assets/*",
            targetOriginId: originId,
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: readOnly,
            cachedMethods: readOnly,
            compress: true,
            cachePolicyId: managedCachePolicies.cachingOptimized,
            // A canary page's hashed assets live under its own prefix: routed like the page.
            functionAssociations: routerAssociations(router),
          },
        ],
        restrictions: { geoRestriction: { restrictionType: "none" } },
        aliases: domain ? [domain.name] : undefined,
        viewerCertificate: domain
          ? {
              acmCertificateArn: domain.certificateArn,
              sslSupportMethod: "sni-only",
              minimumProtocolVersion: "TLSv1.2_2021",
            }
          : { cloudfrontDefaultCertificate: true },
        tags: { Service: "web" },
      },
      { parent: this },
    );
  }

  /** Only this distribution, signing with OAC, may read the bucket. */
  private allowOnlyTheDistribution(
    name: string,
    bucket: aws.s3.Bucket,
    distribution: aws.cloudfront.Distribution,
  ) {
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "CloudFrontReadsReleases",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${bucket.arn}/*`,
              Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
            },
          ],
        }),
      },
      { parent: this },
    );
  }
}
