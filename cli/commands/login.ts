import { text } from "node:stream/consumers";
import { Command } from "commander";
import { action, clientOf, withJson } from "../command-context";
import { configFilePath, normalizeUrl, readConfigFile, writeConfigFile } from "../config";
import { exitCodes, refused } from "../exit-codes";
import { askLine, askSecret } from "../prompt";
import { refuseInsecureTransport } from "../transport";

const defaultUrl = "http://127.0.0.1:3000";

export const loginCommand = () =>
  withJson(
    new Command("login")
      .description(
        "save the server's URL and a token (checked with GET /whoami) in your config directory, readable only by you",
      )
      .option("--url <url>", "the server's base URL (asked on a terminal when not given)")
      .option(
        "--token-stdin",
        "read the token from stdin (the default where there is no terminal); never pass it as an argument",
      ),
  ).action(
    action(async ({ out, insecure }, options: { url?: string; tokenStdin?: boolean }) => {
      // Only a default for the URL: a file login is about to replace may be unreadable.
      const saved = (() => {
        try {
          return readConfigFile();
        } catch {
          return undefined;
        }
      })();
      const url =
        options.url ??
        process.env.FLIGHTDECK_URL ??
        (out.interactive
          ? await askLine("flightdeck server URL", saved?.url ?? defaultUrl)
          : undefined);
      if (!url) throw refused("no server URL: pass --url");
      // Before the token is asked for: it is not to be typed for a server it cannot reach safely.
      refuseInsecureTransport(normalizeUrl(url), insecure);
      const token =
        options.tokenStdin || !out.interactive
          ? (await text(process.stdin)).trim()
          : await askSecret("token (input hidden)");
      if (!token) throw refused("no token given");
      const connection = { url: normalizeUrl(url), token };
      // A token the server does not take is not worth saving: this throws 401 with why.
      const principal = await clientOf(connection).whoami();
      writeConfigFile(connection);
      const path = configFilePath();
      out.data({
        url: connection.url,
        name: principal.name,
        scopes: principal.scopes,
        configFile: path,
      });
      out.line(
        `logged in to ${connection.url} as ${principal.name} (scopes: ${principal.scopes.join(", ")}); saved to ${path}`,
      );
      return exitCodes.ok;
    }),
  );
