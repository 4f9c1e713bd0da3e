/** An operation's or step's status in words, coloured too (the words carry the meaning). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}
