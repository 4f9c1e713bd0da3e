import { useCallback, useEffect, useState } from "preact/hooks";
import { describeError, type ApiError } from "../../../client/api-error";
import { ApiClient } from "../../../client/api-client";
import type { PrincipalView } from "../../../client/types";
import { forgetToken, storedToken, storeToken } from "./token-storage";

export interface Session {
  client: ApiClient;
  /** Who the token is and what it may do (GET /whoami): the page offers only that. */
  principal: PrincipalView;
}

export interface SessionState {
  session: Session | undefined;
  /** True while a stored token is being checked at load. */
  checking: boolean;
  /** Why the user is signed out, when they did not ask to be. */
  notice: string | undefined;
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
}

/** The signed-in token and its principal; a token the server stops accepting signs out. */
export function useSession(): SessionState {
  const [session, setSession] = useState<Session>();
  const [checking, setChecking] = useState(() => storedToken() !== undefined);
  const [notice, setNotice] = useState<string>();

  const signOut = useCallback(() => {
    forgetToken();
    setSession(undefined);
  }, []);

  const open = useCallback(async (token: string): Promise<void> => {
    const expire = (error: ApiError) => {
      forgetToken();
      setSession(undefined);
      setNotice(`Signed out: ${error.message}.`);
    };
    const client = new ApiClient({ baseUrl: "", token, onUnauthorized: expire });
    const principal = await client.whoami();
    storeToken(token);
    setNotice(undefined);
    setSession({ client, principal });
  }, []);

  useEffect(() => {
    const token = storedToken();
    if (!token) return;
    open(token)
      .catch((error: unknown) => setNotice(describeError(error)))
      .finally(() => setChecking(false));
  }, [open]);

  return { session, checking, notice, signIn: open, signOut };
}
