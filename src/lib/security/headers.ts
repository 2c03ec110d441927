/**
 * The pages' Content-Security-Policy, made per request by src/proxy.ts with a fresh nonce (the
 * headers every response gets are in next.config.mjs). Following Next.js's CSP guide: a nonce with 'strict-dynamic' lets Next's own
 * scripts (and the chunks they load) run and nothing injected; images only from this site or
 * data:/blob: URLs (model output may load nothing, see lib/markdown/no-remote-resources.ts);
 * fetches only to this site; never framed.
 */
export function contentSecurityPolicy(nonce: string, { dev = false, https = false }: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes and the toasts, KaTeX and the highlighter inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
