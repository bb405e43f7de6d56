// The staff side in a real browser, end to end and without JavaScript of
// its own: an editor signs in, chooses a password, uploads the entry
// template filled in, sees the rows and a warning, gives a reason and
// submits; an approver approves, previews what would change (and a page
// as it would look, under the draft banner), announces a slot on the
// release calendar a minute or two ahead and schedules the set into it;
// at that minute the admin publishes it and the public page shows the
// figure with its source, the calendar says it is out. Every admin page
// on the way passes axe.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import AxeBuilder from "@axe-core/playwright";

import { launchBrowser, startAdmin, startServer } from "./support.mjs";

const running = {};
before(async () => {
  running.site = await startServer();
  running.admin = await startAdmin(running.site);
  running.browser = await launchBrowser();
});
after(async () => {
  await running.browser?.close();
  await running.admin?.stop();
  await running.site?.stop();
});

function describe(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`)
    .join("\n");
}

/** axe (WCAG 2.1 A and AA) on the page as it is now. */
async function accessible(page, where) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  assert.equal(results.violations.length, 0, `${where}:\n${describe(results.violations)}`);
}

/** The entry template with `rows` typed into its figures sheet (as text
 *  cells, as a person types them), written to a file. Python's zipfile
 *  rewrites the workbook: the machine has Python, and the suite no zip
 *  library. */
function filledTemplate(template, rows) {
  const dir = mkdtempSync(join(tmpdir(), "congthuong-mau-"));
  const empty = join(dir, "mau.xlsx");
  const filled = join(dir, "so-lieu-thang-12.xlsx");
  writeFileSync(empty, template);
  const script = `
import json, sys, zipfile
from xml.sax.saxutils import escape
rows = json.loads(sys.argv[3])
cells = ""
for r, row in enumerate(rows, start=2):
    cells += f'<row r="{r}">'
    for c, value in enumerate(row):
        if value:
            cells += f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    cells += "</row>"
with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            data = data.decode().replace("</sheetData>", cells + "</sheetData>").encode()
        out.writestr(item, data)
`;
  execFileSync("python3", ["-c", script, empty, filled, JSON.stringify(rows)]);
  return filled;
}

/** A row of the template's columns (data/README.md), by name. */
function row(values) {
  const columns = ["indicator", "year", "value", "period", "territory", "publisher", "kind", "unit",
    "plan", "plan_pct", "change_pct", "change_low", "change_high", "change_places", "share_pct",
    "out_of", "status", "basis", "sub_territory", "published", "url", "source", "note"];
  return columns.map((column) => values[column] ?? "");
}

async function signInFirstTime(context, name, oneTimePassword, password) {
  const page = await context.newPage();
  await page.goto(`${running.admin.url}/`);
  assert.match(page.url(), /\/dang-nhap$/, "an address without a session leads to signing in");
  await accessible(page, "đăng nhập");
  await page.getByLabel("Tên tài khoản").fill(name);
  await page.getByLabel("Mật khẩu").fill(oneTimePassword);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/mat-khau$/, `the first sign-in asks for a password of one's own: ${await page.locator("main").innerText()}`);
  await accessible(page, "đổi mật khẩu");
  await page.getByLabel("Mật khẩu hiện tại").fill(oneTimePassword);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(password);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(password);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  return page;
}

/** A day and minute on Vietnam's clock (UTC+7), as the calendar's form
 *  takes them, `seconds` from now rounded down to the minute. */
function vietnamSlot(seconds) {
  const at = new Date(Date.now() + seconds * 1000 + 7 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return {
    day: `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`,
    time: `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`,
    label: `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`,
  };
}

async function publicText(path) {
  return (await fetch(`${running.site.url}${path}`)).text();
}

test("an editor uploads the template, an approver previews and schedules it, at its minute the public page shows the figure", async () => {
  const editorPassword = await running.admin.addUser("lan", "bien-tap");
  const approverPassword = await running.admin.addUser("minh", "duyet");

  // The editor.
  const editorContext = await running.browser.newContext();
  const editor = await signInFirstTime(editorContext, "lan", editorPassword, "cà phê sữa đá mỗi sáng thứ hai");
  assert.match(editor.url(), /\/$/);
  await accessible(editor, "danh sách bộ thay đổi");
  await editor.getByLabel("Tên", { exact: true }).fill("Xuất khẩu năm 2023 (bản kiểm thử)");
  await editor.getByRole("button", { name: "Tạo" }).click();
  assert.match(editor.url(), /\/bo-thay-doi\/\d+$/);

  const template = Buffer.from(await (await fetch(`${running.site.url}/du-lieu/mau-nhap-lieu.xlsx`)).arrayBuffer());
  const file = filledTemplate(template, [
    row({ indicator: "trade.export", year: "2023", value: "987654,321", period: "year", territory: "gia-lai-cu",
      publisher: "so-cong-thuong", status: "official", published: "2024-01-10", source: "Báo cáo kiểm thử của Sở" }),
    row({ indicator: "trade.export", year: "2023", value: "987000", period: "year", territory: "gia-lai-cu",
      publisher: "thong-ke", status: "official", published: "2024-01-12", source: "Báo cáo kiểm thử của Cục Thống kê" }),
  ]);
  await editor.getByLabel(/Mẫu nhập liệu/).setInputFiles(file);
  await editor.getByRole("button", { name: "Tải lên" }).click();
  const rows = await editor.locator("#cac-dong tbody tr").allInnerTexts();
  assert.equal(rows.length, 2, rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("987.654,321")), rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("Cảnh báo")), `a warning: ${rows.join("\n")}`);
  await accessible(editor, "bộ thay đổi có cảnh báo");

  // A warning passes only with a written reason.
  const reasons = editor.getByLabel("Lý do bỏ qua cảnh báo");
  while (await reasons.count() > 0) {
    await reasons.first().fill("Hai nơi công bố hai số khác nhau; giữ cả hai.");
    await editor.getByRole("button", { name: "Ghi lý do" }).first().click();
  }
  await editor.getByRole("button", { name: "Gửi duyệt" }).click();
  assert.equal((await editor.locator("#tinh-trang").innerText()).trim(), "Chờ duyệt");
  const setUrl = editor.url();

  // Not on the public site yet.
  const before = await (await fetch(`${running.site.url}/so-lieu/trade.export`)).text();
  assert.ok(!before.includes("987.654,321"), "a draft is not public");

  // The approver.
  const approverContext = await running.browser.newContext();
  const approver = await signInFirstTime(approverContext, "minh", approverPassword, "một người duyệt cẩn thận 2026");
  await approver.goto(setUrl);
  await accessible(approver, "bộ thay đổi chờ duyệt");
  await approver.getByRole("button", { name: "Duyệt" }).click();
  assert.equal((await approver.locator("#tinh-trang").innerText()).trim(), "Đã duyệt");

  // The preview: the figures and files that would change, and a page as
  // it would look under the draft banner.
  await approver.getByRole("link", { name: /Xem trước những gì sẽ thay đổi/ }).click();
  await accessible(approver, "xem trước");
  const figures = await approver.locator("#so-lieu-thay-doi").innerText();
  assert.match(figures, /Kim ngạch xuất khẩu năm 2023 .*Sở Công Thương\): 680 → 987\.654,321 triệu USD/, figures);
  const files = await approver.locator("table.tep-thay-doi").allInnerTexts();
  assert.ok(files.join("\n").includes("/xuat-nhap-khau"), files.join("\n"));
  await approver.locator("table.tep-thay-doi a", { hasText: /^\/xuat-nhap-khau$/ }).click();
  await approver.waitForLoadState();
  assert.match(await approver.locator(".ban-nhap").innerText(), /BẢN NHÁP – CHƯA CÔNG BỐ/);
  assert.ok((await approver.locator("main").innerText()).includes("987.654,321"));
  await accessible(approver, "trang xem trước");
  await approver.getByRole("link", { name: "Về danh sách thay đổi" }).click();
  await approver.getByRole("link", { name: /← / }).click();

  // A slot on the calendar a minute or two ahead, and the set in it.
  const slot = vietnamSlot(120);
  await approver.goto(`${running.admin.url}/lich-cong-bo`);
  await approver.getByLabel("Tên", { exact: true }).fill("Xuất khẩu năm 2023 (bản kiểm thử)");
  await approver.getByLabel("Ngày", { exact: true }).fill(slot.day);
  await approver.getByLabel("Giờ", { exact: true }).fill(slot.time);
  await approver.getByLabel("Tình trạng", { exact: true }).selectOption("da-xac-nhan");
  await approver.getByLabel("Kim ngạch xuất khẩu", { exact: true }).check();
  await approver.getByRole("button", { name: "Thêm vào lịch" }).click();
  await approver.goto(setUrl);
  await approver.getByLabel("Mục lịch công bố").selectOption({ label: `${slot.label} — Xuất khẩu năm 2023 (bản kiểm thử) (đã xác nhận)` });
  await approver.getByRole("button", { name: "Lên lịch công bố" }).click();
  assert.match(await approver.locator("#lich").innerText(), new RegExp(slot.label));
  await accessible(approver, "bộ thay đổi đã lên lịch");
  assert.ok(!(await publicText("/so-lieu/trade.export")).includes("987.654,321"), "not before its minute");

  // At its minute the admin publishes it: on the public site, with its
  // source, and the calendar says it is out.
  const deadline = Date.now() + 200_000;
  while (!(await publicText("/so-lieu/trade.export")).includes("987.654,321")) {
    assert.ok(Date.now() < deadline, "published within its minute");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  assert.ok(Date.now() >= Date.parse(`${slot.day}T${slot.time}:00+07:00`), "and not before it");
  await approver.reload();
  assert.equal((await approver.locator("#tinh-trang").innerText()).trim(), "Đã công bố");
  const publicPage = await approverContext.newPage();
  await publicPage.goto(`${running.site.url}/so-lieu/trade.export`);
  const text = await publicPage.locator("body").innerText();
  assert.ok(text.includes("987.654,321"), "published");
  assert.ok(text.includes("Báo cáo kiểm thử của Sở"), "with its source");
  await publicPage.goto(`${running.site.url}/lich-cong-bo`);
  const slotRow = publicPage.locator("#da-cong-bo ~ div tr", { hasText: "Xuất khẩu năm 2023 (bản kiểm thử)" });
  assert.equal(await slotRow.count(), 1, "the slot is out, listed once");
  assert.match(await slotRow.innerText(), /đã công bố/);
  assert.doesNotMatch(await slotRow.innerText(), /ngoài lịch/);

  // Signing out ends the session.
  await approver.getByRole("button", { name: "Đăng xuất" }).click();
  await approver.goto(setUrl);
  assert.match(approver.url(), /\/dang-nhap$/);

  await editorContext.close();
  await approverContext.close();
});

test("the administrator sees the accounts, and no figures", async () => {
  const password = await running.admin.addUser("an", "quan-tri");
  const context = await running.browser.newContext();
  const page = await signInFirstTime(context, "an", password, "người quản trị tài khoản 2026");
  await page.waitForLoadState();
  assert.match(page.url(), /\/tai-khoan$/, "an administrator works with accounts");
  await accessible(page, "tài khoản");
  const names = await page.locator("tbody tr td:first-child").allInnerTexts();
  assert.ok(names.includes("an"), names.join(", "));
  // The calendar: announced here, shown on the public site.
  await page.goto(`${running.admin.url}/lich-cong-bo`);
  await accessible(page, "lịch công bố (trống)");
  await page.getByLabel("Tên", { exact: true }).fill("Số liệu tháng 10 năm 2026");
  await page.getByLabel("Ngày", { exact: true }).fill("2027-11-03");
  await page.getByLabel("Kim ngạch xuất khẩu", { exact: true }).check();
  await page.getByRole("button", { name: "Thêm vào lịch" }).click();
  await accessible(page, "lịch công bố");
  const publicCalendar = await context.newPage();
  await publicCalendar.goto(`${running.site.url}/lich-cong-bo`);
  assert.match(await publicCalendar.getByRole("table", { name: "Các lần công bố sắp tới" }).innerText(), /03\/11\/2027 09:00/);
  await accessible(publicCalendar, "lịch công bố công khai");
  const refused = await page.goto(`${running.admin.url}/bo-thay-doi/1`);
  assert.equal(refused.status(), 403);
  await accessible(page, "trang lỗi");
  await context.close();
});
