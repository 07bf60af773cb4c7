// Everything a renderer might try beyond our own page is refused: navigation, new windows, permissions, webviews.
import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';

export function isOwnPage(url: string): boolean {
  try {
    // Not `.origin`: Node's URL (the main process's) gives the opaque origin "null" to any non-special scheme such as
    // app:, so comparing origins would refuse our own page. Scheme and host together are what the origin means here.
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function lockDownSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
