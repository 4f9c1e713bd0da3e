import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

const s3Algorithms = ["AES256", "aws:kms", "aws:kms:dsse"];
const ecrTypes = ["AES256", "KMS", "KMS_DSSE"];

export const encryptionOn: ResourceValidationPolicy = {
  name: "encryption-on",
  description: "Bucket encryption names an algorithm; ECR repositories encrypt their images.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(
      aws.s3.BucketServerSideEncryptionConfiguration,
      (config, _args, reportViolation) => {
        const algorithms = config.rules.map(
          (rule) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm,
        );
        if (algorithms.length === 0 || algorithms.some((a) => !a || !s3Algorithms.includes(a))) {
          reportViolation(`every rule must apply one of ${s3Algorithms.join(", ")} by default`);
        }
      },
    ),
    validateResourceOfType(aws.ecr.Repository, (repository, _args, reportViolation) => {
      const types = (repository.encryptionConfigurations ?? []).map((c) => c.encryptionType);
      if (types.length === 0 || types.some((t) => !t || !ecrTypes.includes(t))) {
        reportViolation(
          `encryptionConfigurations must set encryptionType to one of ${ecrTypes.join(", ")}`,
        );
      }
    }),
  ],
};
