/**
 * The API token lives in this tab's sessionStorage only: gone when the tab closes, never
 * in localStorage, a cookie or a URL, so it is sent only where the code sends it.
 */
const key = "flightdeck.token";

export const storedToken = (): string | undefined => sessionStorage.getItem(key) ?? undefined;

export const storeToken = (token: string): void => sessionStorage.setItem(key, token);

export const forgetToken = (): void => sessionStorage.removeItem(key);
