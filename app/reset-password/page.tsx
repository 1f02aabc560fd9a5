import { AuthPage } from "../(ui)/components/auth-page";
import { ResetPasswordForm } from "../(ui)/components/reset-password-form";

export const metadata = { title: "Choose a new password · Tasks" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * Where a reset link lands (through /api/auth/reset-password/:token, which checks it):
 * ?token=... to choose a new password, ?error=INVALID_TOKEN for a link expired or used.
 */
export default async function ResetPassword({ searchParams }: { searchParams: Search }) {
  const { token, error } = await searchParams;
  const usable = typeof token === "string" && token !== "" && error === undefined ? token : null;
  return (
    <AuthPage title="Choose a new password">
      <ResetPasswordForm token={usable} />
    </AuthPage>
  );
}
