import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

const publicAcls = ["public-read", "public-read-write", "authenticated-read"];

/** Releases live in a private bucket; only CloudFront, through OAC, may read them. */
export const noPublicBucket: ResourceValidationPolicy = {
  name: "no-public-bucket",
  description: "S3 buckets block every kind of public access and carry no public ACL.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.s3.BucketPublicAccessBlock, (block, _args, reportViolation) => {
      const settings = [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
      ] as const;
      const off = settings.filter((setting) => block[setting] !== true);
      if (off.length > 0) reportViolation(`public access block must set ${off.join(", ")} to true`);
    }),
    validateResourceOfType(aws.s3.BucketAcl, (acl, _args, reportViolation) => {
      if (acl.acl && publicAcls.includes(acl.acl))
        reportViolation(`bucket ACL "${acl.acl}" is public`);
    }),
  ],
};
