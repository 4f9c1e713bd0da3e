import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { baseConfig, runProgram, type ProgramRun } from "./program-under-mocks";

/** Where awsx's ApplicationLoadBalancer (`flightdeck-mcp-lb`) kept its children before blue/green. */
const awsxChild = (type: string, name: string) =>
  "urn:pulumi:production::flightdeck::flightdeck:mcp:McpService$awsx:lb:ApplicationLoadBalancer$" +
  `${type}::${name}`;

describe("mcp's load balancer keeps the URNs awsx gave it (under Pulumi mocks)", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(baseConfig);
  });

  const aliasesOf = (type: string, name: string) => {
    const found = run.byType(type).find((r) => r.name === name);
    assert.ok(found, `${type} ${name}`);
    return found.aliasUrns;
  };

  it("the load balancer is awsx's, so it keeps its DNS name and mcp its URL", () => {
    assert.deepEqual(aliasesOf("aws:lb/loadBalancer:LoadBalancer", "flightdeck-mcp-lb"), [
      awsxChild("aws:lb/loadBalancer:LoadBalancer", "flightdeck-mcp-lb"),
    ]);
  });

  it("blue is awsx's default target group, the one the running tasks are registered to", () => {
    assert.deepEqual(aliasesOf("aws:lb/targetGroup:TargetGroup", "flightdeck-mcp-blue"), [
      awsxChild("aws:lb/targetGroup:TargetGroup", "flightdeck-mcp-lb"),
    ]);
    assert.deepEqual(aliasesOf("aws:lb/targetGroup:TargetGroup", "flightdeck-mcp-green"), []);
  });

  it("the listener is awsx's listener `-0`, whose default action an update changes in place", () => {
    assert.deepEqual(aliasesOf("aws:lb/listener:Listener", "flightdeck-mcp-http"), [
      awsxChild("aws:lb/listener:Listener", "flightdeck-mcp-lb-0"),
    ]);
  });

  it("the inputs awsx set stay as they were: an application load balancer, the group's port", () => {
    const loadBalancer = run.one("aws:lb/loadBalancer:LoadBalancer").inputs;
    assert.equal(loadBalancer.loadBalancerType, "application");
    const blue = run
      .byType("aws:lb/targetGroup:TargetGroup")
      .find((group) => group.name === "flightdeck-mcp-blue");
    assert.deepEqual(
      [blue?.inputs.port, blue?.inputs.protocol, blue?.inputs.targetType, blue?.inputs.vpcId],
      [8080, "HTTP", "ip", "vpc-0default"],
    );
  });
});
