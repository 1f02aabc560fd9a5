export * from "./auth";
export * from "./lists";
export * from "./rate-limits";
export * from "./tasks";
