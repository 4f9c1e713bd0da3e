import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wholeWindowPeriod } from "../../automation/analysis/whole-window-period";

const at = (iso: string) => new Date(iso);

describe("the period of a metrics window", () => {
  it("spans a recent window in one datapoint, from its start's minute, in whole minutes", () => {
    const window = { start: at("2026-12-05T12:00:30Z"), end: at("2026-12-05T12:05:10Z") };
    assert.deepEqual(wholeWindowPeriod(window, at("2026-12-05T12:06:00Z")), {
      StartTime: at("2026-12-05T12:00:00Z"),
      EndTime: window.end,
      Period: 360,
    });
  });

  it("ends at the next whole second, so what this second published is counted", () => {
    const window = { start: at("2026-12-05T12:00:30Z"), end: at("2026-12-05T12:00:41.300Z") };
    assert.deepEqual(wholeWindowPeriod(window, window.end), {
      StartTime: at("2026-12-05T12:00:00Z"),
      EndTime: at("2026-12-05T12:00:42Z"),
      Period: 60,
    });
  });

  it("is a minute for a window shorter than one", () => {
    const window = { start: at("2026-12-05T12:00:00Z"), end: at("2026-12-05T12:00:20Z") };
    assert.equal(wholeWindowPeriod(window, window.end).Period, 60);
  });

  it("uses five minutes for data older than 15 days and an hour past 63, as CloudWatch keeps it", () => {
    const window = { start: at("2026-11-01T12:03:00Z"), end: at("2026-11-01T12:21:00Z") };
    assert.deepEqual(wholeWindowPeriod(window, at("2026-11-20T00:00:00Z")), {
      StartTime: at("2026-11-01T12:00:00Z"),
      EndTime: window.end,
      Period: 1500,
    });
    assert.equal(wholeWindowPeriod(window, at("2027-02-01T00:00:00Z")).Period, 3600);
  });

  it("refuses a window that does not end after it starts", () => {
    const instant = at("2026-12-05T12:00:00Z");
    assert.throws(
      () => wholeWindowPeriod({ start: instant, end: instant }),
      /must end after it starts/,
    );
  });
});
