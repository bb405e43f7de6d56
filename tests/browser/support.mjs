// What every browser test shares: the real server (the binary cargo built,
// with its own database made from the committed seed) and headless Chromium.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, "..", "..");

/** Where a run leaves PDFs, screenshots and reports for a person to look at. */
export const ARTIFACTS = process.env.BROWSER_ARTIFACTS ?? join(ROOT, "target", "browser");

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Chromium's flags for a closed network without a display. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Every page of the site, with the figures (as the seed publishes them)
 *  that its printout must carry. */
export const PAGES = [
  { path: "/", name: "tong-quan", figures: ["31.620,6 tỷ đồng", "108.000 tỷ đồng", "680 triệu USD", "141 triệu USD", "38/63"] },
  { path: "/ban-tin", name: "ban-tin", figures: ["31.620,6", "109,45", "101,69", "108.000", "120,48", "680", "103,03", "141", "128", "100,7", "539", "38/63", "3/5"] },
  { path: "/cong-nghiep", name: "cong-nghiep", figures: ["31.620,6 tỷ đồng", "101,69%"] },
  { path: "/ban-le", name: "ban-le", figures: ["108.000 tỷ đồng", "90.173", "83,49"] },
  { path: "/xuat-nhap-khau", name: "xuat-nhap-khau", figures: ["680 triệu USD", "141 triệu USD", "539"] },
  { path: "/thuong-mai-dien-tu", name: "thuong-mai-dien-tu", figures: ["38/63", "3/5"] },
  { path: "/hoat-dong", name: "hoat-dong", figures: ["38/63"] },
  { path: "/du-lieu", name: "du-lieu", figures: [] },
  { path: "/gioi-thieu", name: "gioi-thieu", figures: [] },
  { path: "/bieu-do/co-cau-ban-le", name: "bieu-do-co-cau-ban-le", figures: ["90.173", "83,49"] },
  { path: "/bieu-do/can-can-thuong-mai", name: "bieu-do-can-can-thuong-mai", figures: ["680", "141", "539"] },
  { path: "/nhung/co-cau-ban-le", name: "nhung-co-cau-ban-le", figures: ["90.173"] },
  { path: "/so-lieu/industry.output", name: "so-lieu", figures: ["31.620,6", "9,45%"] },
  { path: "/xuat-nhap-khau/ngay-2023-12-31", name: "xuat-nhap-khau-theo-ngay", figures: ["680 triệu USD", "31/12/2023"] },
  // Lists imports, not figures: no source of figures to print.
  { path: "/cap-nhat", name: "cap-nhat", figures: ["số liệu mới"], quotesFigures: false },
  // Announces dates, not figures.
  { path: "/lich-cong-bo", name: "lich-cong-bo", figures: [], quotesFigures: false },
  { path: "/khong-co-trang-nay", name: "loi-404", status: 404, figures: [] },
];

export const SOURCE = "Báo Tiền Phong, 12/2023";

export function artifactDir(kind) {
  const dir = join(ARTIFACTS, kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts the site on a free port of 127.0.0.1 with its own database, and
 *  waits until it answers. Its base URL is its own address, so canonical
 *  links and the briefing's QR code lead to the server under test. `seed`
 *  is what the database is made from: the 2023 interview alone (whose
 *  pages the suite checks figure by figure), or `full`, with the public
 *  record 2020–2025 as the site runs. */
export async function startServer(seed = "interview") {
  const binary = process.env.CONGTHUONG_BIN ?? join(ROOT, "target", "debug", "congthuong");
  const dataDir = mkdtempSync(join(tmpdir(), "congthuong-browser-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ["serve", "--seed", seed, "--addr", `127.0.0.1:${port}`, "--db", join(dataDir, "site.sqlite"),
      "--static-dir", join(ROOT, "static"), "--base-url", url],
    { cwd: ROOT, env: { ...process.env, RUST_LOG: "warn" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer within 20 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    db: join(dataDir, "site.sqlite"),
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `url` answers (any status), or fails with the log. */
async function waitFor(url, child, log) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}:\n${log()}`);
    }
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer within 20 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the program's command line; its standard output. */
export async function congthuong(args) {
  const binary = process.env.CONGTHUONG_BIN ?? join(ROOT, "target", "debug", "congthuong");
  const child = spawn(binary, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => { out += chunk; });
  child.stderr.on("data", (chunk) => { err += chunk; });
  const code = await new Promise((resolveExit) => child.once("exit", resolveExit));
  if (code !== 0) throw new Error(`congthuong ${args.join(" ")} exited with ${code}:\n${err}`);
  return out;
}

/** Starts the staff side beside `site` (a `startServer` result), on its
 *  public database and a drafts database of its own. */
export async function startAdmin(site) {
  const binary = process.env.CONGTHUONG_BIN ?? join(ROOT, "target", "debug", "congthuong");
  const drafts = join(site.dataDir, "quan-tri.sqlite");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ["admin", "--addr", `127.0.0.1:${port}`, "--db", site.db, "--drafts", drafts, "--base-url", url],
    { cwd: ROOT, env: { ...process.env, RUST_LOG: "warn" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
  await waitFor(`${url}/dang-nhap`, child, () => log);
  return {
    url,
    drafts,
    /** Makes an account; its one-time password. */
    async addUser(name, role) {
      const out = await congthuong(["user", "add", name, "--role", role, "--drafts", drafts]);
      return out.trim().split("\n").at(-1);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS.slice(1) });
}

/** The site and a browser for the tests of one file: started before the
 *  first, stopped after the last. Tests read `.server` and `.browser`. */
export function siteAndBrowser(seed = "interview") {
  const running = {};
  before(async () => {
    running.server = await startServer(seed);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** Opens `path` and records what a reader would never see: console errors,
 *  uncaught exceptions and failed requests. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  const response = await page.goto(url, { waitUntil: "networkidle" });
  return { page, response, problems };
}
