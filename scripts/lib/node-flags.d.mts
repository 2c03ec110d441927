export declare const SERVER_NODE_FLAGS: string[];
export declare const SERVER_ENV: Record<string, string>;
export declare function serverProcess(script: string, env?: Record<string, string | undefined>): { args: string[]; env: NodeJS.ProcessEnv };
