import { writeFile } from "node:fs/promises";
import type {
  EngineEvent,
  OpMap,
  OutputMap,
  PreviewOptions,
  RefreshOptions,
  Stack,
  StackSettings,
  UpOptions,
} from "@pulumi/pulumi/automation";
import { removeUnlessRegular, settingsFileNames } from "../release-tree/regular-files";
import { changePlainConfig, type PlainConfigChange } from "./plain-config";
import { RunEvents } from "./run-events";
import { mergeStackSettings } from "./stack-settings";
import { visibleOutputs } from "./visible-outputs";

/** Plain values to set and keys to drop, over the stack's settings. */
export interface SettingsOverlay {
  set: Record<string, string>;
  remove: string[];
}

export interface ReleaseStackHooks {
  /** Before `up` runs: from then on the state follows this commit's program. */
  onUp: () => Promise<void>;
  /**
   * After an `up` or a refresh, whatever its outcome: state may have changed, and
   * `outputs` reads the stack's outputs as it now holds them, secrets masked. Must not throw.
   */
  afterRun: (outputs: () => Promise<Record<string, unknown>>) => Promise<void>;
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

  /** A value of the commit's own settings of the stack (its Pulumi.<stack>.yaml), as written. */
  committedValue(key: string): unknown {
    return this.committed.config?.[key];
  }

  /** Changes plain values in the server's settings of the stack. */
  changeConfig(change: PlainConfigChange): Promise<void> {
    return changePlainConfig(this.settings, change);
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

  /** Runs `up`; what it did is read from its own events, not asked of the engine again. */
  async up(options: UpOptions): Promise<{ resourceChanges?: OpMap; outputs: OutputMap }> {
    await this.sync();
    // From here the state follows this commit's program, whatever the outcome.
    await this.hooks.onUp();
    const events = new RunEvents();
    try {
      await withoutReadsAfterRun(this.program).up(this.observed(options, events));
      return {
        resourceChanges: events.resourceChanges ?? (await this.program.info())?.resourceChanges,
        outputs: events.outputs ?? (await this.program.outputs()),
      };
    } finally {
      const seen = events.visibleOutputs;
      await this.hooks.afterRun(() =>
        seen ? Promise.resolve(seen) : visibleOutputs(this.program),
      );
    }
  }

  /** Runs a refresh; its resource changes come from its own events. */
  async refresh(options: RefreshOptions): Promise<{ resourceChanges?: OpMap }> {
    await this.sync();
    const events = new RunEvents();
    try {
      await withoutReadsAfterRun(this.program).refresh(this.observed(options, events));
      return {
        resourceChanges: events.resourceChanges ?? (await this.program.info())?.resourceChanges,
      };
    } finally {
      // A refresh reads resources, and running the program may change the outputs: the state says.
      await this.hooks.afterRun(() => visibleOutputs(this.program));
    }
  }

  /** The options with every event also given to `events`, and the engine's lock watched. */
  private observed<T extends { onEvent?: (event: EngineEvent) => void }>(
    options: T,
    events: RunEvents,
  ): T {
    return this.watchingLock({
      ...options,
      onEvent: (event: EngineEvent) => {
        events.take(event);
        options.onEvent?.(event);
      },
    });
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
}

/**
 * The program's stack with the reads the SDK's `up` and `refresh` make once the run has
 * ended (`stack output` twice and `stack history`: engine starts, about a second on two
 * cores for `up`) answered with nothing, as RunEvents has already seen what they read.
 */
function withoutReadsAfterRun(program: Stack): Stack {
  return Object.assign(Object.create(program) as Stack, {
    outputs: () => Promise.resolve({}),
    info: () => Promise.resolve(undefined),
  });
}

/** Where the commit whose program last ran `up` on a stack is kept. */
export const programCommitFile = ".flightdeck-program-commit";

export const writeProgramCommit = (path: string, commit: string) => writeFile(path, `${commit}\n`);
