import { chromium, type Browser, type Page } from "playwright-core";
import { findOnPath } from "../../toolchain/pulumi-cli";

/**
 * Debian's Chromium, headless, driven by playwright-core: found on PATH at run time
 * (`npm run bootstrap` installs it), never a downloaded browser.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findOnPath("chromium", "");
  if (!executablePath) {
    throw new Error(
      "chromium is not on PATH: `npm run bootstrap` installs it (apt-get install chromium)",
    );
  }
  return chromium.launch({ executablePath, headless: true });
}

export interface WatchedPage {
  page: Page;
  /**
   * What went wrong in the page: requests to any other origin (blocked), console errors
   * (a Content-Security-Policy violation among them) and uncaught exceptions.
   */
  problems(): string[];
}

/** A page in a fresh context (its own sessionStorage) that may reach `baseUrl` only. */
export async function openPage(browser: Browser, baseUrl: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    problems.push(`request to another origin: ${url}`);
    return route.abort();
  });
  page.on("console", (message) => {
    // Chromium logs every 4xx answer as a failed load; those are the API's own answers
    // (a rollback's dry run is a 400), which the tests check where they matter.
    if (message.type() !== "error" || message.text().startsWith("Failed to load resource")) return;
    problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { page, problems: () => [...problems] };
}
