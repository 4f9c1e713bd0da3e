/** The one shape of every error response: `{ error: { code, message, details? } }`. */
export const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});
