// Regenerates docs/screenshots/demo-home.png (the home page with the banner) and
// docs/screenshots/demo-inspector.png (the inspector on the shop after "analytics only", with the
// real tracker names the browser tests map to the server).
// Usage: node demo-site/screenshots.mjs   (needs dist/: node scripts/build-js.mjs)
import { join } from 'node:path';
import { repoRoot } from './server.mjs';
import { startDemo } from './lib/testkit.mjs';

const out = (f) => join(repoRoot, 'docs', 'screenshots', f);
const b = await startDemo();
try {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // The human demo: page on 127.0.0.1, fakes on *.localhost.
  await page.goto(b.pageOrigin('local') + '/');
  await page.locator('consentry-ui [data-action="accept-all"]').waitFor({ state: 'visible' });
  await page.waitForTimeout(600);
  await page.screenshot({ path: out('demo-home.png') });

  // The inspector with the real tracker names (the tests' host mapping), so vendors show.
  await page.goto(b.pageOrigin('real') + '/shop/');
  await page.locator('consentry-ui [data-action="accept-all"]').waitFor({ state: 'visible' });
  await page.evaluate(() => window.consentry.acceptCategory(['analytical']));
  await page.waitForTimeout(1200);
  await page.evaluate(() => window.consentry.inspector.show('elements'));
  await page.waitForTimeout(400);
  await page.screenshot({ path: out('demo-inspector.png') });
  await context.close();
  console.log('wrote docs/screenshots/demo-home.png and demo-inspector.png');
} finally {
  await b.close();
}
