export declare const DOCUMENT_CONTENT_SECURITY_POLICY: string;
export declare const WORKER_CONTENT_SECURITY_POLICY: string;
export declare const ISOLATION_HEADERS: Readonly<Record<'Cross-Origin-Opener-Policy' | 'Cross-Origin-Embedder-Policy' | 'Cross-Origin-Resource-Policy', string>>;
export declare const SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare function securityHeadersFor(filePath: string): Readonly<Record<string, string>>;
export declare function mimeTypeFor(filePath: string): string;
export declare function resolveRequestPath(root: string, urlPath: string): string | null;
export declare function isInside(root: string, candidate: string): boolean;
