import type { User } from "../lib/types";

type AppHeaderProps = { user: User | null; signingOut: boolean; onSignOut(): void };

export function AppHeader({ user, signingOut, onSignOut }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            ✓
          </span>
          Tasks
        </p>
        {user && (
          <div className="account">
            <p className="account__who">
              <span className="visually-hidden">Signed in as </span>
              <span className="account__name">{user.name}</span> <span className="account__email">{user.email}</span>
            </p>
            <button type="button" className="button button--small" aria-disabled={signingOut || undefined} onClick={onSignOut}>
              {signingOut ? "Signing out…" : "Sign out"}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
