import type { EngineEvent } from "@pulumi/pulumi/automation";

/**
 * The part of an engine event worth journaling and streaming: what happened to which
 * resource, diagnostics and the summary. Inputs and outputs stay out; the engine
 * already masks secrets, and leaving values out keeps the journal small.
 */
export function summarizeEngineEvent(event: EngineEvent): Record<string, unknown> | undefined {
  if (event.resourcePreEvent) {
    const { op, urn, type } = event.resourcePreEvent.metadata;
    return { kind: "resource-started", op, urn, type };
  }
  if (event.resOutputsEvent) {
    const { op, urn, type } = event.resOutputsEvent.metadata;
    return { kind: "resource-done", op, urn, type };
  }
  if (event.resOpFailedEvent) {
    const { op, urn, type } = event.resOpFailedEvent.metadata;
    return { kind: "resource-failed", op, urn, type };
  }
  if (event.diagnosticEvent && !event.diagnosticEvent.ephemeral) {
    const { severity, message, urn } = event.diagnosticEvent;
    return { kind: "diagnostic", severity, urn, message: message.slice(0, 2000) };
  }
  if (event.summaryEvent) {
    const { resourceChanges, durationSeconds, maybeCorrupt } = event.summaryEvent;
    return { kind: "summary", resourceChanges, durationSeconds, maybeCorrupt };
  }
  if (event.cancelEvent) return { kind: "cancelled" };
  return undefined;
}
