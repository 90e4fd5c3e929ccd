// Type declarations for Consentry's public API (window.consentry), its window events and the
// site config (docs/js-contracts.md). Use them with a triple-slash reference or by adding this
// file to your tsconfig "include":
//   /// <reference path="node_modules/consentry/types/consentry.d.ts" />
//   window.consentry.on('change', (d) => { if (d.categories.analytical) startAnalytics(); });

/** The four consent categories. "preferences" exists only when config.categories.preferences. */
export type ConsentryCategory = 'mandatory' | 'preferences' | 'analytical' | 'targeting';

/**
 * What changed the state. "api" = a site script (acceptCategory, rejectAll); "reset" = reset();
 * "stored" = the stored choice changed outside this page (another tab or window, a subdomain
 * sharing the record, or while the page was in the back/forward cache).
 */
export type ConsentrySource = 'accept-all' | 'reject-all' | 'custom' | 'api' | 'reset' | 'stored';

/** The stored consent record (no personal data: a random id and timestamps in seconds). */
export interface ConsentryRecord {
  readonly id: string;
  readonly first: number;
  readonly last: number;
  readonly expiry: number;
  readonly revision: number;
}

export interface ConsentryState {
  /** A valid record exists for the current config revision. */
  readonly decided: boolean;
  /** What is granted now (mandatory is always true). */
  readonly categories: Readonly<Record<ConsentryCategory, boolean>>;
  /** The categories this site shows, in order. */
  readonly enabled: readonly ConsentryCategory[];
  /** Privacy signals the browser sent (Global Privacy Control, Do Not Track). */
  readonly signals: { readonly gpc: boolean; readonly dnt: boolean };
  /** The signals Consentry honoured (e.g. GPC: targeting off until the visitor opts in). */
  readonly honoured: { readonly gpc: boolean; readonly dnt: boolean };
  readonly record: ConsentryRecord | null;
}

/** Detail of the consentry:change / consentry:consent events and of on('change' | 'consent'). */
export interface ConsentryChangeDetail extends ConsentryState {
  readonly source: ConsentrySource;
  /** The categories as they were before this change. */
  readonly previous: Readonly<Record<ConsentryCategory, boolean>>;
}

/** Something the core classified on this page, or a config.cookies declaration. */
export interface ConsentryItem {
  readonly kind: 'cookie' | 'storage' | 'script' | 'iframe' | 'img' | 'request' | 'link';
  readonly name: string;
  readonly host: string;
  readonly category: ConsentryCategory;
  readonly vendor: string;
  readonly purpose: string;
  readonly retention: string;
  readonly verdict: 'allow' | 'block' | 'hold' | 'released';
  /** The core's reason (site-rule, exact, tracker-host, unknown...), or 'undeclared-html'. */
  readonly reason: string;
  /** With reason 'undeclared-html': the markup that declares this tag. */
  readonly advice?: string;
}

export interface ConsentryEventMap {
  /** Every change of the granted categories (including the first choice and reset()). */
  change: ConsentryChangeDetail;
  /** The first choice of a visitor who had none (once per decision). */
  consent: ConsentryChangeDetail;
  /** The list of classified items grew. */
  items: readonly ConsentryItem[];
}

/**
 * window.consentry. It exists as soon as the synchronous consentry.js has run; calls made before
 * the async core is ready are queued and replayed in order (and return null meanwhile).
 */
export interface ConsentryApi {
  /** Shows the first layer (the banner), even when a choice exists. */
  show(): void;
  /** Hides the banner and the preferences without recording anything. */
  hide(): void;
  /** Opens the preferences centre (to change or withdraw consent). */
  showPreferences(): void;
  /** Grants exactly these categories (plus mandatory); "all" or no argument = every enabled one. */
  acceptCategory(categories?: ConsentryCategory | readonly ConsentryCategory[] | 'all'): ConsentryState | null;
  /** Grants only the mandatory category. */
  rejectAll(): ConsentryState | null;
  /** Whether `category` is granted now. */
  acceptedCategory(category: ConsentryCategory): boolean | null;
  /** The current state (null while the core is still loading). */
  getConsent(): ConsentryState | null;
  /** Forgets the choice (the record cookie is deleted) and asks again. */
  reset(): ConsentryState | null;
  on<K extends keyof ConsentryEventMap>(event: K, listener: (detail: ConsentryEventMap[K]) => void): void;
  off<K extends keyof ConsentryEventMap>(event: K, listener: (detail: ConsentryEventMap[K]) => void): void;
}

// ---- site config (JSON in data-config, or a URL to it) ----

export type ConsentryLayout = 'bar' | 'box' | 'modal';
export type ConsentryPosition = 'bottom' | 'top' | 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center';

/**
 * Every string of the banner, the preferences centre and the placeholders of held frames; "{n}"
 * is replaced by a number, "{vendor}" and "{category}" in placeholderText by those names.
 */
export type ConsentryTextKey =
  | 'title'
  | 'text'
  | 'policy'
  | 'acceptAll'
  | 'rejectAll'
  | 'prefs'
  | 'close'
  | 'prefsTitle'
  | 'prefsText'
  | 'save'
  | 'alwaysOn'
  | 'signal'
  | 'failed'
  | 'items'
  | 'none'
  | 'name'
  | 'vendor'
  | 'purpose'
  | 'retention'
  | 'thisSite'
  | 'consentPurpose'
  | 'days'
  | 'session'
  | 'catMandatory'
  | 'catMandatoryText'
  | 'catPreferences'
  | 'catPreferencesText'
  | 'catAnalytical'
  | 'catAnalyticalText'
  | 'catTargeting'
  | 'catTargetingText'
  | 'placeholderText'
  | 'placeholderLoadOnce'
  | 'placeholderAllow';

/** A cookie the site declares (shown in the preferences centre, classified by the core). */
export interface ConsentryCookieDeclaration {
  name: string;
  category: ConsentryCategory;
  vendor?: string;
  purpose?: string;
  /** Free text ("1 year"); "session" is shown in the visitor's language. */
  retention?: string;
}

export interface ConsentryConfig {
  /** Bump to ask everyone again. Integer >= 0. */
  revision?: number;
  /** "auto" (default): <html lang>, then the browser's languages, then English. */
  language?: 'auto' | (string & {});
  layout?: ConsentryLayout;
  /** bar: top | bottom; box: bottom-right | bottom-left | top-right | top-left | bottom | top. */
  position?: ConsentryPosition;
  /** http(s) or relative URL only. */
  privacyPolicyUrl?: string;
  /** Show the optional fourth category. */
  categories?: { preferences?: boolean };
  /** Override any UI string per language: { en: { title: "..." }, de: { ... } }. Inserted as text. */
  texts?: { [lang: string]: Partial<Record<ConsentryTextKey, string>> };
  cookie?: {
    name?: string;
    domain?: string;
    path?: string;
    sameSite?: 'Lax' | 'Strict' | 'None';
    /** Capped at 396 (13 months). */
    acceptedDays?: number;
    refusedDays?: number;
  };
  /** false = only declared markup is gated. */
  autoBlock?: boolean;
  /** Category for cookies no rule knows ("mandatory" = allow). */
  unknownCookies?: ConsentryCategory;
  unknownThirdParty?: ConsentryCategory;
  /** The site's own host categories: { "cdn.example.net": "mandatory" }. */
  hosts?: { [host: string]: ConsentryCategory };
  cookies?: ConsentryCookieDeclaration[];
  reloadOnWithdraw?: boolean;
  /** A small button to reopen the preferences once a choice exists (default true). */
  floatingButton?: boolean;
  database?: 'core' | 'full';
  /** Google Consent Mode v2. */
  gcm?: {
    enabled?: boolean;
    regions?: string[];
    adsDataRedaction?: boolean;
    urlPassthrough?: boolean;
    /** ms, 0 to 10000. */
    waitForUpdate?: number;
  };
  honorDnt?: boolean;
}

/**
 * What Consentry pushes to window.dataLayer for tag managers after every change (and once per
 * page view for a returning visitor), after the Consent Mode `update` command.
 */
export interface ConsentryDataLayerEvent {
  event: 'consentry_consent';
  consentry: Record<ConsentryCategory, boolean>;
}

// ---- between the bootstrap and the UI bundle (docs/js-contracts.md) ----

/** What the bootstrap passes to __consentryUi.start(ctx). */
export interface ConsentryUiContext {
  readonly config: Readonly<ConsentryConfig>;
  getState(): ConsentryState;
  choose(categories: readonly ConsentryCategory[], source: Exclude<ConsentrySource, 'reset' | 'stored'>): ConsentryState;
  items(): ConsentryItem[];
  /** The visitor is about to choose (pointer over the banner or the floating button, a key in it): fetch what a choice needs now. */
  expect(): void;
  on(event: 'change' | 'items', listener: (detail: unknown) => void): void;
  off(event: 'change' | 'items', listener: (detail: unknown) => void): void;
}

/**
 * What __consentryUi.start(ctx) returns. When the page's language is not English the UI is built
 * once consentry-ui-<lang>.js has loaded (or failed: English); calls made meanwhile are replayed.
 */
export interface ConsentryUiHandle {
  show(): void;
  hide(): void;
  showPreferences(): void;
  /**
   * No choice can be recorded on this page view (consentry-core.js did not load): the banner says
   * so instead of offering choices; reopened when `chosen` (a choice had closed it).
   */
  failed(chosen: boolean): void;
  destroy(): void;
  /** Settles once the UI is built (at once for English). */
  readonly ready: Promise<void>;
}

declare global {
  interface Window {
    consentry: ConsentryApi;
    readonly __consentryUi?: {
      readonly start: (ctx: ConsentryUiContext) => ConsentryUiHandle;
      /** Optional, before start(): starts loading the language file this config needs. */
      readonly prepare: (config: Readonly<ConsentryConfig>) => void;
    };
    /** Installed (frozen, non-writable) by consentry-ui.js; each consentry-ui-<lang>.js calls it once. */
    readonly __consentryUiTexts?: (lang: string, texts: Readonly<Record<ConsentryTextKey, string>>) => void;
  }
  var consentry: ConsentryApi;
  interface WindowEventMap {
    'consentry:consent': CustomEvent<ConsentryChangeDetail>;
    'consentry:change': CustomEvent<ConsentryChangeDetail>;
    /** window.consentry's real implementation is live (queued calls have been replayed). */
    'consentry:ready': Event;
    /** The core is ready and the gate active (what was held has been classified). */
    'consentry:core-ready': Event;
    /** The classifier (wasm + category database, loaded only when something needs it) is active. */
    'consentry:classifier-ready': Event;
    'consentry:ui-loaded': Event;
    'consentry:core-loaded': Event;
  }
  interface HTMLElementTagNameMap {
    'consentry-ui': HTMLElement;
  }
}
