import { Command, InvalidArgumentError } from "commander";
import { serviceNames, type ReleaseView, type StackView } from "../../client/types";
import { action, withJson } from "../command-context";
import { exitCodes } from "../exit-codes";
import { formatTime, shortHash } from "../format";
import type { Output } from "../output";
import { printSandboxWorldNote } from "../sandbox-world-note";
import { stackPath } from "../start-and-follow";

function parseLimit(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("expected a positive number");
  return Number(value);
}

/** The services a release is live for now, to mark it in the list. */
function liveIn(release: ReleaseView, live: StackView["live"]): string[] {
  if (!live) return [];
  return serviceNames.filter((s) => live[s].tag === release.tag && !live[s].unreleased);
}

function releaseLines(out: Output, release: ReleaseView, live: StackView["live"]): string[] {
  const { bold, green, red, dim } = out.color;
  const hashes = serviceNames
    .map((service) => `${service} ${shortHash(release.services[service].gitHash)}`)
    .join("  ");
  const here = liveIn(release, live);
  const liveMark = here.length ? green(`  ← live: ${here.join(", ")}`) : "";
  const bad = Object.entries(release.bad);
  const badMark = bad.length ? red(`  rolled back (${bad.map(([s]) => s).join(", ")})`) : "";
  const lines = [
    `${bold(String(release.tag).padStart(4))}  ${shortHash(release.commit)}  ${dim(formatTime(release.createdAt))}  ${hashes}${liveMark}${badMark}`,
  ];
  for (const [service, mark] of bad) {
    lines.push(red(`        ${service}: ${mark.reason}, by ${mark.by} at ${formatTime(mark.at)}`));
  }
  return lines;
}

export const historyCommand = () =>
  withJson(
    new Command("history")
      .description("a stack's releases, newest first; rolled-back (bad) ones marked")
      .argument("<stack>", "the stack, e.g. production")
      .option("-n, --limit <count>", "show at most this many releases", parseLimit),
  ).action(
    action(async ({ out, client }, stack: string, options: { limit?: number }) => {
      const api = client();
      const { items } = await api.get<{ items: ReleaseView[] }>(stackPath(stack, "releases"));
      const releases = options.limit ? items.slice(0, options.limit) : items;
      out.data({ items: releases });
      if (releases.length === 0) {
        out.line(`${stack} has no release yet`);
        return exitCodes.ok;
      }
      const view = await api.get<StackView>(stackPath(stack)).catch(() => undefined);
      for (const release of releases) {
        for (const line of releaseLines(out, release, view?.live ?? null)) out.line(line);
      }
      await printSandboxWorldNote(out, api);
      return exitCodes.ok;
    }),
  );
