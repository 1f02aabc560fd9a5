"use client";

import { useCallback, useState } from "react";
import { api } from "../lib/api-client";
import { describeError, isUnauthorized } from "../lib/error-view";
import type { User } from "../lib/types";
import { AppHeader } from "./app-header";
import { AuthPanel } from "./auth-panel";
import { TaskBoard } from "./task-board";
import { TaskPage } from "./task-page";
import { VerifyEmailNotice } from "./verify-email-notice";

type TasksAppProps = {
  initialUser: User | null;
  signUpOpen: boolean;
  /** On /tasks/{id}: that task's page instead of the board. */
  taskId?: string;
};

/**
 * The whole app: the sign-in form while signed out; while signed in, the task board, or one
 * task's page. `initialUser` comes from the server's session check, so a signed-in visit
 * never flashes the sign-in form.
 */
export function TasksApp({ initialUser, signUpOpen, taskId }: TasksAppProps) {
  const [user, setUser] = useState(initialUser);
  const [notice, setNotice] = useState<string | null>(null);
  // Focus moves only after something the person did, never on a plain page load.
  const [moveFocus, setMoveFocus] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  const endSession = useCallback((message: string) => {
    // The list's filters are in the address: the next person to sign in starts without them.
    window.history.replaceState(null, "", window.location.pathname);
    setUser(null);
    setNotice(message);
    setMoveFocus(true);
  }, []);

  const onSessionExpired = useCallback(() => endSession("Your session has ended. Please sign in again."), [endSession]);

  async function handleSignOut() {
    if (signingOut) return;
    setSigningOut(true);
    setSignOutError(null);
    try {
      await api.auth.signOut();
      endSession("You have signed out.");
    } catch (error) {
      if (isUnauthorized(error)) endSession("You have signed out.");
      else setSignOutError(`Could not sign out: ${describeError(error, "try again.").message}`);
    } finally {
      setSigningOut(false);
    }
  }

  function handleSignedIn(signedIn: User) {
    setUser(signedIn);
    setNotice(null);
    setMoveFocus(true);
  }

  return (
    <>
      <AppHeader user={user} signingOut={signingOut} onSignOut={handleSignOut} />
      <main className="page">
        {signOutError && (
          <p role="alert" className="form-error">
            {signOutError}
          </p>
        )}
        {user ? (
          <>
            <h1 className="visually-hidden">Your tasks</h1>
            {!user.emailVerified && <VerifyEmailNotice email={user.email} />}
            {taskId ? (
              <TaskPage key={`${user.id}:${taskId}`} taskId={taskId} user={user} onSessionExpired={onSessionExpired} />
            ) : (
              <TaskBoard key={user.id} user={user} onSessionExpired={onSessionExpired} focusNewTask={moveFocus} />
            )}
          </>
        ) : (
          <AuthPanel notice={notice} autoFocus={moveFocus} onSignedIn={handleSignedIn} signUpOpen={signUpOpen} />
        )}
      </main>
    </>
  );
}
