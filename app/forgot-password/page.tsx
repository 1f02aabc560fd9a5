import { AuthPage } from "../(ui)/components/auth-page";
import { ForgotPasswordForm } from "../(ui)/components/forgot-password-form";

export const metadata = { title: "Forgot password · Tasks" };

/** Asks for a reset link by mail. */
export default function ForgotPassword() {
  return (
    <AuthPage title="Forgot your password?">
      <ForgotPasswordForm />
    </AuthPage>
  );
}
