/**
 * AWS managed cache policies (their ids are fixed by AWS and the same in every account).
 * Hashed assets: cache long. Everything else: follow the origin's Cache-Control, which
 * is `no-cache` for index.html so a release or rollback shows at once.
 */
export const managedCachePolicies = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  useOriginCacheControlHeaders: "83da9c7e-98b4-4e11-a168-04f0df8e2c65",
} as const;
