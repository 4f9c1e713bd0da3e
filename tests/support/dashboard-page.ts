import type { Browser, Page } from "playwright-core";
import { openPage, type WatchedPage } from "./browser";

/** A fresh tab (its own session storage) on the dashboard at `base`, signed in with `token`. */
export async function signedInPage(
  browser: Browser,
  base: string,
  token: string,
): Promise<WatchedPage> {
  const watched = await openPage(browser, base);
  const { page } = watched;
  await page.goto(`${base}/`);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Signed in as").waitFor();
  return watched;
}

/** Follows a link to an operation's page, as a shared URL would (the token is not in it). */
export async function openOperation(page: Page, id: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(`#/operations/${id}`)}`);
}
