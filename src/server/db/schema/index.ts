export * from "./auth";
export * from "./messages";
export * from "./search";
export * from "./sidekiqs";
export * from "./threads";
export * from "./shares";
