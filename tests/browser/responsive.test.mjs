// Small and large screens: from 360 px to 1440 px wide the page never
// scrolls sideways (wide tables scroll inside their own box) and charts
// fit their column. Screenshots are kept under target/browser/screenshots.

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { PAGES, artifactDir, openPage, siteAndBrowser } from "./support.mjs";

const WIDTHS = [360, 414, 768, 1024, 1440];
const SCREENSHOT_WIDTHS = [360, 1440];

const site = siteAndBrowser();

for (const { path, name } of PAGES) {
  test(`${path} reads from 360 to 1440 px without sideways scrolling`, async () => {
    for (const width of WIDTHS) {
      const context = await site.browser.newContext({ viewport: { width, height: 900 } });
      const { page } = await openPage(context, site.server.url + path);
      const layout = await page.evaluate(() => {
        const root = document.documentElement;
        // What sticks out of the page, outside a box meant to scroll.
        const outside = [...document.body.querySelectorAll("*")]
          .filter((e) => !e.closest(".table-scroll"))
          .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute("class") ?? ""}`);
        // The chart layout this width shows (the other is display: none).
        const shown = [...document.querySelectorAll("svg.chart")].filter((svg) => svg.checkVisibility());
        const charts = shown.map((svg) => {
          const box = svg.getBoundingClientRect();
          const column = svg.closest("figure").getBoundingClientRect();
          return { width: box.width, column: column.width };
        });
        const smallestText = Math.min(
          ...shown.flatMap((svg) => [...svg.querySelectorAll("text")]).filter((t) => t.textContent.trim() !== "").map((t) => t.getBoundingClientRect().height),
        );
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, outside, charts, smallestText, shown: shown.length };
      });
      assert.ok(layout.scrollWidth <= layout.clientWidth,
        `${path} at ${width}px: the page is ${layout.scrollWidth}px wide (${layout.outside.slice(0, 5).join(", ")})`);
      assert.deepEqual(layout.outside, [], `${path} at ${width}px: sticks out`);
      for (const chart of layout.charts) {
        assert.ok(chart.width <= chart.column + 0.5,
          `${path} at ${width}px: a chart ${chart.width}px wide in a ${chart.column}px column`);
      }
      if (path !== "/khong-co-trang-nay" && !["/hoat-dong", "/du-lieu", "/gioi-thieu", "/thuong-mai-dien-tu", "/so-lieu/industry.output", "/cap-nhat", "/lich-cong-bo"].includes(path)) {
        assert.ok(layout.shown > 0, `${path} at ${width}px: no chart shown`);
      }
      if (layout.charts.length > 0) {
        // Chart labels stay legible: no text drawn smaller than 9 px.
        assert.ok(layout.smallestText >= 9,
          `${path} at ${width}px: chart text ${layout.smallestText.toFixed(1)}px high`);
      }
      if (SCREENSHOT_WIDTHS.includes(width)) {
        await page.screenshot({ path: join(artifactDir("screenshots"), `${name}-${width}.png`), fullPage: true });
      }
      await context.close();
    }
  });
}
