// Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on every
// page, no console errors, a skip link and visible keyboard focus.

import assert from "node:assert/strict";
import { test } from "node:test";

import AxeBuilder from "@axe-core/playwright";

import { PAGES, openPage, siteAndBrowser } from "./support.mjs";

const site = siteAndBrowser();

function describe(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`)
    .join("\n");
}

for (const { path, status } of PAGES) {
  test(`${path}: no axe violations and no console errors`, async () => {
    const context = await site.browser.newContext();
    const { page, response, problems } = await openPage(context, site.server.url + path);
    assert.equal(response.status(), status ?? 200);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    assert.equal(results.violations.length, 0, describe(results.violations));
    // An error page is answered with its status on purpose; the browser
    // reports that status as a failed load, which is not a fault.
    const unexpected = problems.filter((p) => !(status && p.includes(`status of ${status}`)));
    assert.deepEqual(unexpected, []);
    await context.close();
  });
}

test("the first Tab reaches a visible skip link that leads to the content", async () => {
  const context = await site.browser.newContext();
  const { page } = await openPage(context, site.server.url + "/");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const element = document.activeElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {
      text: element.textContent,
      href: element.getAttribute("href"),
      visible: box.top >= 0 && box.bottom <= innerHeight && box.width > 0,
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    };
  });
  assert.equal(focused.text, "Bỏ qua phần điều hướng");
  assert.equal(focused.href, "#noi-dung");
  assert.ok(focused.visible, "the focused skip link is off screen");
  assert.ok(focused.outline, "the focused skip link has no visible outline");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#noi-dung");
  await context.close();
});

test("every link and control shows where the keyboard focus is", async () => {
  const context = await site.browser.newContext();
  const { page } = await openPage(context, site.server.url + "/ban-tin");
  const seen = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      return {
        name: `${element.tagName} ${element.textContent.trim().slice(0, 40)}`,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (focus === null) break;
    seen.push(focus);
  }
  assert.ok(seen.length > 10, `only ${seen.length} focusable elements`);
  const hidden = seen.filter((f) => !f.outline).map((f) => f.name);
  assert.deepEqual(hidden, [], "focus without a visible outline");
  // With JavaScript, the briefing's print control is a real button.
  assert.ok(seen.some((f) => f.name === "BUTTON In bản tin"), "no print button reached by Tab");
  await context.close();
});

test("the print control works without JavaScript, as an instruction", async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  const { page } = await openPage(context, site.server.url + "/ban-tin");
  const control = await page.locator("[data-print-control]").innerText();
  assert.match(control, /Ctrl\+P/);
  assert.equal(await page.locator("[data-print-control] button").count(), 0);
  await context.close();
});

test("the print button opens the browser's print dialog", async () => {
  const context = await site.browser.newContext();
  const { page } = await openPage(context, site.server.url + "/ban-tin");
  // Record window.print() rather than open a dialog a headless browser
  // cannot close.
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed += 1; };
  });
  await page.getByRole("button", { name: "In bản tin" }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  await context.close();
});

test("the site has a favicon", async () => {
  const response = await fetch(`${site.server.url}/static/favicon.svg`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /image\/svg\+xml/);
});
