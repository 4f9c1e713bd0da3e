import type { EngineEvent, OpMap, OutputMap } from "@pulumi/pulumi/automation";
import { isSecretValue, maskSecretValues } from "./visible-outputs";

/**
 * What an engine run says of itself in its events: the outputs the program registered on
 * the stack (secrets blinded by the engine, as the state would show them masked) and the
 * summary's resource changes. Undefined until the run has said so.
 */
export class RunEvents {
  #outputs?: Record<string, unknown>;
  #resourceChanges?: OpMap;

  /** Called with every event of the run, in order. */
  readonly take = (event: EngineEvent): void => {
    const registered = event.resOutputsEvent?.metadata;
    if (registered?.type === "pulumi:pulumi:Stack" && !event.resOutputsEvent?.planning)
      this.#outputs = registered.new?.outputs ?? {};
    if (event.summaryEvent) this.#resourceChanges = event.summaryEvent.resourceChanges;
  };

  /** The stack's outputs, each secret one marked and read `[secret]`. */
  get outputs(): OutputMap | undefined {
    const outputs = this.#outputs;
    if (!outputs) return undefined;
    return Object.fromEntries(
      Object.entries(outputs).map(([key, value]) => [
        key,
        { value: maskSecretValues(value), secret: isSecretValue(value) },
      ]),
    );
  }

  /** The outputs as the journal keeps them: every secret, at any depth, read `[secret]`. */
  get visibleOutputs(): Record<string, unknown> | undefined {
    return this.#outputs && (maskSecretValues(this.#outputs) as Record<string, unknown>);
  }

  get resourceChanges(): OpMap | undefined {
    return this.#resourceChanges;
  }
}
