export * from "./auth";
export * from "./messages";
export * from "./threads";
