/** Optional shell commands, run in the released commit's tree; unset ones are skipped. */
export interface DatabaseCommands {
  backup?: string;
  migrate?: string;
}
