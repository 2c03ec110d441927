export declare function redactPath(path: string): string;
