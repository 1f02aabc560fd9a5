export * from "./auth";
export * from "./tasks";
