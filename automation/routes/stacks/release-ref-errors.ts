import { errorMeanings, errorResponse } from "../../plugins/error-response";

/**
 * The 400 and 403 a route releasing a `ref` may give besides everyone's, with their codes,
 * so that a client reads in the document why its ref was refused.
 */
export function releaseRefErrors(options: { rollbackScope: boolean }) {
  const forbidden = [
    errorMeanings[403],
    "`ref_not_releasable`: the ref (or, for a commit id, every ref reaching it) is not one FLIGHTDECK_RELEASE_REFS allows, or is one of git's own (HEAD, FETCH_HEAD, stash, remote-tracking refs); nothing of it was checked out",
    ...(options.rollbackScope
      ? [
          '`rollback_scope_required`: the ref is a release tag older than the stack\'s newest release, or a commit of a release marked bad; that takes the "rollback" scope (`WWW-Authenticate` names it)',
        ]
      : []),
  ];
  return {
    400: errorResponse(
      400,
      `${errorMeanings[400]}; \`ambiguous_ref\`: a short ref names more than one of a branch, a tag and a commit (name it in full)`,
    ),
    403: errorResponse(403, forbidden.join("; ")),
  };
}
