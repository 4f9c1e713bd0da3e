import { Type } from "typebox";

/** What each error status means in this API, as the document tells a client. */
export const errorMeanings: Record<number, string> = {
  400: "the request does not match its schema, or breaks a rule of this operation (`details` names the fields)",
  401: "no bearer token, or one the server does not know",
  403: "the token lacks the scope this operation needs (`WWW-Authenticate` names it)",
  404: "the stack, operation or release named does not exist",
  409: "the stack is busy with another operation (the holder is named), or the operation is not in a state that allows this",
  413: "the body is larger than this operation accepts",
  415: "the body is not `application/json`",
  429: "too many requests of this kind at once; retry after `Retry-After` seconds",
  500: "the server failed; the message carries an error id to find in its log",
  502: "AWS refused the server's own credentials; the operator must fix them",
  503: "a prerequisite or a dependency (engine, AWS) is unavailable; retry later",
};

/** The error contract's schema for one status, described for the document (or as a route says). */
export const errorResponse = (
  status: number,
  description = errorMeanings[status] ?? `error ${status}`,
) => Type.Ref("Error", { description });
