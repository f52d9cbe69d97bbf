//! `tapis`, the server binary: the command line, logging, start-up and graceful shutdown around
//! [`tapis_server::app`], the `token` commands an operator registers flaggers with, and the offline `scan` and
//! `rules` commands (in `cli`).

mod cli;

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::http::HeaderValue;
use clap::{Parser, Subcommand};
use tapis_server::auth::Token;
use tapis_server::domain::{FlaggerName, Organisation, PersonId};
use tapis_server::domain::{ReportFormat, ReportQuery};
use tapis_server::policy::Policy;
use tapis_server::store::Period;
use tapis_server::store::{FlaggerRecord, PersonChoice, Registration, Revocation};
use tapis_server::{AppState, DbLocation, Store, app, cors, report, stats};
use tapis_wire::Role;
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
    /// Serve the API and the built browser app.
    Serve(ServeArgs),
    /// Register flaggers and manage their bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Pre-screen Telegram exports, copied messages or plain text with the rules engine, offline.
    ///
    /// Writes one JSON object per message (or a table), diagnostics and totals to stderr. Exit status: 0 when
    /// every input was scanned (whatever was found), 2 for bad usage, a pack that does not load, or an input
    /// that cannot be read (the other inputs are still scanned).
    Scan(cli::scan::ScanArgs),
    /// Print the new domains that exports link to, one per line, for the blocking team.
    ///
    /// The domains of every URL and bare domain in the messages' text and hidden link targets, with dodges undone
    /// (`situs88[.]com`), in ASCII (IDN in Punycode), sorted, except those a `--blocklist` blocks (or a parent of
    /// which it lists) and link shorteners. Totals go to stderr. Exit status as for `scan`.
    Domains(cli::links::DomainsArgs),
    /// List the largest campaigns of exports and write their keys as a watchlist pack (`Daftar pantau`).
    ///
    /// Groups every message by the brand, domain, Telegram handle, phone number or template it shares with others
    /// (as `scan --campaigns` does) and prints the `--top` largest campaigns: size, chats, first and last day, keys.
    /// With `--watchlist-out`, writes their brand, domain, Telegram and phone keys as a rule pack. Exit status as
    /// for `scan`.
    Campaigns(cli::campaigns::CampaignsArgs),
    /// Print the PDQ hash and quality of images (JPEG, PNG), one line each: `HASH<TAB>QUALITY<TAB>FILE`.
    ///
    /// The hash is Meta's PDQ (64 hex digits, as hash lists write them), computed on the full-size stored pixels
    /// as the app computes it; the quality runs from 0 to 100 (lists usually leave out hashes below 50). Exit
    /// status: 0 when every file was hashed, 2 when a file could not be read or decoded (reported on stderr; the
    /// other files are still hashed).
    Hash(cli::hash::HashArgs),
    /// Test and lint rule packs.
    #[command(subcommand)]
    Rules(cli::rules::RulesCommand),
    /// Figures from the database: without a subcommand, deadlines met and missed per platform and category.
    Stats(StatsArgs),
    /// The periodic report of the notices sent in a period, without personal data.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct StatsArgs {
    #[command(subcommand)]
    command: Option<StatsCommand>,
    /// Print the JSON of `GET /api/v1/stats` instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// The first day (2026-01-01, UTC) or instant (RFC 3339) of the period.
    #[arg(long)]
    from: String,
    /// The last day (included), or the instant the period ends (excluded).
    #[arg(long)]
    to: String,
    /// json, csv or html (a printable page with charts).
    #[arg(long, default_value = "json", value_parser = ["json", "csv", "html"])]
    format: String,
    /// The policy file (TOML) whose DSA mapping and procedures the report gives [default: the built-in policy].
    #[arg(long, value_name = "FILE", env = "TAPIS_POLICY")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, Subcommand)]
enum StatsCommand {
    /// How long the platform takes from a flag's approval to its outcome, per category.
    Turnaround {
        /// Print the JSON of `GET /api/v1/stats/turnaround` instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_name(text).ok_or_else(|| format!("{text:?} is not a role: analyst, reviewer, liaison or admin"))
}

#[derive(Debug, clap::Args)]
struct DbArg {
    /// A SQLite file (created with its directory if missing), or a sqlite: or postgres:// URL
    /// [default: $DATABASE_URL, else ./data/tapis.db].
    #[arg(long, value_name = "PATH|URL")]
    db: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DbArg,
    /// Directory of the built browser app (Trunk's output).
    #[arg(long, value_name = "DIR", env = "TAPIS_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Origin of a portal allowed to show the app in a frame (repeatable; none by default).
    #[arg(
        long = "frame-ancestor",
        value_name = "ORIGIN",
        env = "TAPIS_FRAME_ANCESTORS",
        value_delimiter = ',',
        value_parser = cors::parse_origin
    )]
    frame_ancestors: Vec<HeaderValue>,
    /// Directory of the rule packs (*.toml) served at /api/v1/rulepacks.
    #[arg(long, value_name = "DIR", env = "TAPIS_PACKS", default_value = "packs")]
    packs: PathBuf,
    /// An origin (scheme://host[:port]) whose pages may call the API; repeat for several. None by default.
    #[arg(long = "cors-origin", value_name = "URL", value_parser = cors::parse_origin)]
    cors_origins: Vec<HeaderValue>,
    /// Seconds a client has to send a request's headers (and how long a kept-alive connection may stay idle);
    /// then the connection is closed.
    #[arg(long, value_name = "SECS", default_value_t = tapis_server::serve::HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// The policy file (TOML): deadlines per category, DSA categories, the report's procedures [default: 4 hours
    /// for terorisme, csam, narkoba and obat_makanan_ilegal, 24 for the rest].
    #[arg(long, value_name = "FILE", env = "TAPIS_POLICY")]
    policy: Option<PathBuf>,
    /// Seconds one request may take, its body included; then it is answered 408.
    #[arg(long, value_name = "SECS", default_value_t = tapis_server::REQUEST_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..=3600))]
    request_timeout: u64,
    /// A list of blocked domains to hand out to the app at /api/v1/blocklists, as NAME=FILE (one domain a line,
    /// or a hosts file); repeatable. Read at start: a file that cannot be read stops the server.
    #[arg(long = "blocklist", value_name = "NAME=FILE", value_parser = cli::links::parse_blocklist_arg)]
    blocklists: Vec<cli::links::BlocklistArg>,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Register a flagger and print their new token, once. Only its hash is stored.
    Create {
        /// The analyst's name, as it will appear on their notices.
        #[arg(long)]
        name: String,
        /// The trusted-flagger organisation they notify for.
        #[arg(long)]
        organisation: Option<String>,
        /// What they may do: analyst (flags), reviewer (flags, and reviews others' flags), liaison (the
        /// platform's side: approved notices and outcomes) or admin (everything).
        #[arg(long, default_value = "analyst", value_parser = parse_role)]
        role: Role,
        /// The person's stable id (e.g. a staff number), the same on all their tokens: a reviewer never reviews
        /// a flag filed under any token of the same person. Default: the person of an earlier flagger with the
        /// same name and organisation, else a new person.
        #[arg(long, value_name = "ID", conflicts_with = "same_as")]
        person: Option<String>,
        /// The same person as this flagger (its id, as `tapis token list` shows it), revoked or not.
        #[arg(long, value_name = "FLAGGER-ID")]
        same_as: Option<i64>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Revoke a flagger's token at once: by id, or by the name of an active flagger.
    Revoke {
        /// The flagger's id (as `tapis token list` shows) or name.
        #[arg(value_name = "NAME-OR-ID")]
        name_or_id: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the registered flaggers (never their tokens, which the server does not have).
    List {
        #[command(flatten)]
        db: DbArg,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
        Command::Token(command) => token(command).await,
        Command::Scan(args) => Ok(cli::scan::run(args)),
        Command::Domains(args) => Ok(cli::links::run(args)),
        Command::Campaigns(args) => Ok(cli::campaigns::run(args)),
        Command::Hash(args) => Ok(cli::hash::run(args)),
        Command::Rules(command) => Ok(cli::rules::run(command)),
        Command::Stats(StatsArgs { command: Some(StatsCommand::Turnaround { json, db }), .. }) => {
            turnaround(json, db).await
        }
        Command::Stats(StatsArgs { command: None, json, db }) => deadline_stats(json, db).await,
        Command::Report(args) => report(args).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let policy = read_policy(args.policy.as_deref())?;
    let lists = cli::links::load_blocklists(&args.blocklists).map_err(|e| anyhow::anyhow!("--blocklist: {e}"))?;
    let store = open_store(args.db).await?;
    let state = AppState::new(store.clone(), args.dist)
        .with_blocklists(&lists)
        .with_policy(policy)
        .with_packs(&args.packs)
        .with_cors_origins(args.cors_origins)
        .with_frame_ancestors(args.frame_ancestors)
        .with_request_timeout(Duration::from_secs(args.request_timeout));
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("cannot read the bound address")?;
    // Tests and the Makefile find the port by reading this one line, so it is stdout's only line and flushed now.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Tapis is listening on http://{addr}/")
        .and_then(|()| stdout.flush())
        .context("cannot write to stdout")?;
    drop(stdout);
    tracing::info!(database = store.backend().as_str(), packs = %args.packs.display(), "serving");

    tapis_server::serve::serve(listener, app(state), Duration::from_secs(args.header_timeout), shutdown_signal()).await;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn token(command: TokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokenCommand::Create { name, organisation, role, person, same_as, db } => {
            let name = FlaggerName::parse(&name).map_err(|e| anyhow::anyhow!("--name: {}", e.message))?;
            let organisation = organisation
                .map(|o| Organisation::parse(&o).map_err(|e| anyhow::anyhow!("--organisation: {}", e.message)))
                .transpose()?;
            let person = match (person, same_as) {
                (Some(person), _) => PersonChoice::Given(
                    PersonId::parse(&person).map_err(|e| anyhow::anyhow!("--person: {}", e.message))?,
                ),
                (None, Some(id)) => PersonChoice::SameAs(id),
                (None, None) => PersonChoice::ByName,
            };
            let store = open_store(db).await?;
            let token = Token::generate().context("the operating system gave no random bytes")?;
            let created = store.register_flagger(&name, organisation.as_ref(), role, &token.hash(), &person).await;
            store.close().await;
            let flagger = match created.context("cannot register the flagger")? {
                Registration::Created(flagger) => flagger,
                Registration::NameTaken => bail!(
                    "an active flagger is already named {:?}; revoke it first or choose another name",
                    name.as_str()
                ),
                Registration::UnknownFlagger(id) => {
                    bail!("--same-as {id}: no flagger has the id {id} (see `tapis token list`)")
                }
            };
            eprintln!(
                "Registered flagger {} {} as {}, person {}. Their token, shown only this once (send it as \
                 `Authorization: Bearer …`):",
                flagger.id,
                describe(&flagger),
                flagger.role.as_str(),
                flagger.person
            );
            println!("{}", token.reveal());
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::Revoke { name_or_id, db } => {
            let store = open_store(db).await?;
            let revocation = store.revoke_flagger(&name_or_id).await;
            store.close().await;
            match revocation.context("cannot revoke the token")? {
                Revocation::Revoked(flagger) => {
                    println!("Revoked the token of flagger {} {}.", flagger.id, describe(&flagger));
                    Ok(ExitCode::SUCCESS)
                }
                Revocation::AlreadyRevoked(flagger) => {
                    println!("The token of flagger {} {} was already revoked.", flagger.id, describe(&flagger));
                    Ok(ExitCode::SUCCESS)
                }
                Revocation::Unknown => {
                    eprintln!("No flagger has the id or active name {name_or_id:?} (see `tapis token list`).");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        TokenCommand::List { db } => {
            let store = open_store(db).await?;
            let flaggers = store.list_flaggers().await;
            store.close().await;
            let flaggers = flaggers.context("cannot list the flaggers")?;
            println!(
                "{:>4}  {:<24}  {:<24}  {:<8}  {:<20}  {:<28}  PERSON",
                "ID", "NAME", "ORGANISATION", "ROLE", "CREATED", "STATUS"
            );
            for flagger in &flaggers {
                let status = match flagger.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M:%S")),
                    None => "active".to_owned(),
                };
                println!(
                    "{:>4}  {:<24}  {:<24}  {:<8}  {:<20}  {status:<28}  {}",
                    flagger.id,
                    flagger.name,
                    flagger.organisation.as_deref().unwrap_or("-"),
                    flagger.role.as_str(),
                    flagger.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    flagger.person,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn turnaround(json: bool, db: DbArg) -> anyhow::Result<ExitCode> {
    let store = open_store(db).await?;
    let figures = store.turnaround_figures().await;
    store.close().await;
    let figures = stats::turnaround(&figures.context("cannot read the flags")?, chrono::Utc::now());
    if json {
        println!("{}", serde_json::to_string_pretty(&figures).context("cannot write JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<20}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>9}  {:>9}",
        "CATEGORY", "APPROVED", "DECIDED", "ACTIONED", "REJECTED", "AWAITING", "MEDIAN_H", "MEAN_H", "MAX_H"
    );
    for row in &figures.categories {
        println!(
            "{:<20}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>9}  {:>9}",
            row.category,
            row.approved,
            row.decided,
            row.actioned,
            row.rejected,
            row.awaiting,
            hours(row.median_seconds),
            hours(row.mean_seconds),
            hours(row.max_seconds)
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn deadline_stats(json: bool, db: DbArg) -> anyhow::Result<ExitCode> {
    let store = open_store(db).await?;
    let figures = store.notice_figures(Period::default()).await;
    let now = store.now();
    store.close().await;
    let (outcomes, times) = figures.context("cannot read the flags")?;
    let stats = report::stats(&outcomes, &times, now);
    if json {
        println!("{}", serde_json::to_string_pretty(&stats).context("cannot write JSON")?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<10}  {:<20}  {:>7}  {:>7}  {:>7}  {:>8}  {:>9}  {:>8}  {:>8}",
        "PLATFORM", "CATEGORY", "SENT", "MET", "OVERDUE", "AWAITING", "ESCALATED", "MEDIAN_H", "P90_H"
    );
    for row in &stats.rows {
        println!(
            "{:<10}  {:<20}  {:>7}  {:>7}  {:>7}  {:>8}  {:>9}  {:>8}  {:>8}",
            row.platform,
            row.category,
            row.sent,
            row.met,
            row.overdue,
            row.awaiting,
            row.escalated,
            hours(row.median_seconds),
            hours(row.p90_seconds)
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format.as_str() {
        "csv" => ReportFormat::Csv,
        "html" => ReportFormat::Html,
        _ => ReportFormat::Json,
    };
    let period = ReportQuery::period(&args.from, &args.to, format).map_err(|e| anyhow::anyhow!("--{}", e))?;
    let policy = read_policy(args.policy.as_deref())?;
    let store = open_store(args.db).await?;
    let figures = store.notice_figures(Period { from: Some(period.from), to: Some(period.to) }).await;
    let now = store.now();
    store.close().await;
    let (outcomes, times) = figures.context("cannot read the flags")?;
    let report = report::report(&outcomes, &times, &policy, period.from, period.to, now);
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&report).context("cannot write JSON")? + "\n",
        ReportFormat::Csv => report::to_csv(&report),
        ReportFormat::Html => report::to_html(&report),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// The policy of `--policy`, or the built-in one.
fn read_policy(path: Option<&std::path::Path>) -> anyhow::Result<Policy> {
    let Some(path) = path else { return Ok(Policy::default()) };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the policy file {}", path.display()))?;
    Ok(Policy::from_toml(&path.display().to_string(), &text)?)
}

fn describe(flagger: &FlaggerRecord) -> String {
    match &flagger.organisation {
        Some(organisation) => format!("{:?} ({organisation})", flagger.name),
        None => format!("{:?}", flagger.name),
    }
}

/// `--db`, else `DATABASE_URL`, else the default file.
async fn open_store(db: DbArg) -> anyhow::Result<Store> {
    let location = match db.db {
        Some(db) => DbLocation::parse(&db),
        None => match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => match DbLocation::parse(&url) {
                DbLocation::SqlitePath(_) => bail!("DATABASE_URL must be a sqlite: or postgres:// URL, not {url:?}"),
                location => location,
            },
            _ => DbLocation::parse(DEFAULT_DB),
        },
    };
    Store::connect(&location).await.with_context(|| format!("cannot open database {location}"))
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

/// Seconds as hours with one decimal, for the stats tables; `-` when there is nothing to measure.
fn hours(seconds: Option<i64>) -> String {
    seconds.map_or("-".to_owned(), |s| format!("{:.1}", s as f64 / 3600.0))
}
