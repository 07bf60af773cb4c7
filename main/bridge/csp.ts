// One Content-Security-Policy for the renderer, wherever it is loaded (Electron or the bridge).
// ECharts draws to canvas/SVG and needs no eval; styles are inline from React's style props.
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
