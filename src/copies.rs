//! The folder of static copies (`publish --out DIR`): each release is a new
//! copy written beside the ones before and switched to in one step, so a
//! reader (nginx, a sync to a CDN) sees the previous copy whole until the
//! new one is complete, and a process killed at any point leaves the
//! previous copy served; the next run writes the release again.
//!
//! - `DIR/ban/<name>/` — a copy: `site/`, its `manifest.json` (every
//!   file's hash and headers), `nginx.conf`, and `thay-doi.txt` (the
//!   addresses it changed). The last [`KEPT`] are kept.
//! - `DIR/site` — a symbolic link to the current copy's `site/`, replaced
//!   by a rename (atomic on POSIX file systems): the folder to serve.
//! - `DIR/nginx.conf` — the server block, serving `DIR/site`.
//! - `DIR/nhat-ky.tsv` — one line per copy switched to: when, which, why,
//!   how many files written anew, how many addresses changed.
//! - `DIR/hook.json` — how the last hook run went, for the staff side.
//! - `DIR/.khoa` — held while a copy is made: two processes (the admin and
//!   `publish-due`, or cron's `publish`) make copies one after the other.
//!
//! A hook (a shell command from configuration, e.g. an `rsync` to the web
//! host or a CDN purge) runs after each switch with the changed addresses
//! on its standard input; its failure is kept, shown in the admin as "đã
//! ghi, chưa lên mạng", and may be retried.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::db::Store;
use std::time::Instant;

use crate::publish::{self as site_files, Manifest, Reuse, Summary, compare};

/// How many copies stay on disk.
pub const KEPT: usize = 10;

const COPIES: &str = "ban";
const MANIFEST: &str = "manifest.json";
const CHANGED: &str = "thay-doi.txt";
const LOG: &str = "nhat-ky.tsv";
const HOOK_STATUS: &str = "hook.json";

/// A static copy kept up to date after each release: where, from what,
/// and the hook to run after each switch.
#[derive(Debug, Clone)]
pub struct StaticCopy {
    pub out: PathBuf,
    pub static_dir: PathBuf,
    pub base_url: String,
    pub nginx_listen: String,
    pub hook: Option<String>,
}

impl StaticCopy {
    /// A new copy of the site as `store` holds it, switched to, and the
    /// hook run. A failed hook leaves the copy switched (and says so in
    /// `hook.json`); the summary is returned either way.
    pub fn update(&self, store: Store) -> anyhow::Result<(Summary, Option<HookStatus>)> {
        let summary = publish(
            store,
            &self.static_dir,
            &self.base_url,
            &self.out,
            &self.nginx_listen,
        )?;
        let status = self.run_hook(&summary.copy, &summary.changed)?;
        Ok((summary, status))
    }

    /// Runs the hook (if there is one) for `copy`, with `changed` on its
    /// standard input, and keeps how it went.
    pub fn run_hook(&self, copy: &str, changed: &[String]) -> anyhow::Result<Option<HookStatus>> {
        let Some(hook) = &self.hook else {
            return Ok(None);
        };
        let copies = Copies::open(&self.out)?;
        let status = copies.run_hook(hook, copy, changed);
        copies.keep_hook_status(&status)?;
        Ok(Some(status))
    }

    /// Runs the hook again for the current copy and what it changed.
    pub fn retry_hook(&self) -> anyhow::Result<Option<HookStatus>> {
        let copies = Copies::open(&self.out)?;
        let Some(copy) = copies.current_name()? else {
            bail!("chưa có bản tĩnh nào");
        };
        let changed = copies.changed_of(&copy)?;
        self.run_hook(&copy, &changed)
    }
}

/// What a copy is made from: the record's version (its file's time and
/// length) and the day (pages carry it).
pub fn source_of(store: &Store) -> String {
    format!(
        "{:?} {}",
        store.data_version(),
        crate::format::vietnam_clock().0
    )
}

impl StaticCopy {
    /// Whether the current copy was made from another record or day than
    /// `store`'s now (or there is none).
    pub fn is_behind(&self, store: &Store) -> bool {
        Copies::open(&self.out)
            .and_then(|copies| copies.current())
            .map_or(true, |current| {
                current.is_none_or(|(_, manifest)| manifest.source != source_of(store))
            })
    }
}

/// How the hook went after a switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookStatus {
    pub copy: String,
    pub ok: bool,
    /// UTC, when it ended.
    pub at: String,
    /// Its exit status and the end of what it wrote to standard error.
    pub message: String,
    pub paths: usize,
}

/// Writes the site as it stands in `store` as a new copy under `out` and
/// switches to it (see the module's notes); `base_url` is its public
/// address, for absolute links. Progress goes to standard error when it
/// is a terminal.
pub fn publish(
    store: Store,
    static_dir: &Path,
    base_url: &str,
    out: &Path,
    nginx_listen: &str,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    crate::web::assets::load(static_dir)
        .with_context(|| format!("{}: không đọc được thư mục tệp tĩnh", static_dir.display()))?;
    let out = absolute(out)?;
    let copies = Copies::open(&out)?;
    let _lock = copies.lock()?;
    let site = crate::web::Site::new(base_url);
    let previous = copies.current()?;
    // Read before rendering: a release during it makes the copy behind.
    let source = source_of(&store);
    let reuse = previous
        .as_ref()
        .map_or(Reuse::Nothing, |(_, manifest)| Reuse::Previous(manifest));
    let answers = site_files::render(&store, static_dir, &site, reuse)?;
    let staging = copies.staging()?;
    let result = site_files::write_copy(
        &answers,
        previous
            .as_ref()
            .map(|(dir, manifest)| (dir.as_path(), manifest)),
        &staging,
        &site,
        &copies.site_link(),
        nginx_listen,
    );
    let (mut manifest, mut summary) = match result {
        Ok(written) => written,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    summary.changed = match &previous {
        Some((_, before)) => compare(before, &answers)
            .into_iter()
            .map(|(path, _)| path)
            .collect(),
        None => manifest.files.iter().map(|f| f.path.clone()).collect(),
    };
    manifest.source = source;
    summary.copy = copies.switch_to(staging, &manifest, &summary)?;
    summary.elapsed = started.elapsed();
    summary.out = out;
    Ok(summary)
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// The folder of copies.
pub struct Copies {
    out: PathBuf,
}

/// Held while a copy is made; released when dropped.
pub struct Lock(File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

impl Copies {
    /// The folder `out` (made if missing, with its parent's existence
    /// checked by the caller's path).
    pub fn open(out: &Path) -> anyhow::Result<Copies> {
        std::fs::create_dir_all(out.join(COPIES))
            .with_context(|| format!("không tạo được {}", out.join(COPIES).display()))?;
        Ok(Copies {
            out: out.to_path_buf(),
        })
    }

    /// Waits for any other process making a copy here, then holds the
    /// folder until the lock is dropped.
    pub fn lock(&self) -> anyhow::Result<Lock> {
        let path = self.out.join(".khoa");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("không mở được {}", path.display()))?;
        file.lock()
            .with_context(|| format!("không giữ được {}", path.display()))?;
        Ok(Lock(file))
    }

    /// `DIR/site`, the folder to serve.
    pub fn site_link(&self) -> PathBuf {
        self.out.join("site")
    }

    /// The current copy's name, if `DIR/site` leads to one.
    pub fn current_name(&self) -> anyhow::Result<Option<String>> {
        let Ok(target) = std::fs::read_link(self.site_link()) else {
            return Ok(None);
        };
        // `ban/<name>/site`
        Ok(target
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned()))
    }

    /// The current copy's folder and manifest.
    pub fn current(&self) -> anyhow::Result<Option<(PathBuf, Manifest)>> {
        let Some(name) = self.current_name()? else {
            return Ok(None);
        };
        let dir = self.out.join(COPIES).join(&name);
        match Manifest::read(&dir.join(MANIFEST)) {
            Ok(manifest) => Ok(Some((dir, manifest))),
            // A copy without its manifest is written again whole.
            Err(_) => Ok(None),
        }
    }

    /// A fresh folder to write a copy in; what a killed run left is
    /// removed (the lock says no one else is writing).
    pub fn staging(&self) -> anyhow::Result<PathBuf> {
        let copies = self.out.join(COPIES);
        for entry in std::fs::read_dir(&copies)? {
            let entry = entry?;
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(".dang-ghi-")
            {
                std::fs::remove_dir_all(entry.path())?;
            }
        }
        let staging = copies.join(format!(".dang-ghi-{}", std::process::id()));
        std::fs::create_dir_all(&staging)?;
        Ok(staging)
    }

    /// The copies on disk, oldest first.
    pub fn list(&self) -> anyhow::Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(self.out.join(COPIES))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        Ok(names)
    }

    /// The addresses a copy changed, as kept with it.
    pub fn changed_of(&self, copy: &str) -> anyhow::Result<Vec<String>> {
        let path = self.out.join(COPIES).join(copy).join(CHANGED);
        Ok(std::fs::read_to_string(&path)
            .with_context(|| format!("không đọc được {}", path.display()))?
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// A name after every copy's: the time, and a number if need be.
    fn new_name(&self) -> anyhow::Result<String> {
        let now = crate::format::now_utc();
        let stamp: String = now.chars().filter(char::is_ascii_digit).collect();
        let base = format!("{}-{}", &stamp[..8], &stamp[8..14]);
        let taken = self.list()?;
        let mut name = base.clone();
        let mut n = 1;
        while taken.iter().any(|t| *t >= name) {
            n += 1;
            name = format!("{base}-{n:03}");
        }
        Ok(name)
    }

    /// Completes the copy written in `staging` (its manifest and list of
    /// changes), moves it among the copies, points `DIR/site` at it in one
    /// rename, puts its nginx block in place, logs it and drops the
    /// oldest copies beyond [`KEPT`]. Its name.
    pub fn switch_to(
        &self,
        staging: PathBuf,
        manifest: &Manifest,
        summary: &Summary,
    ) -> anyhow::Result<String> {
        std::fs::write(staging.join(MANIFEST), serde_json::to_vec(manifest)?)?;
        let mut changed = summary.changed.join("\n");
        changed.push('\n');
        std::fs::write(staging.join(CHANGED), changed)?;
        let name = self.new_name()?;
        let dir = self.out.join(COPIES).join(&name);
        sync_dir(&staging)?;
        std::fs::rename(&staging, &dir).with_context(|| format!("không đặt được bản {name}"))?;
        self.point_at(&name)?;
        self.log(
            &name,
            "xuat-ban",
            summary.rewritten,
            summary.changed.len(),
            "",
        )?;
        self.prune()?;
        Ok(name)
    }

    /// Points `DIR/site` at copy `name` and puts its nginx block in place.
    fn point_at(&self, name: &str) -> anyhow::Result<()> {
        let link = self.site_link();
        let fresh = self.out.join(".site-moi");
        let _ = std::fs::remove_file(&fresh);
        std::os::unix::fs::symlink(Path::new(COPIES).join(name).join("site"), &fresh)?;
        // An export made before copies were kept is a folder: it goes
        // aside first (the one moment nothing is served, once).
        if link.is_dir() && std::fs::read_link(&link).is_err() {
            let aside = self.out.join(format!(".site-cu-{}", std::process::id()));
            std::fs::rename(&link, &aside)?;
            std::fs::rename(&fresh, &link)?;
            std::fs::remove_dir_all(&aside)?;
        } else {
            std::fs::rename(&fresh, &link)
                .with_context(|| format!("không chuyển được {} sang bản {name}", link.display()))?;
        }
        let nginx = std::fs::read(self.out.join(COPIES).join(name).join("nginx.conf"))?;
        let partial = self.out.join(".nginx.conf.moi");
        std::fs::write(&partial, nginx)?;
        std::fs::rename(&partial, self.out.join("nginx.conf"))?;
        sync_dir(&self.out)?;
        Ok(())
    }

    fn log(
        &self,
        name: &str,
        kind: &str,
        rewritten: usize,
        changed: usize,
        note: &str,
    ) -> anyhow::Result<()> {
        let mut log = File::options()
            .create(true)
            .append(true)
            .open(self.out.join(LOG))?;
        writeln!(
            log,
            "{}\t{name}\t{kind}\t{rewritten}\t{changed}\t{}",
            crate::format::now_utc(),
            note.replace(['\t', '\n'], " ")
        )?;
        Ok(())
    }

    /// The log, oldest first: when, copy, kind, rewritten, changed, note.
    pub fn history(&self) -> anyhow::Result<Vec<Vec<String>>> {
        let text = std::fs::read_to_string(self.out.join(LOG)).unwrap_or_default();
        Ok(text
            .lines()
            .map(|line| line.split('\t').map(str::to_string).collect())
            .collect())
    }

    fn prune(&self) -> anyhow::Result<()> {
        let current = self.current_name()?;
        let names = self.list()?;
        let excess = names.len().saturating_sub(KEPT);
        for name in names.iter().take(excess) {
            if Some(name) != current.as_ref() {
                std::fs::remove_dir_all(self.out.join(COPIES).join(name))?;
            }
        }
        Ok(())
    }

    /// Back to copy `to` (by default the one before the current), as a new
    /// copy of its files (hard links), switched to and logged with
    /// `reason`. The new copy's name and the addresses it changes.
    pub fn rollback(
        &self,
        to: Option<&str>,
        reason: &str,
    ) -> anyhow::Result<(String, Vec<String>)> {
        let _lock = self.lock()?;
        let names = self.list()?;
        let current = self.current_name()?;
        let target = match to {
            Some(name) if names.iter().any(|n| n == name) => name.to_string(),
            Some(name) => bail!(
                "không có bản “{name}”; các bản còn giữ: {}",
                names.join(", ")
            ),
            None => {
                let before: Vec<&String> = names
                    .iter()
                    .filter(|n| current.as_ref().is_none_or(|c| *n < c))
                    .collect();
                match before.last() {
                    Some(name) => (*name).clone(),
                    None => bail!("không có bản nào trước bản hiện tại"),
                }
            }
        };
        let from = self.out.join(COPIES).join(&target);
        let mut manifest = Manifest::read(&from.join(MANIFEST))?;
        let changed: Vec<String> = match self.current()? {
            Some((_, now)) => {
                // Made from the record as it stands: a copy kept up to
                // date (`publish-due`) does not undo the return until the
                // record or the day changes.
                manifest.source = now.source.clone();
                let answers: Vec<site_files::Answer> = manifest
                    .files
                    .iter()
                    .map(|f| site_files::Answer {
                        path: f.path.clone(),
                        content_type: f.content_type.clone(),
                        headers: f.headers.clone(),
                        body: None,
                        hash: f.hash.clone(),
                        indexed: f.indexed,
                    })
                    .collect();
                compare(&now, &answers)
                    .into_iter()
                    .map(|(p, _)| p)
                    .collect()
            }
            None => manifest.files.iter().map(|f| f.path.clone()).collect(),
        };
        let staging = self.staging()?;
        link_tree(&from.join("site"), &staging.join("site"))?;
        std::fs::copy(from.join("nginx.conf"), staging.join("nginx.conf"))?;
        std::fs::write(staging.join(MANIFEST), serde_json::to_vec(&manifest)?)?;
        let mut list = changed.join("\n");
        list.push('\n');
        std::fs::write(staging.join(CHANGED), list)?;
        let name = self.new_name()?;
        sync_dir(&staging)?;
        std::fs::rename(&staging, self.out.join(COPIES).join(&name))?;
        self.point_at(&name)?;
        self.log(
            &name,
            "quay-lai",
            0,
            changed.len(),
            &format!("về bản {target}: {reason}"),
        )?;
        self.prune()?;
        Ok((name, changed))
    }

    fn run_hook(&self, hook: &str, copy: &str, changed: &[String]) -> HookStatus {
        let started = std::process::Command::new("sh")
            .arg("-c")
            .arg(hook)
            .current_dir(&self.out)
            .env("CONGTHUONG_SITE", self.site_link())
            .env("CONGTHUONG_BAN", copy)
            .env(
                "CONGTHUONG_THAY_DOI",
                self.out.join(COPIES).join(copy).join(CHANGED),
            )
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn();
        let outcome = started.and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                // A hook that does not read its input is not a failure.
                let _ = stdin.write_all(changed.join("\n").as_bytes());
                let _ = stdin.write_all(b"\n");
            }
            child.wait_with_output()
        });
        let (ok, message) = match outcome {
            Ok(output) if output.status.success() => (true, String::new()),
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let tail: String = stderr
                    .chars()
                    .rev()
                    .take(500)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                (false, format!("{}: {}", output.status, tail.trim()))
            }
            Err(error) => (false, format!("không chạy được lệnh: {error}")),
        };
        if !ok {
            tracing::error!("lệnh sau khi chuyển bản {copy} thất bại: {message}");
        }
        HookStatus {
            copy: copy.to_string(),
            ok,
            at: crate::format::now_utc(),
            message,
            paths: changed.len(),
        }
    }

    fn keep_hook_status(&self, status: &HookStatus) -> anyhow::Result<()> {
        let partial = self.out.join(".hook.json.moi");
        std::fs::write(&partial, serde_json::to_vec(status)?)?;
        std::fs::rename(&partial, self.out.join(HOOK_STATUS))?;
        Ok(())
    }

    /// How the last hook went, if one ran.
    pub fn hook_status(&self) -> Option<HookStatus> {
        let bytes = std::fs::read(self.out.join(HOOK_STATUS)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Every file under `from` linked (or copied) to the same place under `to`.
fn link_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Makes a folder's entries durable before the rename that publishes
/// them: a power cut after the switch does not leave a copy half on disk.
fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    File::open(dir)?.sync_all()?;
    Ok(())
}
