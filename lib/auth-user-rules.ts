import { APIError, createAuthMiddleware } from "better-auth/api";
import { showsNothing } from "@/lib/text/visible";

// users.name and users.email are varchar(255) and name is NOT NULL (data-model.md).
// Better Auth accepts an empty name and does not bound either length, which would reach
// the database as a 500; and it stores any image string it is given (50 MiB was stored,
// then sent back with every session read). These hooks answer 400 instead, store the name
// trimmed, and keep image to what a profile picture is: an https URL of bounded length.
// Migration 0007 holds the database to the same rules for image.
// A name that shows nothing (zero-width spaces, fillers: lib/text/visible.ts) is as empty
// as a blank one.
const MAX = 255;
export const MAX_IMAGE_URL_LENGTH = 2048;

function checkedName(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (showsNothing(trimmed) || [...trimmed].length > MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new APIError("BAD_REQUEST", { code: "INVALID_NAME", message: `Name must be 1 to ${MAX} characters.` });
  }
  return trimmed;
}

function checkEmail(email: unknown): void {
  if (typeof email === "string" && email.length > MAX) {
    throw new APIError("BAD_REQUEST", { code: "INVALID_EMAIL", message: `Email must be at most ${MAX} characters.` });
  }
}

/**
 * An image is a link to a picture served over https: no other scheme (javascript:, data:,
 * http:, file:...), no credentials in it, nothing but printable ASCII (a URL as the WHATWG
 * parser writes it), at most MAX_IMAGE_URL_LENGTH characters. null removes it.
 */
export function isImageUrl(image: string): boolean {
  if (image.length > MAX_IMAGE_URL_LENGTH || !/^[\x21-\x7e]+$/.test(image)) return false;
  let url: URL;
  try {
    url = new URL(image);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
}

function checkImage(image: unknown): void {
  if (image === undefined || image === null) return;
  if (typeof image !== "string" || !isImageUrl(image)) {
    throw new APIError("BAD_REQUEST", {
      code: "INVALID_IMAGE",
      message: `Image must be an https URL of at most ${MAX_IMAGE_URL_LENGTH} characters.`,
    });
  }
}

type UserFields = { name?: string; email?: string; image?: string | null };

export const userRules = {
  create: {
    before: async (user: UserFields & { name: string; email: string }) => {
      checkEmail(user.email);
      checkImage(user.image);
      return { data: { ...user, name: checkedName(user.name)! } };
    },
  },
  update: {
    before: async (user: UserFields) => {
      checkEmail(user.email);
      checkImage(user.image);
      const name = checkedName(user.name);
      return { data: name === undefined ? user : { ...user, name } };
    },
  },
};

/**
 * delete-user asks for the password every time. Better Auth deletes the account of a
 * session less than a day old when no password is sent at all, so a stolen session cookie
 * was enough, and the password check (and its limit) could be left out. Email-confirmed
 * deletion (its `token`) is not set up here.
 */
export const deleteUserNeedsPassword = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/delete-user") return;
  const password = (ctx.body as { password?: unknown } | undefined)?.password;
  if (typeof password !== "string" || password === "") {
    throw new APIError("BAD_REQUEST", { code: "PASSWORD_REQUIRED", message: "Give the account's password to delete it." });
  }
});
