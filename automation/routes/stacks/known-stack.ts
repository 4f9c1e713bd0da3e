import type { StackOperations } from "../../operations/stack-operations";
import { notFound } from "../../plugins/http-error";

/** Operations only run on stacks that have settings; an unknown name is a 404, not a new stack. */
export async function requireKnownStack(stacks: StackOperations, stackName: string): Promise<void> {
  if (!(await stacks.isKnown(stackName))) {
    throw notFound(
      `stack "${stackName}" is not known: there is no Pulumi.${stackName}.yaml`,
      "unknown_stack",
    );
  }
}
