import { Type } from "typebox";
import { stackNamePattern } from "../../domain/stack-name";

/** Stack names as Pulumi accepts them; anything else never reaches the engine. */
export const StackParams = Type.Object({
  stack: Type.String({
    pattern: `^${stackNamePattern}$`,
    description: "a stack name (letters, digits, `.`, `_`, `-`; up to 100), e.g. production",
  }),
});
