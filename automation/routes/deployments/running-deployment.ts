import type { Journal, Operation } from "../../journal/journal";
import { conflict, notFound } from "../../plugins/http-error";

/** The operation a route acts on while it runs: 404 when unknown, 409 `not_running` once it ended. */
export async function runningDeployment(journal: Journal, id: string): Promise<Operation> {
  const operation = await journal.getOperation(id);
  if (!operation) throw notFound(`no deployment ${id}`);
  if (operation.status !== "running") {
    throw conflict("not_running", `deployment ${id} has already ended as ${operation.status}`);
  }
  return operation;
}
