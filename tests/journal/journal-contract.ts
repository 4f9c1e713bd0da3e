import { after, before, describe } from "node:test";
import type { Journal } from "../../automation/journal/journal";
import type { ContractContext, OpenJournal } from "./contract/context";
import { cancelRequestsContract } from "./contract/cancel-requests";
import { eventsContract } from "./contract/events";
import { fencingContract } from "./contract/fencing";
import { leasesContract } from "./contract/leases";
import { listingContract } from "./contract/listing";
import { liveTruthContract } from "./contract/live-truth";
import { locksContract } from "./contract/locks";
import { ownLeasesContract } from "./contract/own-leases";
import { recordsContract } from "./contract/records";
import { rolloutCommandsContract } from "./contract/rollout-commands";

export type { OpenJournal, OpenOptions } from "./contract/context";

/**
 * What every Journal implementation must do, written once against the interface and
 * registered as node:test suites: a test file calls it with a way to open its journal.
 *
 * `open` opens another instance on one and the same store each time it is called (the
 * same file, the same database): the suite opens one for most tests and more where
 * instances meet. Tests share the store, each on stacks of its own.
 */
export function journalContract(name: string, open: OpenJournal): void {
  describe(`${name}: the journal contract`, () => {
    const opened: Journal[] = [];
    let journal: Journal | undefined;
    const context: ContractContext = {
      get journal() {
        if (!journal) throw new Error("the contract's journal is opened before its tests");
        return journal;
      },
      async open(options) {
        const another = await open(options);
        opened.push(another);
        return another;
      },
    };

    before(async () => {
      journal = await context.open();
    });

    after(async () => {
      await Promise.all(opened.map((one) => one.close()));
    });

    locksContract(context);
    eventsContract(context);
    listingContract(context);
    leasesContract(context);
    ownLeasesContract(context);
    fencingContract(context);
    cancelRequestsContract(context);
    rolloutCommandsContract(context);
    liveTruthContract(context);
    recordsContract(context);
  });
}
