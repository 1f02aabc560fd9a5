import { APIError } from "better-auth/api";

// users.name and users.email are varchar(255) and name is NOT NULL (data-model.md).
// Better Auth accepts an empty name and does not bound either length, which would reach
// the database as a 500; these hooks answer 400 instead and store the name trimmed.
const MAX = 255;

function checkedName(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed.length === 0 || [...trimmed].length > MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new APIError("BAD_REQUEST", { code: "INVALID_NAME", message: `Name must be 1 to ${MAX} characters.` });
  }
  return trimmed;
}

function checkEmail(email: unknown): void {
  if (typeof email === "string" && email.length > MAX) {
    throw new APIError("BAD_REQUEST", { code: "INVALID_EMAIL", message: `Email must be at most ${MAX} characters.` });
  }
}

export const userRules = {
  create: {
    before: async (user: { name: string; email: string }) => {
      checkEmail(user.email);
      return { data: { ...user, name: checkedName(user.name)! } };
    },
  },
  update: {
    before: async (user: { name?: string; email?: string }) => {
      checkEmail(user.email);
      const name = checkedName(user.name);
      return { data: name === undefined ? user : { ...user, name } };
    },
  },
};
