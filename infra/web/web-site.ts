import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WebDomain } from "../config";
import { managedCachePolicies } from "./cache-policies";
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
 * unhashed entry points, without rebuilding anything.
 */
export class WebSite extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly distributionId: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly liveRelease: pulumi.Output<string>;

  constructor(name: string, args: WebSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("flightdeck:web:WebSite", name, args, opts);
    const liveRelease = args.pinnedRelease ?? args.gitHash;

    const bucket = this.createPrivateBucket(name);
    uploadRelease(name, bucket, args.gitHash, this);
    const accessControl = this.createOriginAccessControl(name);
    const distribution = this.createDistribution(
      name,
      bucket,
      accessControl,
      liveRelease,
      args.domain,
    );
    this.allowOnlyTheDistribution(name, bucket, distribution);

    this.bucketName = bucket.bucket;
    this.distributionId = distribution.id;
    this.url = args.domain
      ? pulumi.output(`https://${args.domain.name}/`)
      : pulumi.interpolate`https://${distribution.domainName}/`;
    this.liveRelease = pulumi.output(liveRelease);
    this.registerOutputs({
      bucketName: this.bucketName,
      distributionId: this.distributionId,
      url: this.url,
      liveRelease: this.liveRelease,
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
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: readOnly,
          cachedMethods: readOnly,
          compress: true,
          cachePolicyId: managedCachePolicies.useOriginCacheControlHeaders,
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
