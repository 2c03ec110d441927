export * from "./auth";
export * from "./folders";
export * from "./messages";
export * from "./search";
export * from "./sidekiqs";
export * from "./threads";
export * from "./shares";
export * from "./imports";
