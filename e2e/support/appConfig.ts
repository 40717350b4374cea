/*
 * Per-context app configuration, without a second dev server.
 *
 * Backstage's default config loader (core-app-api `defaultConfigLoader`)
 * reads, in this order, the config the dev server injected into index.html
 * (what APP_CONFIG_* environment variables end up in) and then
 * `window.__APP_CONFIG__`; later entries take precedence (ConfigReader
 * .fromConfigs). An init script that sets `window.__APP_CONFIG__` before the
 * bundle runs therefore overrides any key for one browser context, exactly
 * as an APP_CONFIG_* variable would for the whole dev server, while the
 * shared dev server started by e2e/run.ts keeps serving everyone else.
 */
import type { BrowserContext } from 'playwright-core';

export type AppConfigData = Record<string, unknown>;

/**
 * Overrides app config keys in every page of `context` opened or navigated
 * afterwards. Call it before `page.goto()`.
 */
export async function overrideAppConfig(
  context: BrowserContext,
  data: AppConfigData,
): Promise<void> {
  await context.addInitScript((config: AppConfigData) => {
    (window as unknown as { __APP_CONFIG__?: AppConfigData }).__APP_CONFIG__ =
      config;
  }, data);
}
