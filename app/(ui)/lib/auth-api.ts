import { requestJson } from "./api";
import type { User } from "./types";

// Better Auth's email/password endpoints. Success sets (or clears) the session cookie.

type AuthResponse = { user: User };

export async function signUp(name: string, email: string, password: string): Promise<User> {
  return (await requestJson<AuthResponse>("POST", "/api/auth/sign-up/email", { name, email, password })).user;
}

export async function signIn(email: string, password: string): Promise<User> {
  return (await requestJson<AuthResponse>("POST", "/api/auth/sign-in/email", { email, password })).user;
}

export async function signOut(): Promise<void> {
  // Better Auth wants a JSON body on every POST, even an empty one.
  await requestJson<unknown>("POST", "/api/auth/sign-out", {});
}
