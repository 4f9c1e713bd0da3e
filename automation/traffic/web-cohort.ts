import {
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import type { AwsClients } from "../aws/aws-clients";
import type { StackOutputs } from "../domain/stack-outputs";

/**
 * The one key of the web cohort's store that infra/web/cohort-router.js reads: which
 * release the canary cohort gets, and the share of cohorts (0 to 100) that are in it.
 */
export const webCohortKey = "web-cohort";
/** The cookie the router keeps each viewer's cohort (0 to 99) in. */
export const webCohortCookie = "flightdeck-cohort";

export const WebCohortSchema = Type.Object(
  {
    release: Type.String({ pattern: "^[0-9a-f]{7,40}$" }),
    weight: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

/** Viewers whose cohort is below `weight` get `release`'s prefix; the rest the live one. */
export type WebCohort = Static<typeof WebCohortSchema>;

export interface ObservedWebCohort {
  /** Absent when the store holds no cohort: every viewer gets the live release. */
  cohort?: WebCohort;
  /** The store's version, which the next write must name (If-Match). */
  etag: string;
}

/** The stack's cohort store, or an error naming what the stack lacks. */
export function cohortStoreArn(outputs: StackOutputs): string {
  if (!outputs.webCohortStoreArn) {
    throw new Error(
      "the stack has no output webCohortStoreArn: its program predates the web cohort canary",
    );
  }
  return outputs.webCohortStoreArn;
}

/** The cohort the web router reads now, and the store's ETag, from the store itself. */
export async function readWebCohort(
  aws: AwsClients,
  outputs: StackOutputs,
): Promise<ObservedWebCohort> {
  const KvsARN = cohortStoreArn(outputs);
  const described = await aws.keyValueStore.send(new DescribeKeyValueStoreCommand({ KvsARN }));
  const etag = described.ETag ?? "";
  try {
    const { Value: text } = await aws.keyValueStore.send(
      new GetKeyCommand({ KvsARN, Key: webCohortKey }),
    );
    const cohort = JSON.parse(text ?? "") as unknown;
    if (!Value.Check(WebCohortSchema, cohort)) {
      throw new Error(`the web cohort store holds ${text ?? ""}, which is no cohort`);
    }
    return { cohort, etag };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return { etag };
    throw error;
  }
}

/** A cohort as pointer weights, like the api's alias weights: none at 0 %. */
export const cohortWeights = (cohort: WebCohort | undefined) =>
  cohort && cohort.weight > 0 ? { [cohort.release]: cohort.weight / 100 } : undefined;
