import { isAbsolute, resolve } from "node:path";

/** A path from a setting, as given when absolute, else from the server's working directory. */
export const absolutePath = (path: string) => (isAbsolute(path) ? path : resolve(path));
