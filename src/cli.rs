//! The command line: `congthuong [serve] [--addr HOST:PORT] [--db PATH]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::startup::{Application, Settings};

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
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let result = match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("congthuong: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = Settings {
        addr: args.addr,
        db: args.db,
        static_dir: args.static_dir,
    };
    actix_web::rt::System::new().block_on(async move {
        let application = Application::build(&settings)?;
        tracing::info!("serving on http://{}", application.local_addr());
        application.run_until_stopped().await?;
        Ok(())
    })
}
