export * from "./auth";
export * from "./lists";
export * from "./rate-limits";
export * from "./tasks";
export * from "./tags";
export * from "./comments";
export * from "./activity";
export * from "./attachments";
