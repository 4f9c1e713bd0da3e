import { setTimeout as sleep } from "node:timers/promises";
import { awsPointers } from "../tests/support/aws-pointers";
import { deploymentsClient } from "../tests/support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../tests/support/release-server";
import { watchApiAlarm } from "../tests/support/watched-alarm";
import { ms } from "./stats";

const alarmName = "fd-production-api-errors";
const alarmPollMs = 1_000;

/**
 * Bad-release exposure, in the emulator: how long a build that fails its check serves
 * where users go (the live route, polled every 25 ms through a whole deploy), for the api
 * and the web; and how long an alarm takes to put the api back once it enters ALARM.
 */
export async function badReleaseExposure(dependenciesDir: string): Promise<void> {
  const world = await startReleaseWorld(["production"], {
    LOG_LEVEL: "warn",
    FLIGHTDECK_DEPENDENCIES_DIR: dependenciesDir,
    FLIGHTDECK_CHECKS: JSON.stringify(["true"]),
    FLIGHTDECK_BAKE_SECONDS: "10",
    FLIGHTDECK_ALARM_POLL_MS: String(alarmPollMs),
  });
  try {
    const alarm = await watchApiAlarm(world, alarmName);
    const client = deploymentsClient(world.server);
    if ((await client.deploy("production")).status !== "succeeded")
      throw new Error("the first deploy failed");
    const outputs = await client.outputs("production");

    const api = world.repo.commit(
      { "services/api/handler.ts": "export const api = 66;\n" },
      "bad api",
    );
    world.aws.runtime.failHash("api", api);
    const apiExposure = await exposure(world, outputs.apiHealthUrl!, (body) => body.includes(api));
    world.repo.commit(
      {
        "services/web/index.html":
          "<html><head><!-- fixture: the build drops the git-hash --></head><body>bad web</body></html>\n",
      },
      "bad web",
    );
    const webExposure = await exposure(world, outputs.webUrl!, (body) => body.includes("bad web"));
    const before = `before: alias and origin moved inside \`up\`; the broken build served until verification gave up (FLIGHTDECK_VERIFY_TIMEOUT_MS, 300 s by default) and the rollback ran`;
    console.log(
      `api exposure  ${(apiExposure.servedMs / 1000).toFixed(2)} s over ${apiExposure.looks} looks in ${ms(apiExposure.deployMs)} (target 0; ${before})`,
    );
    console.log(
      `web exposure  ${(webExposure.servedMs / 1000).toFixed(2)} s over ${webExposure.looks} looks in ${ms(webExposure.deployMs)} (target 0)`,
    );

    world.repo.commit(
      {
        "services/api/handler.ts": "export const api = 67;\n",
        "services/web/index.html": "<html><head></head><body>good web</body></html>\n",
      },
      "api whose alarm fires, web fixed",
    );
    const previous = (await awsPointers(world.aws.aws.endpoint, outputs)).api;
    const started = await client.start("production", "deploy");
    while ((await awsPointers(world.aws.aws.endpoint, outputs)).api === previous) {
      const running = await client.get(started.body.deployment.id);
      if (running.status !== "running")
        throw new Error(
          `the deploy ended ${running.status} before traffic moved: ${running.error?.message}`,
        );
      await sleep(10);
    }
    await alarm.set("ALARM");
    const alarmed = performance.now();
    while ((await awsPointers(world.aws.aws.endpoint, outputs)).api !== previous) await sleep(10);
    const back = performance.now() - alarmed;
    const ended = await client.finished(started.body.deployment.id);
    await alarm.set("OK");
    console.log(
      `alarm → alias back ${ms(back)} (target ≤ 2 s + one ${ms(alarmPollMs)} poll; deploy ended ${ended.status} ${ended.error?.code ?? ""}; before: no alarm was watched, so never)`,
    );
  } finally {
    await world.stop();
  }
}

/** Deploys the branch tip, polling the live route; how long it answered the bad build. */
async function exposure(
  world: ReleaseWorld,
  url: string,
  isBad: (body: string) => boolean,
): Promise<{ servedMs: number; looks: number; deployMs: number }> {
  const client = deploymentsClient(world.server);
  const started = await client.start("production", "deploy");
  const began = performance.now();
  let servedMs = 0;
  let looks = 0;
  let last = performance.now();
  for (;;) {
    const body = await fetch(url).then(
      (r) => r.text(),
      () => "",
    );
    const now = performance.now();
    looks++;
    if (isBad(body)) servedMs += now - last;
    last = now;
    if ((await client.get(started.body.deployment.id)).status !== "running") break;
    await sleep(25);
  }
  return { servedMs, looks, deployMs: performance.now() - began };
}
