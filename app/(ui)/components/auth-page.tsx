import type { ReactNode } from "react";
import { AppHeader } from "./app-header";

/** The frame of the pages around an account (verify, forgot, reset): the brand and one card. */
export function AuthPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <AppHeader user={null} signingOut={false} onSignOut={() => {}} />
      <main className="page">
        <section className="card auth" aria-labelledby="auth-heading">
          <h1 id="auth-heading" className="auth__title">
            {title}
          </h1>
          {children}
          <p className="auth__switch">
            <a href="/">Back to Tasks</a>
          </p>
        </section>
      </main>
    </>
  );
}
