export * from "./auth";
export * from "./messages";
export * from "./sidekiqs";
export * from "./threads";
