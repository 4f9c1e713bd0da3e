import { writeFile } from "node:fs/promises";
import type {
  ConfigMap,
  EngineEvent,
  ConfigValue,
  PreviewOptions,
  RefreshOptions,
  Stack,
  StackSettings,
  UpOptions,
} from "@pulumi/pulumi/automation";
import { removeUnlessRegular, settingsFileNames } from "../release-tree/regular-files";
import { mergeStackSettings } from "./stack-settings";

/** Plain values to set and keys to drop, over the stack's settings. */
export interface SettingsOverlay {
  set: Record<string, string>;
  remove: string[];
}

export interface ReleaseStackHooks {
  /** Before `up` runs: from then on the state follows this commit's program. */
  onUp: () => Promise<void>;
  /** After an `up` or a refresh, whatever its outcome: state may have changed. Must not throw. */
  afterRun: (program: Stack) => Promise<void>;
  /**
   * While `up` or `refresh` runs (the engine holds the stack's lock from its first event
   * on), called at engine events until it answers true. Must not throw.
   */
  engineLocked?: () => Promise<boolean>;
}

/** Looks at most this many times per run: a lock that never shows is not worth more. */
const lockLooks = 20;

/**
 * One stack as a release sees it: the server's own settings (hashes, pins, secrets), and
 * the released commit's program in its worktree. Settings change on the server's side;
 * every engine run first lays them over the commit's Pulumi.<stack>.yaml.
 */
export class ReleaseStack {
  private constructor(
    readonly settings: Stack,
    private readonly program: Stack,
    private readonly committed: StackSettings,
    private readonly hooks: ReleaseStackHooks,
  ) {}

  static async create(
    settings: Stack,
    program: Stack,
    hooks: ReleaseStackHooks,
  ): Promise<ReleaseStack> {
    const committed = await program.workspace
      .stackSettings(program.name)
      .catch((): StackSettings => ({}));
    return new ReleaseStack(settings, program, committed, hooks);
  }

  get name(): string {
    return this.settings.name;
  }

  setConfig(key: string, value: ConfigValue): Promise<void> {
    return this.settings.setConfig(key, value);
  }

  setAllConfig(config: ConfigMap): Promise<void> {
    return this.settings.setAllConfig(config);
  }

  removeConfig(key: string): Promise<void> {
    return this.settings.removeConfig(key);
  }

  removeAllConfig(keys: string[]): Promise<void> {
    return this.settings.removeAllConfig(keys);
  }

  serverSettings(): Promise<StackSettings> {
    return this.settings.workspace.stackSettings(this.name);
  }

  /**
   * Writes the merged settings into the worktree, with `overlay` laid over them there
   * only (a preview's "what a deploy would set"); returns committed secrets it dropped.
   */
  async sync(overlay?: SettingsOverlay): Promise<string[]> {
    const { settings, droppedSecrets } = mergeStackSettings(
      this.committed,
      await this.serverSettings(),
    );
    if (overlay) {
      const config = { ...settings.config };
      for (const key of overlay.remove) delete config[key];
      for (const [key, value] of Object.entries(overlay.set)) config[key] = value;
      settings.config = config;
    }
    // Checks and install scripts ran in this tree since it was checked out.
    const { workDir } = this.program.workspace;
    await removeUnlessRegular(workDir, settingsFileNames(`Pulumi.${this.name}`));
    await this.program.workspace.saveStackSettings(this.name, settings);
    return droppedSecrets;
  }

  async up(options: UpOptions) {
    await this.sync();
    // From here the state follows this commit's program, whatever the outcome.
    await this.hooks.onUp();
    try {
      return await this.program.up(this.watchingLock(options));
    } finally {
      await this.hooks.afterRun(this.program);
    }
  }

  /** Events mean the engine runs, so it holds its lock: one look at a time, at an event. */
  private watchingLock<T extends { onEvent?: (event: EngineEvent) => void }>(options: T): T {
    const { engineLocked } = this.hooks;
    if (!engineLocked) return options;
    let looks = 0;
    let looking = false;
    let done = false;
    return {
      ...options,
      onEvent: (event: EngineEvent) => {
        if (!done && !looking && looks < lockLooks) {
          looks++;
          looking = true;
          void engineLocked().then((found) => {
            done = found;
            looking = false;
          });
        }
        options.onEvent?.(event);
      },
    };
  }

  async preview(options: PreviewOptions, overlay?: SettingsOverlay) {
    await this.sync(overlay);
    return this.program.preview(options);
  }

  async refresh(options: RefreshOptions) {
    await this.sync();
    try {
      return await this.program.refresh(this.watchingLock(options));
    } finally {
      await this.hooks.afterRun(this.program);
    }
  }
}

/** Where the commit whose program last ran `up` on a stack is kept. */
export const programCommitFile = ".flightdeck-program-commit";

export const writeProgramCommit = (path: string, commit: string) => writeFile(path, `${commit}\n`);
