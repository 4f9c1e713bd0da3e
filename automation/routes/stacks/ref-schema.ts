import { Type } from "typebox";

/** A branch, tag or (short) sha; never an option-like string git could misread. */
export const RefSchema = Type.String({
  pattern: "^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$",
  description:
    "a branch, release tag or commit sha to release, one FLIGHTDECK_RELEASE_REFS allows (a commit: one such ref reaches it); the tip of the release branch (FLIGHTDECK_BRANCH) by default",
});
