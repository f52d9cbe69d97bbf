//! `tapis`, the server binary: command line, logging, start-up and graceful shutdown around [`tapis_server::app`].

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use tapis_server::{AppState, Store, app};
use tracing_subscriber::EnvFilter;

/// Where the database lives when neither `--db` nor `DATABASE_URL` says.
const DEFAULT_DB: &str = "./data/tapis.db";

#[derive(Debug, Parser)]
#[command(name = "tapis", version, about = "Tapis triage console server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the flags API and the built browser app.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file, created with its directory if missing [default: $DATABASE_URL, else ./data/tapis.db].
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Directory of the built browser app (Trunk's output).
    #[arg(long, value_name = "DIR", env = "TAPIS_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Origin of a portal allowed to show the app in a frame (repeatable; none by default).
    #[arg(long = "frame-ancestor", value_name = "ORIGIN", env = "TAPIS_FRAME_ANCESTORS", value_delimiter = ',')]
    frame_ancestors: Vec<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve(args).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let store = open_store(args.db).await?;
    let state = AppState::new(store.clone(), args.dist)
        .with_frame_ancestors(args.frame_ancestors)
        .map_err(anyhow::Error::msg)?;
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("cannot read the bound address")?;
    // Tests and the Makefile find the port by reading this one line, so it is stdout's only line and flushed now.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Tapis is listening on http://{addr}/")
        .and_then(|()| stdout.flush())
        .context("cannot write to stdout")?;
    drop(stdout);

    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown_signal()).await.context("server failed")?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn open_store(db: Option<PathBuf>) -> anyhow::Result<Store> {
    if let Some(path) = db {
        return Store::open(&path).await.with_context(|| format!("cannot open database {}", path.display()));
    }
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            if !url.starts_with("sqlite:") {
                bail!("DATABASE_URL must be a sqlite: URL; other databases are not supported");
            }
            Store::connect(&url).await.with_context(|| format!("cannot open database {url}"))
        }
        _ => Store::open(DEFAULT_DB).await.with_context(|| format!("cannot open database {DEFAULT_DB}")),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
