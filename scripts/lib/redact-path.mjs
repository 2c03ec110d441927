// Paths as the request log writes them: the secret part of a share link (/share/{token}) or an
// invitation (/invite/{id}) cut to a prefix, so a log never holds a working link.
const SECRET_SEGMENT = /^(\/(?:share|invite)\/)([^/?#]+)/;

/** `/share/AbCdEf…` for `/share/AbCdEfGhIj…`. */
export function redactPath(path) {
  return path.replace(SECRET_SEGMENT, (_, prefix, secret) => `${prefix}${secret.slice(0, 6)}…`);
}
