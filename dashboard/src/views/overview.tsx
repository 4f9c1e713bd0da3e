import { useCallback } from "preact/hooks";
import { listStacks } from "../api/stack-reads";
import { useLoader } from "../hooks/use-loader";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";
import { StackCard } from "./stack-card";

/** The first screen: every stack, and what runs where. */
export function Overview({ session }: { session: Session }) {
  const load = useCallback((signal: AbortSignal) => listStacks(session.client, signal), [session]);
  const { data: stacks, error } = useLoader(load, "stacks", 30_000);
  return (
    <main>
      <h1>Stacks</h1>
      <ErrorNotice error={error} />
      {stacks?.length === 0 && (
        <p>
          No stacks yet: commit a <code>Pulumi.&lt;stack&gt;.yaml</code> on the release branch.
        </p>
      )}
      {stacks?.map((stack) => (
        <StackCard key={stack} session={session} stack={stack} />
      ))}
    </main>
  );
}
