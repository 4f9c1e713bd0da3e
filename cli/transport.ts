import { refused } from "./exit-codes";

/**
 * Loopback hosts: traffic to them never leaves the machine, so plain http there exposes
 * a token to no one but its owner. URL has already normalised the spelling (127.1,
 * [0:0:0:0:0:0:0:1], upper case) by the time a hostname gets here.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Refuses, before anything is sent, to carry a bearer token over plain http to a host
 * off this machine: anyone on the path could read it and act with it.
 */
export function refuseInsecureTransport(url: string, insecure: boolean): void {
  const { protocol, hostname, origin } = new URL(url);
  if (protocol !== "http:" || insecure || isLoopbackHost(hostname)) return;
  throw refused(
    `refusing to send a token over plain http to ${origin}: use https://, or pass --insecure if the network to ${hostname} is trusted`,
    "insecure_transport",
  );
}

/** Scheme, host and port: what a saved token is bound to. */
export const originOf = (url: string): string => new URL(url).origin;
