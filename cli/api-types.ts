/**
 * What the CLI reads from the server's answers. Operations and their events are the
 * journal's own shapes (type-only: the CLI reaches the server over HTTP, never its code);
 * the rest mirrors the route schemas served at /docs/json.
 */
export type {
  Operation,
  OperationEvent,
  OperationStatus,
  StepRecord,
} from "../automation/journal/journal";

export const serviceNames = ["api", "web", "mcp"] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface ServiceBuild {
  gitHash: string;
  /** api: Lambda version; mcp: task definition ARN; web: release prefix. */
  pointer: string;
}

export interface LiveService extends ServiceBuild {
  tag: number;
  unreleased?: string;
  weights?: Record<string, number>;
}

export interface StackView {
  stack: string;
  live: Record<ServiceName, LiveService> | null;
  lastRelease: { tag: number; commit: string; createdAt: string } | null;
  running: { operationId: string; kind: string; requestedBy: string; since: string } | null;
  liveCheck: { summary: string } | null;
}

export interface BadMark {
  at: string;
  by: string;
  reason: string;
  operationId: string;
}

export interface ReleaseView {
  tag: number;
  commit: string;
  deploymentId: string;
  createdAt: string;
  services: Record<ServiceName, ServiceBuild>;
  bad: Partial<Record<ServiceName, BadMark>>;
}

/** The dry run a rollback answers without `confirm` (400 confirmation_required `details`). */
export interface RollbackPlan {
  to: number;
  changes: Array<{
    service: ServiceName;
    fromTag: number;
    from: string;
    to: string;
    gitHash: string;
  }>;
  unchanged: ServiceName[];
  bad?: Array<{ service: ServiceName; tag: number; reason: string; by: string; at: string }>;
  infraChanges?: { files: string[]; redeploy: string };
  migrations?: Array<{ tag: number; files: string[] }>;
}

export interface Invalidation {
  id: string;
  stack: string;
  distributionId: string;
  idempotencyKey: string;
  paths: string[];
  status: "InProgress" | "Completed";
  dropped?: Array<{ path: string; coveredBy: string }>;
  created?: boolean;
  timedOut?: boolean;
}

export interface Principal {
  name: string;
  scopes: string[];
}
