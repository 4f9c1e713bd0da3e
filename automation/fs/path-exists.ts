import { access } from "node:fs/promises";

/** Whether a file or folder exists; any error reading it counts as absent. */
export const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
