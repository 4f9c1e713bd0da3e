import { useRoute } from "./routing";
import { SignIn } from "./session/sign-in";
import { useSession, type Session } from "./session/use-session";
import { HistoryPage } from "./views/history-page";
import { SandboxBanner } from "./ui/sandbox-banner";
import { OperationPage } from "./views/operation-page";
import { Overview } from "./views/overview";

function Page({ session }: { session: Session }) {
  const route = useRoute();
  switch (route.page) {
    case "overview":
      return <Overview session={session} />;
    case "history":
      return <HistoryPage key={route.stack} session={session} stack={route.stack} />;
    case "operation":
      return <OperationPage key={route.id} session={session} id={route.id} />;
  }
}

/** Sign-in, then the pages; who is signed in and with which scopes shows at the top. */
function Screen() {
  const { session, checking, notice, signIn, signOut } = useSession();
  if (checking) return <p class="muted">Checking the saved token…</p>;
  if (!session) return <SignIn signIn={signIn} notice={notice} />;
  const { name, scopes } = session.principal;
  return (
    <>
      <header class="top">
        <a href="#/" class="brand">
          flightdeck
        </a>
        <span class="who">
          Signed in as <strong>{name}</strong> ({scopes.join(", ")})
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Page session={session} />
    </>
  );
}

/** The sandbox's banner, when the server says it is one, above whatever screen shows. */
export function App() {
  return (
    <>
      <SandboxBanner />
      <Screen />
    </>
  );
}
