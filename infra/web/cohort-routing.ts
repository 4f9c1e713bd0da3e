import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { repoRoot } from "../repo-root";

/** The router's code: the same file the release fixture publishes into the emulator. */
const routerCode = () => readFileSync(join(repoRoot, "infra", "web", "cohort-router.js"), "utf8");

/** Where the router sends the canary's cohort: an origin at the bucket's root. */
export const releasesOriginId = "releases";

export interface CohortRouting {
  store: aws.cloudfront.KeyValueStore;
  router: aws.cloudfront.Function;
}

/**
 * The web cohort canary's moving parts: a key-value store, created empty, and the router
 * (cohort-router.js) that reads it on every viewer request. The program never writes the
 * store: with no cohort key every viewer gets the live release, which is today's
 * single-prefix behaviour, and a rollout's moves write the key without an `up`.
 */
export function createCohortRouting(name: string, parent: pulumi.Resource): CohortRouting {
  // Named by Pulumi (a random suffix): CloudFront's functions and stores are global to the
  // account, which two stacks of one name may share.
  const store = new aws.cloudfront.KeyValueStore(
    `${name}-cohort`,
    { comment: "Which web release the canary cohort gets, and its share" },
    { parent },
  );
  const router = new aws.cloudfront.Function(
    `${name}-router`,
    {
      runtime: "cloudfront-js-2.0",
      comment: "Routes each viewer's cohort to the live or the canary web release",
      code: routerCode(),
      // A distribution runs the LIVE stage only: publish what this commit holds.
      publish: true,
      keyValueStoreAssociations: [store.arn],
    },
    { parent },
  );
  return { store, router };
}

/** The router on both viewer events: the request picks the release, the response keeps the cookie. */
export const routerAssociations = (router: aws.cloudfront.Function) => [
  { eventType: "viewer-request", functionArn: router.arn },
  { eventType: "viewer-response", functionArn: router.arn },
];
