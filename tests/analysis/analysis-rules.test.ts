import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Value } from "typebox/value";
import {
  AnalysisRulesSchema,
  defaultAnalysisRules,
  parseAnalysisRules,
} from "../../automation/analysis/analysis-rules";

const where = "flightdeck:analysis";

describe("analysis rules", () => {
  it("are the defaults when none are given", () => {
    assert.deepEqual(parseAnalysisRules(undefined, where), {
      maxErrorRate: 0.01,
      errorRateVsStable: 1.5,
      p99VsStable: 1.2,
      minRequests: 50,
      intervalSeconds: 60,
    });
    assert.deepEqual(parseAnalysisRules({}, where), defaultAnalysisRules);
  });

  it("keep what is given and fill the rest with the defaults", () => {
    assert.deepEqual(parseAnalysisRules({ maxErrorRate: 0.02, minRequests: 200 }, where), {
      ...defaultAnalysisRules,
      maxErrorRate: 0.02,
      minRequests: 200,
    });
  });

  it("read a JSON string, as the Automation API gives a structured config value", () => {
    assert.equal(parseAnalysisRules('{"p99VsStable":1.5}', where).p99VsStable, 1.5);
    assert.throws(
      () => parseAnalysisRules("{p99", where),
      /^Error: flightdeck:analysis is not valid JSON/,
    );
  });

  it("refuse a value out of bounds, naming where and the key", () => {
    assert.throws(
      () => parseAnalysisRules({ maxErrorRate: 2 }, where),
      (error: Error) => error.message === "flightdeck:analysis: maxErrorRate must be <= 1, got 2",
    );
    assert.throws(
      () => parseAnalysisRules({ minRequests: 2.5 }, "the deploy's analysis"),
      /^Error: the deploy's analysis: minRequests must be integer, got 2\.5$/,
    );
    assert.throws(
      () => parseAnalysisRules({ errorRateVsStable: "1.5" }, where),
      /errorRateVsStable must be number, got "1\.5"/,
    );
  });

  it("refuse an unknown key and a value that is no object", () => {
    assert.throws(
      () => parseAnalysisRules({ maxErrorRates: 0.01 }, where),
      /^Error: flightdeck:analysis: maxErrorRates is not a rule \(the rules are maxErrorRate, /,
    );
    assert.throws(
      () => parseAnalysisRules([1], where),
      /flightdeck:analysis: the rules must be object/,
    );
  });

  it("declare every rule optional, bounded and described", () => {
    assert.equal(Value.Check(AnalysisRulesSchema, {}), true);
    for (const [key, property] of Object.entries(AnalysisRulesSchema.properties)) {
      const schema = property as { minimum?: number; maximum?: number; description?: string };
      assert.ok(schema.minimum !== undefined && schema.maximum !== undefined, key);
      assert.ok((schema.description ?? "").length > 20, key);
    }
  });
});
