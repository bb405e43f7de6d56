// Lighthouse on the overview and the briefing: accessibility, best practices
// and SEO at 100, performance at 95 or more (Lighthouse's default mobile
// profile: simulated slow 4G and a 4× slower CPU). Reports are kept under
// target/browser/lighthouse.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

import { CHROMIUM, CHROMIUM_FLAGS, artifactDir, startServer } from "./support.mjs";

const REQUIRED = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 };

let server;
let chrome;
before(async () => {
  server = await startServer();
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
});
after(async () => {
  await chrome?.kill();
  await server?.stop();
});

for (const [path, name] of [["/", "tong-quan"], ["/ban-tin", "ban-tin"]]) {
  test(`Lighthouse on ${path}`, async () => {
    const result = await lighthouse(server.url + path, {
      port: chrome.port,
      output: ["html", "json"],
      logLevel: "error",
      onlyCategories: Object.keys(REQUIRED),
    });
    const [html, json] = result.report;
    const dir = artifactDir("lighthouse");
    writeFileSync(join(dir, `${name}.html`), html);
    writeFileSync(join(dir, `${name}.json`), json);

    const { categories, audits } = result.lhr;
    const scores = Object.fromEntries(
      Object.keys(REQUIRED).map((id) => [id, Math.round((categories[id].score ?? 0) * 100)]),
    );
    console.log(`${path}: ${JSON.stringify(scores)}`);
    for (const [id, minimum] of Object.entries(REQUIRED)) {
      const failing = categories[id].auditRefs
        .map((ref) => audits[ref.id])
        .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative")
        .map((audit) => `${audit.id}: ${audit.title} (${audit.displayValue ?? audit.score})`);
      assert.ok(scores[id] >= minimum, `${path}: ${id} ${scores[id]} < ${minimum}\n  ${failing.join("\n  ")}`);
    }
  });
}
