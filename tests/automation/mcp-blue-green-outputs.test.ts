import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { readMcpBlueGreenOutputs } from "../../automation/domain/mcp-blue-green-outputs";

const tg = (side: string) =>
  `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/fd-mcp-${side}/0a1b`;

/** The pair's outputs as the engine returns them. */
function outputs(values: Record<string, unknown>): OutputMap {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { value, secret: false }]),
  );
}

const pair = {
  mcpLiveSide: "green",
  mcpListenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/fd/1/2",
  mcpTargetGroups: { blue: tg("blue"), green: tg("green") },
  mcpServiceNames: { blue: "fd-mcp-service", green: "fd-mcp-green-service" },
  mcpLoadBalancerArnSuffix: "app/fd/1",
  mcpTargetGroupArnSuffixes: { blue: "targetgroup/fd-mcp-blue/0a1b", green: "targetgroup/x/2" },
};

describe("readMcpBlueGreenOutputs", () => {
  it("reads the pair: live side, listener, and per side the target group, service and dimension", () => {
    assert.deepEqual(readMcpBlueGreenOutputs(outputs(pair)), {
      liveSide: "green",
      listenerArn: pair.mcpListenerArn,
      targetGroups: pair.mcpTargetGroups,
      serviceNames: pair.mcpServiceNames,
      loadBalancerArnSuffix: "app/fd/1",
      targetGroupArnSuffixes: pair.mcpTargetGroupArnSuffixes,
    });
  });

  it("reads each side's own health URL where the program exports them", () => {
    const sideHealthUrls = { blue: "http://b/health", green: "http://g/health" };
    const read = readMcpBlueGreenOutputs(outputs({ ...pair, mcpSideHealthUrls: sideHealthUrls }));
    assert.deepEqual(read?.sideHealthUrls, sideHealthUrls);
    assert.equal(readMcpBlueGreenOutputs(outputs(pair))?.sideHealthUrls, undefined);
  });

  it("answers undefined for a program made before the pair", () => {
    assert.equal(readMcpBlueGreenOutputs(outputs({ mcpServiceName: "mcp" })), undefined);
  });

  it("refuses a side that is neither blue nor green", () => {
    assert.throws(
      () => readMcpBlueGreenOutputs(outputs({ ...pair, mcpLiveSide: "purple" })),
      /"mcpLiveSide" must be blue or green, got "purple"/,
    );
  });

  it("refuses a pair missing a side or an output, naming it", () => {
    assert.throws(
      () => readMcpBlueGreenOutputs(outputs({ ...pair, mcpTargetGroups: { blue: tg("blue") } })),
      /"mcpTargetGroups.green" must be a non-empty string/,
    );
    const { mcpLoadBalancerArnSuffix: _dropped, ...withoutSuffix } = pair;
    assert.throws(
      () => readMcpBlueGreenOutputs(outputs(withoutSuffix)),
      /the stack has no output "mcpLoadBalancerArnSuffix"/,
    );
  });
});
