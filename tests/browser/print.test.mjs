// Paper: every page printed to an A4 PDF in Chromium, as a person would
// print it. The PDFs are kept under target/browser/pdf.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

import { PAGES, SOURCE, artifactDir, siteAndBrowser } from "./support.mjs";

/** Page counts a printout may not exceed. */
const MAX_PAGES = { "/ban-tin": 2, "/": 3 };
const DEFAULT_MAX_PAGES = 4;

/** Text only the screen has: navigation, controls, embed snippets. The
 *  navigation's own text is read from the page on screen. */
const SCREEN_ONLY = [
  "Bỏ qua phần điều hướng",
  "Năm số liệu:",
  "In bản tin",
  "Trang biểu đồ: tải SVG",
  "Sao chép đoạn mã",
];

const A4_POINTS = { width: 595.28, height: 841.89 };

const site = siteAndBrowser();

async function readPdf(bytes) {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    const text = content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join("");
    pages.push({ width, height, text: text.normalize("NFC") });
  }
  await document.destroy();
  return pages;
}

async function print(path) {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(site.server.url + path, { waitUntil: "networkidle" });
  // Wait for the web fonts, or the printout is set in a fallback font.
  await page.evaluate(() => document.fonts.ready);
  const navigation = await page.evaluate(() =>
    [...document.querySelectorAll('nav[aria-label="Các mục chính"] a')].map((a) => a.textContent).join(" "));
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await context.close();
  return { bytes, navigation };
}

for (const { path, name, figures, status, quotesFigures = true } of PAGES) {
  if (path.startsWith("/nhung/")) continue; // embeds live in other pages
  test(`${path} prints on A4 with its figures and source, without navigation`, async () => {
    const { bytes, navigation } = await print(path);
    const file = join(artifactDir("pdf"), `${name}.pdf`);
    writeFileSync(file, bytes);
    const pages = await readPdf(readFileSync(file));
    const text = pages.map((p) => p.text).join("\n");
    const flat = text.replace(/\s+/g, " ");

    const limit = MAX_PAGES[path] ?? DEFAULT_MAX_PAGES;
    assert.ok(pages.length >= 1 && pages.length <= limit,
      `${path}: ${pages.length} pages, at most ${limit} allowed`);
    for (const page of pages) {
      assert.ok(Math.abs(page.width - A4_POINTS.width) < 1 && Math.abs(page.height - A4_POINTS.height) < 1,
        `${path}: a page of ${page.width}×${page.height} pt is not A4`);
    }
    for (const figure of figures) {
      assert.ok(flat.includes(figure), `${path}: the printout lacks ${figure}`);
    }
    if (status === undefined) {
      if (quotesFigures) {
        assert.ok(flat.includes(`Nguồn: ${SOURCE}`), `${path}: the printout lacks its source`);
      }
      // Where it came from and when: the page's address and the print date.
      assert.match(flat, /Ngày in: \d{2}\/\d{2}\/\d{4}/, `${path}: no print date`);
      const address = `${site.server.url}${path === "/" ? "/" : path}`;
      assert.ok(flat.includes(address), `${path}: the printout lacks its address ${address}`);
    }
    assert.ok(navigation.length > 0 && !flat.includes(navigation),
      `${path}: the printout shows the navigation`);
    for (const screenOnly of SCREEN_ONLY) {
      assert.ok(!flat.includes(screenOnly), `${path}: the printout shows "${screenOnly}"`);
    }
    // Page numbers in the margin: "Trang 1/2".
    assert.ok(flat.includes(`Trang 1/${pages.length}`), `${path}: no page number`);
  });
}

test("the briefing fits one sheet, with its table headings and a QR code", async () => {
  const { bytes } = await print("/ban-tin");
  const [first, ...rest] = await readPdf(bytes);
  const flat = first.text.replace(/\s+/g, " ");
  for (const heading of ["Chỉ tiêu", "Đơn vị", "Ước thực hiện năm 2023", "So kế hoạch (%)", "So cùng kỳ (%)"]) {
    assert.ok(flat.includes(heading), `the briefing lacks the column ${heading}`);
  }
  assert.ok(flat.includes("Tình trạng số liệu: ước tính"));
  assert.ok(flat.includes("Quét mã để xem bản trực tuyến"));
  assert.ok(rest.length <= 1, `the briefing takes ${rest.length + 1} pages`);
});
