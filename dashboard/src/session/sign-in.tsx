import { useState } from "preact/hooks";
import { describeError } from "../../../client/api-error";

interface Props {
  signIn: (token: string) => Promise<void>;
  notice: string | undefined;
}

/** Asks for an API token; it is kept for this tab only (see token-storage.ts). */
export function SignIn({ signIn, notice }: Props) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(token.trim());
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const message = error ?? notice;
  return (
    <main class="sign-in">
      <h1>flightdeck</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          required
          minLength={32}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-describedby="token-help"
        />
        <p id="token-help" class="help">
          A bearer token of the server (<code>FLIGHTDECK_TOKENS</code>, or{" "}
          <code>.data/admin-token</code>). It stays in this tab only and is sent only in the
          Authorization header.
        </p>
        {message && (
          <p role="alert" class="error">
            {message}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
