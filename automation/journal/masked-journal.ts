import type { Journal } from "./journal";
import type { SecretMask } from "../secrets/secret-mask";

/**
 * The journal with every argument masked on its way in. Step details, operation errors,
 * engine diagnostics and events all reach the journal through it, and the events that
 * streams carry are the ones it answers, so nothing written or streamed escapes the mask,
 * whichever part of the server (or a method added later) does the writing. Reads pass
 * ids and filters, which the mask leaves as they are. A mask that throws makes the call
 * reject, as any failure of the journal does.
 */
export function maskedJournal(journal: Journal, mask: SecretMask): Journal {
  return new Proxy(journal, {
    get(target, key) {
      const member = Reflect.get(target, key, target) as unknown;
      if (typeof member !== "function") return member;
      return async (...args: unknown[]) =>
        (member as (...a: unknown[]) => Promise<unknown>).apply(
          target,
          args.map((arg) => mask.deep(arg)),
        );
    },
  });
}
