export * from "./auth";
export * from "./rate-limits";
export * from "./tasks";
