import type { ServiceName } from "./services";

/** What one service runs in a release: the hash it was built from and the pointer that serves it. */
export interface ServiceRelease {
  gitHash: string;
  /** api: the Lambda version; mcp: the task definition ARN; web: the release prefix id. */
  pointer: string;
}

/** Recorded by every successful deploy; rollbacks move pointers back to one of these. */
export interface ReleaseManifest {
  stack: string;
  /** Plain increasing integer, also a git tag on `commit`. */
  tag: number;
  commit: string;
  deploymentId: string;
  createdAt: string;
  services: Record<ServiceName, ServiceRelease>;
  /** Shipped as a hotfix during an incident: its watched alarms were not heeded. */
  incident?: { reason: string; by: string };
}
