import "server-only";
import { getRegistry } from "@/server/ai/registry";
import { createTRPCRouter, protectedProcedure } from "../init";

export const modelsRouter = createTRPCRouter({
  list: protectedProcedure.query(async () => {
    const registry = getRegistry();
    return { models: await registry.listModels(), providers: registry.configured };
  }),
});
