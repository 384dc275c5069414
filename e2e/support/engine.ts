import type { Target } from './target.js';

/**
 * One browser engine as the shared browser flows see it (e2e/support/main-flows.ts): Chromium
 * through playwright-core, Firefox through puppeteer-core over WebDriver BiDi, WebKit through
 * selenium-webdriver and WebKitWebDriver. Each drives the browser Debian installed; none downloads one.
 */
export interface Engine {
  readonly name: 'chromium' | 'firefox' | 'webkit';
  /** Why this engine cannot run here (its browser or driver is not installed), or null. */
  readonly missing: string | null;
  /**
   * How `EngineWindow.setOffline` cuts a window off: 'emulated' when the engine's own network
   * emulation does it (the page sees `navigator.onLine` false and an `offline` event), 'cut'
   * when the engine has none and the window's own path to the server is closed instead.
   */
  readonly offline: 'emulated' | 'cut';
  /** Starts the browser (or its driver); windows are opened in it. */
  launch(): Promise<EngineBrowser>;
}

export interface EngineBrowser {
  /** A window with storage of its own (a separate person), at `baseUrl`'s origin. */
  newWindow(baseUrl: string): Promise<EngineWindow>;
  close(): Promise<void>;
}

/** Keys the flows press; enough for a composer (Enter sends, Shift+Enter makes a new line). */
export type Key = 'Enter' | 'Shift+Enter';

/** What a query in the page returns (see in-page-query.ts). */
export type QueryResult = { count: number; text: string | null; value: string | null; attribute: string | null };

/** One window of one person. Everything waits for nothing: the flows poll (support/window-steps.ts). */
export interface EngineWindow {
  /** Loads a path of the window's origin and waits for the page's load event. */
  goto(path: string): Promise<void>;
  reload(): Promise<void>;
  /** The page's URL path, as `location.pathname` says it. */
  path(): Promise<string>;
  /** The JSON value of a JavaScript expression in the page (a promise is awaited). */
  evaluate(expression: string): Promise<unknown>;
  /** Finds the elements `target` describes in the page and reports on the first (`attribute`: which one). */
  query(target: Target, attribute?: string): Promise<QueryResult>;
  /** Clicks the first element `target` finds, as a person would (the engine's own input, not a script). */
  click(target: Target): Promise<void>;
  /** Replaces the text of the field `target` finds by typing `text` into it. */
  fill(target: Target, text: string): Promise<void>;
  /** Types `text` (no line breaks: those are `press`) where the caret is in the field `target` finds. */
  type(target: Target, text: string): Promise<void>;
  press(target: Target, key: Key): Promise<void>;
  /** Cuts this window off the network, or brings it back (see `Engine.offline`). */
  setOffline(offline: boolean): Promise<void>;
  /** Uncaught errors the page has thrown so far. */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}
