import type { Locator, Page } from '@playwright/test';

/** The device table screen, located by data-testid only. */
export class DevicesPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly scanButton: Locator;
  readonly stopButton: Locator;
  readonly progress: Locator;
  readonly count: Locator;
  readonly filter: Locator;
  readonly langSwitch: Locator;
  readonly details: Locator;
  readonly emptyState: Locator;

  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    const id = (t: string) => page.getByTestId(t);
    this.table = id('device-table');
    this.rows = id('device-row');
    this.scanButton = id('scan-button');
    this.stopButton = id('stop-button');
    this.progress = id('scan-progress');
    this.count = id('device-count');
    this.filter = id('filter-input');
    this.langSwitch = id('lang-switch');
    this.details = id('details-panel');
    this.emptyState = id('empty-state');
  }

  async open(): Promise<void> {
    await this.page.goto(this.url);
  }

  async setLanguage(locale: 'en' | 'ru'): Promise<void> {
    await this.langSwitch.selectOption(locale);
  }

  row(serial: string): Locator {
    return this.rows.filter({ hasText: serial });
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `out/screenshots/${name}.png`, fullPage: false });
  }
}
