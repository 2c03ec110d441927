import type { IncomingMessage, ServerResponse } from "node:http";

export type WebHandler = (request: Request) => Promise<Response>;

export function loadRouteHandler(options: { distDir: string; route: string; method: string }): Promise<{ handler: WebHandler; error?: undefined } | { handler?: undefined; error: string }>;

export function takesRequest(req: IncomingMessage, options: { method: string; route: string; maxBodyBytes: number }): boolean;

export function serveDirect(handler: WebHandler, req: IncomingMessage, res: ServerResponse): Promise<void>;
