import { afterAll, beforeAll } from "vitest";
import { signUp, type TestUser } from "./api-client";
import { startAppServer, type AppServer, type AppServerOptions } from "./app-server";

// The set-up most HTTP test files share: one app server for the file, users signed up by
// name, and their credentials. Files that need more control (servers stopped or restarted
// mid-test, several servers started together, signals) call startAppServer themselves.

export type Via = "jwt" | "cookie";
/** What `call` takes as `as`. */
export type Credentials<V extends Via = Via> = { user: TestUser; via: V };

export type AppFixtureOptions<Name extends string> = AppServerOptions & {
  /** Signed up together once the server is ready, each under its name (`users.Alice`). */
  users?: readonly Name[];
};

export type AppFixture<Name extends string> = {
  /**
   * The file's server. The object itself can be taken at once (`const { server } = ...`);
   * each of its fields throws until the fixture's beforeAll has run.
   */
  readonly server: AppServer;
  /** The signed-up users by name; each throws until the fixture's beforeAll has run. */
  readonly users: Readonly<Record<Name, TestUser>>;
  /** A user's credentials for `call(..., { as })`: the JWT unless `via` says the cookie. */
  as<V extends Via = "jwt">(name: Name, via?: V): Credentials<V>;
};

/**
 * Registers beforeAll (start the server, sign the users up) and afterAll (stop it, drop its
 * database) in the suite it is called in: at the top of a file, or inside a describe. Hooks
 * the file registers after it run after its beforeAll and before its afterAll (vitest's
 * default hook order), so they can seed tasks or open connections of their own.
 */
export function useAppServer<const Name extends string = never>(options: AppFixtureOptions<Name> = {}): AppFixture<Name> {
  const { users: names = [], ...serverOptions } = options;
  let started: AppServer | undefined;
  let stopped: Promise<void> | undefined;
  const accounts = new Map<Name, TestUser>();

  const ready = (what: string): AppServer => {
    if (!started) {
      throw new Error(
        `useAppServer: ${what} was read before the fixture's beforeAll ran. Read it inside a test or a hook, not while the file is collected.`,
      );
    }
    return started;
  };

  beforeAll(async () => {
    started = await startAppServer(serverOptions);
    const signedUp = await Promise.all(names.map((name) => signUp(started!, name)));
    names.forEach((name, i) => accounts.set(name, signedUp[i]!));
  });
  // Once, whether a test stopped the server already or not.
  const stop = () => (stopped ??= ready("server.stop").stop());
  afterAll(() => (started ? stop() : undefined));

  const server: AppServer = {
    get url() {
      return ready("server.url").url;
    },
    get db() {
      return ready("server.db").db;
    },
    get signingKey() {
      return ready("server.signingKey").signingKey;
    },
    get child() {
      return ready("server.child").child;
    },
    output: () => ready("server.output").output(),
    stop,
  };

  const users = {} as Record<Name, TestUser>;
  for (const name of names) {
    Object.defineProperty(users, name, {
      enumerable: true,
      get: () => {
        const user = accounts.get(name);
        if (!user) {
          ready(`users.${name}`);
          throw new Error(`useAppServer: ${name} was not signed up (did the fixture's beforeAll fail?).`);
        }
        return user;
      },
    });
  }
  Object.freeze(users);

  return {
    server,
    users,
    as: <V extends Via = "jwt">(name: Name, via?: V) => ({ user: users[name], via: (via ?? "jwt") as V }),
  };
}
