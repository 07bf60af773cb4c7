// The bridge answers only pages it served itself: Host must be our loopback name (no DNS rebinding),
// and a browser's Origin, when present, must be our own.
export interface OriginPolicy {
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string | undefined): boolean;
}

export function loopbackOriginPolicy(port: number, extraOrigins: readonly string[] = []): OriginPolicy {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...[...hosts].map((h) => `http://${h}`), ...extraOrigins]);
  return {
    hostAllowed: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    // Non-browser clients (the CLI, curl) send no Origin; they still need the token.
    originAllowed: (origin) => origin === undefined || origins.has(origin),
  };
}
