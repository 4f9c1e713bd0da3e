import { Type } from "typebox";

/** Stack names as Pulumi accepts them; anything else never reaches the engine. */
export const StackParams = Type.Object({
  stack: Type.String({
    pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
    description: "a stack name (letters, digits, `.`, `_`, `-`; up to 100), e.g. production",
  }),
});
