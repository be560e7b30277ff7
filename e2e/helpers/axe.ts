import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

// WCAG 2.1 A and AA, plus axe's best practices: only serious and critical findings fail the run.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

/** Waits until no CSS animation or transition runs: a dialog fading in would give half-faded contrast. */
export async function settle(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/** The serious and critical violations on the page as it is now, one line per element, short enough to read. */
export async function seriousViolations(page: Page, disabledRules: string[] = []): Promise<string[]> {
  await settle(page);
  // Message bodies are sanitized third-party HTML in frames without scripts: axe cannot be injected there
  // (its evaluate never returns) and their content is not ours to fix; the frame's title is checked by tests.
  const { violations } = await new AxeBuilder({ page })
    .withTags(TAGS)
    .exclude('iframe[sandbox]')
    .disableRules(disabledRules)
    .analyze();
  return violations
    .filter((v) => FAILING.has(v.impact ?? ''))
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} [${v.impact}] ${n.target.join(' ')} — ${v.help}`));
}

/**
 * Audits the page and records its findings under a name without stopping the walk (a soft assertion), so
 * one run lists every page's violations rather than only the first page's.
 */
export async function expectAccessible(page: Page, name: string, disabledRules: string[] = []) {
  expect.soft(await seriousViolations(page, disabledRules), `accessibility of ${name}`).toEqual([]);
}
