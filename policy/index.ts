import { PolicyPack } from "@pulumi/policy";
import { circuitBreakerOn } from "./policies/circuit-breaker-on";
import { encryptionOn } from "./policies/encryption-on";
import { entryPointsTargetAlias } from "./policies/entry-points-target-alias";
import { logRetentionSet } from "./policies/log-retention-set";
import { noPublicBucket } from "./policies/no-public-bucket";

/** Run with `pulumi preview --policy-pack policy` (see the README). */
new PolicyPack("flightdeck", {
  policies: [
    noPublicBucket,
    entryPointsTargetAlias,
    circuitBreakerOn,
    encryptionOn,
    logRetentionSet,
  ],
});
