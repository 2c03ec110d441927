import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init";
import { chatRouter } from "./routers/chat";
import { foldersRouter } from "./routers/folders";
import { importsRouter } from "./routers/imports";
import { messagesRouter } from "./routers/messages";
import { modelsRouter } from "./routers/models";
import { sharesRouter } from "./routers/shares";
import { sidekiqsRouter } from "./routers/sidekiqs";
import { teamsRouter } from "./routers/teams";
import { threadsRouter } from "./routers/threads";

export const appRouter = createTRPCRouter({
  threads: threadsRouter,
  messages: messagesRouter,
  models: modelsRouter,
  chat: chatRouter,
  sidekiqs: sidekiqsRouter,
  teams: teamsRouter,
  shares: sharesRouter,
  folders: foldersRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
