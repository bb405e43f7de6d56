//! The command line: `serve` (the default), `import`, `export` and `check`.
//!
//! Messages for staff are in Vietnamese; a command that fails says why in
//! one line (or one line per problem) on standard error and exits non-zero.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use std::io::Write;

use anyhow::Context;

use crate::check::{self, Verdict};
use crate::dataset;
use crate::db::{IfMissing, Opened, Store};
use crate::drafts::{AuditEntry, Clock, DraftStore, Role};
use crate::indicator::Catalogue;
use crate::spreadsheet;
use crate::startup::{Application, Seed, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "congthuong",
    version,
    about = "Trang số liệu của Sở Công Thương tỉnh Gia Lai",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand, the site is served with these options.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve(ServeArgs),
    /// Check a figures file and load it into the database, all or nothing.
    Import(ImportArgs),
    /// Write the figures as CSV, in the format `import` reads.
    Export(ExportArgs),
    /// Report how consistent the stored figures are.
    Check(DbArgs),
    /// Write the whole site to a folder, for any static web host or CDN:
    /// every page, chart and file, with `.gz`, `.br`, `sitemap.xml`,
    /// `_headers` and an nginx server block.
    Publish(PublishArgs),
    /// Serve the staff side (sign-in, change sets, approval), by default
    /// on 127.0.0.1:8081: a second process beside `serve`.
    Admin(AdminArgs),
    /// Staff accounts: add (prints a one-time password), disable, list.
    User {
        #[command(subcommand)]
        action: UserAction,
        #[command(flatten)]
        drafts: DraftsArgs,
    },
    /// The audit log: `verify` walks its hash chain.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
        #[command(flatten)]
        drafts: DraftsArgs,
    },
    /// Copies both databases, consistently, while the site serves and the
    /// admin writes (SQLite's online backup), into one folder.
    Backup(BackupArgs),
    /// Publishes the change sets whose calendar slot has come (for cron,
    /// every minute; the admin does the same on its own, never twice).
    PublishDue(PublishDueArgs),
    /// Returns the static copy to an earlier one, as a new copy, logged.
    Rollback(RollbackArgs),
}

#[derive(Debug, Args)]
struct PublishDueArgs {
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    drafts: DraftsArgs,
    #[command(flatten)]
    copy: CopyArgs,
}

/// The staff side's database, for every command that opens it.
#[derive(Debug, Args)]
struct DraftsArgs {
    /// The drafts database: accounts, sessions, change sets, audit log.
    #[arg(
        long = "drafts",
        default_value = "data/quan-tri.sqlite",
        value_name = "PATH",
        global = true
    )]
    path: PathBuf,
}

#[derive(Debug, Args)]
struct AdminArgs {
    #[arg(long, default_value = "127.0.0.1:8081", value_name = "HOST:PORT")]
    addr: String,
    /// The public database (it must exist: `serve` makes it).
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    drafts: DraftsArgs,
    /// The admin's own address; `https://…` makes the session cookie
    /// `Secure` (named `__Host-phien`).
    #[arg(long, default_value = "http://127.0.0.1:8081", value_name = "URL")]
    base_url: String,
    #[command(flatten)]
    copy: CopyArgs,
}

#[derive(Debug, clap::Subcommand)]
enum UserAction {
    /// Makes an account; its one-time password is the last line printed.
    Add {
        name: String,
        #[arg(long, value_name = "ROLE")]
        role: RoleArg,
    },
    /// Disables an account and ends its sessions.
    Disable { name: String },
    /// Lists the accounts.
    List,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    BienTap,
    Duyet,
    QuanTri,
}

#[derive(Debug, clap::Subcommand)]
enum AuditAction {
    /// Finds a row edited or removed (exit status 1 when one is).
    Verify,
}

#[derive(Debug, Args)]
struct BackupArgs {
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    drafts: DraftsArgs,
    /// The folder to write `congthuong.sqlite` and `quan-tri.sqlite` into
    /// (made if missing; files there are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct PublishArgs {
    /// The SQLite database; made from the committed seed if it does not exist.
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
    /// The folder of static files (CSS, fonts).
    #[arg(long, default_value = "static", value_name = "DIR")]
    static_dir: PathBuf,
    /// The folder to write: `DIR/site` (the files, a link to the current
    /// copy) and `DIR/nginx.conf`. Each run is a new copy under `DIR/ban/`,
    /// switched to in one step when complete; ten are kept.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The site's public address, for absolute URLs (share previews,
    /// citations, QR codes, the sitemap).
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// Where the nginx server block listens.
    #[arg(long, default_value = "80", value_name = "HOST:PORT")]
    nginx_listen: String,
    /// A shell command run after the new copy is switched to (an rsync to
    /// the web host, a CDN purge), the changed addresses on its standard
    /// input, one per line.
    #[arg(long, value_name = "CMD")]
    hook: Option<String>,
}

/// A static copy kept after each release, for `admin` and `publish-due`.
#[derive(Debug, Args)]
struct CopyArgs {
    /// Keep the static copy in this folder (as `publish --out`) up to date
    /// after each release.
    #[arg(long = "static-out", value_name = "DIR")]
    out: Option<PathBuf>,
    /// The public site's address, for the copy's absolute URLs and the
    /// previews' links.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_name = "URL")]
    public_url: String,
    /// The folder of static files (CSS, fonts).
    #[arg(long, default_value = "static", value_name = "DIR")]
    static_dir: PathBuf,
    #[arg(long, default_value = "80", value_name = "HOST:PORT")]
    nginx_listen: String,
    /// Run after each switch, as `publish --hook`.
    #[arg(long, value_name = "CMD")]
    hook: Option<String>,
}

impl CopyArgs {
    fn static_copy(&self) -> Option<crate::copies::StaticCopy> {
        Some(crate::copies::StaticCopy {
            out: self.out.clone()?,
            static_dir: self.static_dir.clone(),
            base_url: self.public_url.clone(),
            nginx_listen: self.nginx_listen.clone(),
            hook: self.hook.clone(),
        })
    }
}

#[derive(Debug, Args)]
struct RollbackArgs {
    /// The folder `publish --out` writes.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The copy to return to (a name under `DIR/ban/`); by default the
    /// one before the current.
    #[arg(long, value_name = "NAME")]
    to: Option<String>,
    /// Why, for the copies' log.
    #[arg(long)]
    reason: String,
    /// Run after the switch, as `publish --hook`.
    #[arg(long, value_name = "CMD")]
    hook: Option<String>,
    /// The staff side's database: the return is a row of its audit log
    /// when it exists.
    #[command(flatten)]
    drafts: DraftsArgs,
}

#[derive(Debug, Args)]
struct DbArgs {
    /// The SQLite database.
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The file to load: CSV (`,` or `;` between columns) or an Excel
    /// workbook made from the entry template (format: data/README.md).
    file: PathBuf,
    /// Check the file and say, figure by figure, what would be added,
    /// replaced or left unchanged, writing nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this year.
    #[arg(long, value_name = "YYYY", value_parser = parse_year_arg)]
    nam: Option<i32>,
}

fn parse_year_arg(text: &str) -> Result<i32, String> {
    crate::period::parse_year(text).map_err(|not_a_year| not_a_year.to_string())
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: String,
    /// The SQLite database; made from the committed seed if it does not exist.
    #[arg(long, default_value = "data/congthuong.sqlite", value_name = "PATH")]
    db: PathBuf,
    /// The folder of static files (CSS, fonts).
    #[arg(long, default_value = "static", value_name = "DIR")]
    static_dir: PathBuf,
    /// The site's public address, for absolute URLs in share previews,
    /// embed snippets and citations.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_name = "URL")]
    base_url: String,
    /// What a missing database is made from: `full` (the 2023 interview
    /// and the public record 2020–2025) or `interview` (the interview
    /// alone, as the tests use).
    #[arg(long, default_value = "full", value_name = "SEED")]
    seed: SeedArg,
    /// The folder a missing database is made from (`indicators.csv`,
    /// `observations.csv`, `activities.csv`, `public-record.csv`); by
    /// default the committed `data/`, built into the program.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SeedArg {
    Full,
    Interview,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Publishing asks the site for every file: a log line per answer would
    // bury its progress.
    init_logging(if matches!(cli.command, Some(Command::Publish(_))) {
        "warn"
    } else {
        "info"
    });
    let result = match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args).map(|()| ExitCode::SUCCESS),
        Command::Import(args) => import(args),
        Command::Export(args) => export(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check(args),
        Command::Publish(args) => publish(args).map(|()| ExitCode::SUCCESS),
        Command::Admin(args) => admin(args).map(|()| ExitCode::SUCCESS),
        Command::User { action, drafts } => user(action, &drafts.path),
        Command::Audit { action, drafts } => audit(action, &drafts.path),
        Command::Backup(args) => backup(args).map(|()| ExitCode::SUCCESS),
        Command::PublishDue(args) => publish_due(args).map(|()| ExitCode::SUCCESS),
        Command::Rollback(args) => rollback(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("congthuong: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn drafts_at(path: &std::path::Path) -> anyhow::Result<DraftStore> {
    DraftStore::open(path, Clock::system()).context("không mở được cơ sở dữ liệu quản trị")
}

fn user(action: UserAction, drafts: &std::path::Path) -> anyhow::Result<ExitCode> {
    let drafts = drafts_at(drafts)?;
    match action {
        UserAction::Add { name, role } => {
            let role = match role {
                RoleArg::BienTap => Role::Editor,
                RoleArg::Duyet => Role::Approver,
                RoleArg::QuanTri => Role::Administrator,
            };
            let new = drafts.add_account(&name, role)?;
            println!(
                "Đã tạo tài khoản “{}” ({}). Mật khẩu dùng một lần, phải đổi ở lần đăng nhập đầu:",
                new.account.name,
                role.name()
            );
            // Alone on the last line, for scripts.
            println!("{}", new.one_time_password);
        }
        UserAction::Disable { name } => {
            drafts.disable_account(&name)?;
            println!("Đã khóa tài khoản “{name}” và kết thúc các phiên đăng nhập của nó.");
        }
        UserAction::List => {
            for account in drafts.accounts()? {
                println!(
                    "{}\t{}\t{}\t{}",
                    account.name,
                    account.role.code(),
                    if account.disabled {
                        "đã khóa"
                    } else if account.must_change {
                        "chưa đổi mật khẩu lần đầu"
                    } else {
                        "đang dùng"
                    },
                    account.created_at
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn audit(action: AuditAction, drafts: &std::path::Path) -> anyhow::Result<ExitCode> {
    let AuditAction::Verify = action;
    let (rows, tampering) = drafts_at(drafts)?.verify_audit()?;
    if tampering.is_empty() {
        println!("Nhật ký kiểm tra nguyên vẹn: {rows} dòng, chuỗi băm khớp.");
        return Ok(ExitCode::SUCCESS);
    }
    for found in &tampering {
        println!("{found}");
    }
    println!(
        "Nhật ký kiểm tra đã bị can thiệp: {} chỗ không khớp trong {rows} dòng.",
        tampering.len()
    );
    Ok(ExitCode::FAILURE)
}

fn backup(args: BackupArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: không tạo được thư mục", args.out.display()))?;
    for (from, name) in [
        (&args.db, "congthuong.sqlite"),
        (&args.drafts.path, "quan-tri.sqlite"),
    ] {
        let to = args.out.join(name);
        crate::db::backup_file(from, &to)
            .with_context(|| format!("{}: không sao lưu được", from.display()))?;
        println!("Đã sao lưu {} → {}", from.display(), to.display());
    }
    Ok(())
}

fn publish_due(args: PublishDueArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.db)?;
    let drafts = drafts_at(&args.drafts.path)?;
    let published = crate::admin::publish_due(&store, &drafts)?;
    if published.is_empty() {
        println!("Không có bộ thay đổi nào đến giờ công bố.");
    }
    for id in &published {
        println!("Đã công bố bộ thay đổi {id} theo lịch.");
    }
    // The copy follows what was published here, by the admin or by an
    // import, and the day (its pages carry it): from cron, once a minute.
    if let Some(copy) = args.copy.static_copy()
        && (!published.is_empty() || copy.is_behind(&store))
    {
        let (summary, hook) = copy.update(store)?;
        report_copy(&summary, hook.as_ref());
    }
    Ok(())
}

/// What a new static copy wrote, and how its hook went.
fn report_copy(summary: &crate::publish::Summary, hook: Option<&crate::copies::HookStatus>) {
    let tenths = |n: u128| crate::format::number(&rust_decimal::Decimal::new(n as i64, 1));
    println!(
        "Đã ghi bản {} vào {}: {} tệp ({} trang), {} tệp ghi mới, {} địa chỉ thay đổi; {} MB, {} MB kể cả bản nén .gz và .br, trong {} giây.",
        summary.copy,
        summary.out.display(),
        summary.files,
        summary.pages,
        summary.rewritten,
        summary.changed.len(),
        tenths(u128::from(summary.bytes / 100_000)),
        tenths(u128::from(summary.bytes_with_compressed / 100_000)),
        tenths(summary.elapsed.as_millis() / 100),
    );
    match hook {
        Some(status) if status.ok => println!("Lệnh sau khi chuyển bản đã chạy xong."),
        Some(status) => eprintln!(
            "congthuong: đã ghi, chưa lên mạng: lệnh sau khi chuyển bản thất bại ({})",
            status.message
        ),
        None => {}
    }
}

fn rollback(args: RollbackArgs) -> anyhow::Result<()> {
    let copies = crate::copies::Copies::open(&args.out)?;
    let (name, changed) = copies.rollback(args.to.as_deref(), &args.reason)?;
    println!(
        "Đã quay lại: bản mới {name}, {} địa chỉ thay đổi.",
        changed.len()
    );
    if args.drafts.path.exists() {
        drafts_at(&args.drafts.path)?.audit(&AuditEntry {
            actor: "dòng lệnh".to_string(),
            role: "may-chu".to_string(),
            action: "quay-lai-ban-tinh".to_string(),
            object: format!("ban-tinh:{}", args.out.display()),
            after: format!("bản mới {name}; {} địa chỉ thay đổi", changed.len()),
            reason: args.reason.clone(),
            ..AuditEntry::default()
        })?;
    }
    if let Some(hook) = args.hook {
        let copy = crate::copies::StaticCopy {
            out: args.out,
            static_dir: PathBuf::new(),
            base_url: String::new(),
            nginx_listen: String::new(),
            hook: Some(hook),
        };
        if let Some(status) = copy.run_hook(&name, &changed)?
            && !status.ok
        {
            anyhow::bail!("đã ghi, chưa lên mạng: {}", status.message);
        }
    }
    Ok(())
}

fn admin(args: AdminArgs) -> anyhow::Result<()> {
    let settings = crate::admin::AdminSettings {
        addr: args.addr,
        db: args.db,
        drafts: args.drafts.path,
        base_url: args.base_url,
        due_every: std::time::Duration::from_secs(5),
        static_dir: args.copy.static_dir.clone(),
        public_url: args.copy.public_url.clone(),
        static_copy: args.copy.static_copy(),
    };
    actix_web::rt::System::new().block_on(async move {
        let application = crate::admin::AdminApp::build(&settings, Clock::system())?;
        tracing::info!("admin on http://{}", application.local_addr());
        let handle = application.handle();
        actix_web::rt::spawn(async move {
            if stop_signal().await.is_ok() {
                handle.stop(true).await;
            }
        });
        application.run_until_stopped().await?;
        Ok(())
    })
}

fn publish(args: PublishArgs) -> anyhow::Result<()> {
    let (store, _) = Store::open_with(&args.db, IfMissing::SeedAndRecord)
        .context("không mở được cơ sở dữ liệu")?;
    let copy = crate::copies::StaticCopy {
        out: args.out,
        static_dir: args.static_dir,
        base_url: args.base_url,
        nginx_listen: args.nginx_listen,
        hook: args.hook,
    };
    let (summary, hook) = copy.update(store)?;
    report_copy(&summary, hook.as_ref());
    if hook.is_some_and(|status| !status.ok) {
        anyhow::bail!("bản tĩnh đã ghi nhưng chưa lên mạng");
    }
    Ok(())
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let file = args.file.display();
    let bytes = std::fs::read(&args.file).with_context(|| format!("{file}: không đọc được tệp"))?;
    // Codes are checked against the database's own catalogue (a new
    // database gets the committed one).
    let catalogue = if args.db.db.exists() {
        Store::open(&args.db.db)?.catalogue()
    } else {
        Catalogue::committed()
    };
    // A workbook is read as the CSV its figures sheet makes, row for row.
    let read = spreadsheet::read_upload(&bytes, catalogue);
    let (figures, layout) = match read {
        Ok(read) => read,
        Err(rejected) => {
            eprintln!(
                "congthuong import: {file}: có {} lỗi, không ghi dữ liệu nào.",
                rejected.problems.len()
            );
            for problem in &rejected.problems {
                eprintln!("  {file}: {problem}");
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let checked = format!("{file}: {} dòng hợp lệ ({layout}).", figures.len());
    if args.dry_run {
        // Nothing is made or written: a missing database would get every
        // row as new.
        let report = if args.db.db.exists() {
            Store::open(&args.db.db)?.try_import(&figures)?
        } else {
            // An empty database of our own, in the temporary folder, for
            // the length of the run.
            let scratch = std::env::temp_dir().join(format!(
                "congthuong-thu-{}-{}.sqlite",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            let report = Store::open_with(&scratch, IfMissing::Empty)
                .and_then(|(store, _)| store.try_import(&figures));
            let _ = std::fs::remove_file(&scratch);
            report?
        };
        println!("{checked}");
        for outcome in &report.outcomes {
            println!("  {outcome}");
        }
        println!(
            "Chạy thử, không ghi gì: sẽ thêm {}, thay thế {}, không đổi {}.",
            report.added, report.replaced, report.unchanged
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (store, opened) = Store::open_with(&args.db.db, IfMissing::Empty)?;
    println!("{checked}");
    if opened == Opened::Created {
        println!("Đã tạo cơ sở dữ liệu mới {}.", args.db.db.display());
    }
    let report = store.import(&figures)?;
    // An import from the command line (automation) is kept in the staff
    // side's audit log too, when there is one beside the database.
    let drafts_path = args
        .db
        .db
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("quan-tri.sqlite");
    if drafts_path.exists() {
        drafts_at(&drafts_path)?.audit(&AuditEntry {
            actor: "dòng lệnh".to_string(),
            role: "may-chu".to_string(),
            action: "nhap-dong-lenh".to_string(),
            object: format!("tep:{file}"),
            after: format!(
                "thêm {}, thay thế {}, không đổi {}\n{}",
                report.added,
                report.replaced,
                report.unchanged,
                report
                    .outcomes
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            ..AuditEntry::default()
        })?;
    }
    println!(
        "Đã nhập {} dòng từ {file}: thêm {}, thay thế {}, không đổi {}.",
        figures.len(),
        report.added,
        report.replaced,
        report.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.db.db)?;
    let in_year = |year: i32| args.nam.is_none_or(|nam| year == nam);
    let observations: Vec<_> = store
        .all_versions()?
        .into_iter()
        .filter(|o| in_year(o.year))
        .collect();
    let plans: Vec<_> = store
        .all_plans()?
        .into_iter()
        .filter(|p| in_year(p.year))
        .collect();
    let rates: Vec<_> = store
        .all_rates()?
        .into_iter()
        .filter(|r| in_year(r.year))
        .collect();
    if let (true, Some(nam)) = (observations.is_empty() && plans.is_empty(), args.nam) {
        anyhow::bail!("{}: không có số liệu năm {nam}", args.db.db.display());
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(dataset::write_figures(&observations, &rates, &plans).as_bytes())
        .and_then(|()| stdout.flush())
        .context("không ghi được ra đầu ra chuẩn")?;
    Ok(())
}

fn check(args: DbArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.db)?;
    let mut findings = check::check(&store.all_figures()?, store.catalogue());
    findings.extend(check::check_record(
        &store.current_figures(None)?,
        &store.all_plans()?,
    ));
    for finding in &findings {
        println!("{finding}");
    }
    let count = |verdict| findings.iter().filter(|f| f.verdict == verdict).count();
    println!(
        "{} phép kiểm tra: {} khớp, {} chênh do làm tròn, {} lưu ý (nơi công bố khác nhau, số liệu đã ghi chú nghi vấn), {} lỗi.",
        findings.len(),
        count(Verdict::Exact),
        count(Verdict::Rounding),
        count(Verdict::Warning),
        count(Verdict::Error)
    );
    Ok(if check::has_errors(&findings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = Settings {
        addr: args.addr,
        db: args.db,
        static_dir: args.static_dir,
        base_url: args.base_url,
        seed: match args.seed {
            SeedArg::Full => Seed::Full,
            SeedArg::Interview => Seed::Interview,
        },
        data_dir: args.data,
    };
    actix_web::rt::System::new().block_on(async move {
        let application = Application::build(&settings)?;
        tracing::info!("serving on http://{}", application.local_addr());
        let handle = application.handle();
        actix_web::rt::spawn(async move {
            match stop_signal().await {
                Ok(signal) => tracing::info!(
                    signal,
                    "stopping: finishing the requests in flight, accepting no new ones"
                ),
                Err(error) => tracing::error!(%error, "cannot listen for stop signals; stopping"),
            }
            handle.stop(true).await;
        });
        application.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Waits for SIGTERM (service managers) or SIGINT (Ctrl+C). Both stop the
/// server gracefully: actix's own handling would drop in-flight requests
/// on SIGINT.
async fn stop_signal() -> std::io::Result<&'static str> {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(std::future::poll_fn(|cx| {
        if terminate.poll_recv(cx).is_ready() {
            std::task::Poll::Ready("SIGTERM")
        } else if interrupt.poll_recv(cx).is_ready() {
            std::task::Poll::Ready("SIGINT")
        } else {
            std::task::Poll::Pending
        }
    })
    .await)
}
