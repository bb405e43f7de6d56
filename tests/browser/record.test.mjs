// The site as it runs, with the public record 2020 – February 2026: the pages only the
// record fills (periods, other publishers, progress through the year, the
// merged province's wording, dated views, the period briefing) pass axe,
// read at 360 px without sideways scrolling, and print on A4; the period
// briefing fits one sheet.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import AxeBuilder from "@axe-core/playwright";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

import { artifactDir, openPage, siteAndBrowser } from "./support.mjs";

const site = siteAndBrowser("full");

const RECORD_PAGES = [
  { path: "/", name: "ban-ghi-tong-quan", figures: ["2 tháng năm 2026", "35.001 tỷ đồng"], maxPages: 4 },
  { path: "/xuat-nhap-khau/2024/9-thang", name: "ban-ghi-xuat-nhap-khau-9-thang", figures: ["700 triệu USD", "93,33", "Tiến độ trong năm 2024"], maxPages: 4 },
  { path: "/xuat-nhap-khau/2023", name: "ban-ghi-xuat-nhap-khau-2023", figures: ["Cục Thống kê công bố 110 triệu USD (giảm 21,43%)"], maxPages: 4 },
  { path: "/ban-le/2024", name: "ban-ghi-ban-le-2024", figures: ["60.771 tỷ đồng"], maxPages: 4 },
  { path: "/so-lieu/trade.export/2024", name: "ban-ghi-so-lieu", figures: ["800", "820"], maxPages: 4 },
  { path: "/so-lieu/trade.export/2025", name: "ban-ghi-so-lieu-mot-phan-dia-ban", figures: ["989", "phía Tây"], maxPages: 4 },
  { path: "/xuat-nhap-khau/2024/ngay-2024-12-27", name: "ban-ghi-theo-ngay", figures: ["800 triệu USD", "27/12/2024"], maxPages: 4 },
  { path: "/ban-tin/2024/9-thang", name: "ban-ghi-ban-tin-9-thang", figures: ["9 tháng năm 2024", "So kế hoạch năm (%)", "So cùng kỳ (%)", "700"], maxPages: 1 },
  { path: "/cap-nhat", name: "ban-ghi-cap-nhat", figures: ["số liệu mới"], maxPages: 4 },
  { path: "/cap-nhat/2024", name: "ban-ghi-cap-nhat-2024", figures: ["Các lần cập nhật năm 2024", "số liệu mới"], maxPages: 6 },
  { path: "/lich-cong-bo", name: "ban-ghi-lich-cong-bo", figures: ["Lịch công bố số liệu"], maxPages: 4 },
];

async function pdfText(bytes) {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join("").normalize("NFC"));
  }
  await document.destroy();
  return pages;
}

for (const { path, name, figures, maxPages } of RECORD_PAGES) {
  test(`${path} (public record): axe clean, no sideways scrolling, prints on at most ${maxPages} A4 page(s)`, async () => {
    const context = await site.browser.newContext();
    const { page, response, problems } = await openPage(context, site.server.url + path);
    assert.equal(response.status(), 200);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`), []);
    assert.deepEqual(problems, []);
    for (const width of [360, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(wide <= 0, `${path} at ${width}px: ${wide}px too wide`);
    }
    await page.evaluate(() => document.fonts.ready);
    const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(artifactDir("pdf"), `${name}.pdf`), bytes);
    const pages = await pdfText(bytes);
    assert.ok(pages.length <= maxPages, `${path}: ${pages.length} pages printed, at most ${maxPages}`);
    const flat = pages.join("\n").replace(/\s+/g, " ");
    for (const figure of figures) {
      assert.ok(flat.includes(figure), `${path}: the printout lacks ${figure}`);
    }
    await context.close();
  });
}
