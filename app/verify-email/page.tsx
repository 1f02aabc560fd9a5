import { headers } from "next/headers";
import { migrated } from "@/db/client";
import { auth } from "@/lib/auth";
import { AuthPage } from "../(ui)/components/auth-page";
import { ResendVerification } from "../(ui)/components/resend-verification";

// Who is signed in decides what the page says.
export const dynamic = "force-dynamic";
export const metadata = { title: "Verify your email · Tasks" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const FAILURES: Record<string, string> = {
  TOKEN_EXPIRED: "This verification link has expired.",
};

/**
 * Where a verification link lands (through /api/auth/verify-email, which signs its account
 * in): verified, or ?error=TOKEN_EXPIRED / INVALID_TOKEN / USER_NOT_FOUND.
 */
export default async function VerifyEmail({ searchParams }: { searchParams: Search }) {
  const { error } = await searchParams;
  await migrated(); // getSession goes through Better Auth, on the unmigrated client
  const session = await auth().api.getSession({ headers: await headers() });
  const user = session?.user;
  if (error === undefined && user?.emailVerified) {
    return (
      <AuthPage title="Email verified">
        <p role="status" className="notice">
          Thank you: {user.email} is verified. <a href="/">Go to your tasks</a>.
        </p>
      </AuthPage>
    );
  }
  const failure = (typeof error === "string" && FAILURES[error]) || "This verification link is not valid.";
  return (
    <AuthPage title="Verify your email">
      <p role="alert" className="form-error">
        {error === undefined ? "Open the link we mailed you to verify your address." : failure}
      </p>
      {user ? (
        <p>
          <ResendVerification email={user.email} label="Mail me a new link" />
        </p>
      ) : (
        <p>
          <a href="/">Sign in</a> to have a new link mailed to you.
        </p>
      )}
    </AuthPage>
  );
}
