import { PutKeyCommand } from "@aws-sdk/client-cloudfront-keyvaluestore";
import { Value } from "typebox/value";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import {
  cohortStoreArn,
  cohortWeights,
  readWebCohort,
  WebCohortSchema,
  webCohortKey,
  type WebCohort,
} from "./web-cohort";

/**
 * Gives `cohort.weight` percent of viewers (by the cohort their cookie keeps) the release
 * `cohort.release`, the rest staying on `stable`, the live release the distribution's
 * origin path names. One PutKey, journaled as a move of the web's weights: the intent
 * before it, settled on its answer, whose new ETag confirms the store took this write
 * and no other (a write in between would have been refused as a conflict). At 0 the
 * router sends everyone to `stable` again. CloudFront spreads the key to its edges
 * within seconds; the move does not wait for that.
 */
export async function setWebCohort(
  context: MoveContext,
  stable: LiveService,
  cohort: WebCohort,
): Promise<void> {
  if (!Value.Check(WebCohortSchema, cohort)) {
    throw new Error(
      `a web cohort is a release hash and a whole weight from 0 to 100, not ${JSON.stringify(cohort)}`,
    );
  }
  const { aws, outputs } = context;
  const before = await readWebCohort(aws, outputs);
  const target = { ...stable, weights: cohortWeights(cohort) };
  const move = { service: "web" as const, from: stable.pointer, to: stable.pointer, target };
  await journaledMove(context, move, () => putWebCohort(context, cohort, before.etag));
}

/**
 * Writes the cohort over the store's version `etag`; the new ETag in the answer confirms
 * the store took this write and no other (a write in between is refused as a conflict).
 */
export async function putWebCohort(
  context: Pick<MoveContext, "aws" | "outputs">,
  cohort: WebCohort,
  etag: string,
): Promise<void> {
  const answer = await context.aws.keyValueStore.send(
    new PutKeyCommand({
      KvsARN: cohortStoreArn(context.outputs),
      Key: webCohortKey,
      Value: JSON.stringify(cohort),
      IfMatch: etag,
    }),
  );
  if (!answer.ETag || answer.ETag === etag) {
    throw new Error(`the web cohort store did not confirm ${JSON.stringify(cohort)}`);
  }
}
