import { segment, type ApiClient } from "../../client/api-client";
import { describeOperation, type OperationView } from "../schemas";

/** Starts a deploy or a preview on a stack: the answer is the operation, still running. */
export async function startOperation(
  api: ApiClient,
  stack: string,
  kind: "deploy" | "preview",
  body: Record<string, unknown>,
) {
  const { body: answer } = await api.post<{ deployment: OperationView }>(
    `/stacks/${segment(stack)}/${kind}`,
    body,
  );
  return { result: answer, summary: describeOperation(answer.deployment) };
}
