import type { CallOptions } from "./task-methods";
import type { Http } from "./http";
import { succeed } from "./http";
import type {
  AuthStatus,
  AuthSuccess,
  DeleteUserBody,
  DeleteUserResponse,
  Jwks,
  RequestPasswordResetBody,
  RequestPasswordResetResponse,
  ResetPasswordBody,
  SendVerificationEmailBody,
  SignInBody,
  SignInResponse,
  SignUpBody,
  SignUpResponse,
  Token,
} from "./schemas";

// Better Auth's endpoints under /api/auth that a client needs. Sign-up and sign-in set the
// session cookie (the browser keeps it; outside one, this client does: session-cookie.ts);
// token() trades that session for a JWT. Failures throw TasksApiError with `authError`.

export function authMethods(http: Http) {
  return {
    /** POST /api/auth/sign-up/email: creates the account and signs it in. */
    async signUp(body: SignUpBody, { signal }: CallOptions = {}): Promise<SignUpResponse> {
      return (await succeed(http.POST("/api/auth/sign-up/email", { body, signal }))).data;
    },

    /** POST /api/auth/sign-in/email. */
    async signIn(body: SignInBody, { signal }: CallOptions = {}): Promise<SignInResponse> {
      return (await succeed(http.POST("/api/auth/sign-in/email", { body, signal }))).data;
    },

    /** POST /api/auth/sign-out: ends the session and clears the cookie. */
    async signOut({ signal }: CallOptions = {}): Promise<AuthSuccess> {
      // Better Auth refuses a POST without a JSON body, even an empty one.
      return (await succeed(http.POST("/api/auth/sign-out", { body: {}, signal }))).data;
    },

    /** GET /api/auth/token: a JWT (15 minutes) for the session, for createTasksClient({ token }). */
    async token({ signal }: CallOptions = {}): Promise<Token> {
      return (await succeed(http.GET("/api/auth/token", { signal }))).data;
    },

    /** GET /api/auth/jwks: the public keys that verify the JWTs. */
    async jwks({ signal }: CallOptions = {}): Promise<Jwks> {
      return (await succeed(http.GET("/api/auth/jwks", { signal }))).data;
    },

    /** POST /api/auth/delete-user: the account and all its tasks (the session's, password again). */
    async deleteAccount(body: DeleteUserBody, { signal }: CallOptions = {}): Promise<DeleteUserResponse> {
      return (await succeed(http.POST("/api/auth/delete-user", { body, signal }))).data;
    },

    /** POST /api/auth/request-password-reset: mails a reset link if the address has an account (the same answer if not). */
    async requestPasswordReset(body: RequestPasswordResetBody, { signal }: CallOptions = {}): Promise<RequestPasswordResetResponse> {
      return (await succeed(http.POST("/api/auth/request-password-reset", { body, signal }))).data;
    },

    /** POST /api/auth/reset-password: the new password, with the link's token; ends every session of the account. */
    async resetPassword(body: ResetPasswordBody, { signal }: CallOptions = {}): Promise<AuthStatus> {
      return (await succeed(http.POST("/api/auth/reset-password", { body, signal }))).data;
    },

    /** POST /api/auth/send-verification-email: mails the link that verifies the address (again). */
    async sendVerificationEmail(body: SendVerificationEmailBody, { signal }: CallOptions = {}): Promise<AuthStatus> {
      return (await succeed(http.POST("/api/auth/send-verification-email", { body, signal }))).data;
    },
  };
}

export type AuthMethods = ReturnType<typeof authMethods>;
