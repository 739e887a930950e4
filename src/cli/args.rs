//! The command line, as clap reads it. Help texts are not here but in the
//! catalogue (`i18n::cli_help`), in French and English, put in place by
//! `cli::parse`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "passerelle", version)]
pub struct Cli {
    #[arg(long, global = true, env = "PASSERELLE_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,

    #[arg(long, global = true, env = "PASSERELLE_LANG", value_name = "LANG")]
    pub lang: Option<String>,

    #[arg(long, value_name = "NAME")]
    pub keymap: Option<String>,

    #[arg(long)]
    pub mouse: bool,

    /// `PASSERELLE_DIRECT=1` (or any value but 0, false, no, off) too.
    #[arg(
        long,
        global = true,
        env = "PASSERELLE_DIRECT",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub direct: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which store, and how to reach it.
#[derive(Debug, Clone)]
pub struct StoreChoice {
    pub path: PathBuf,
    /// Open it in this process rather than through its server.
    pub direct: bool,
}

impl Cli {
    pub fn store_choice(&self) -> StoreChoice {
        StoreChoice {
            path: self
                .store
                .clone()
                .unwrap_or_else(crate::cli::context::default_store_path),
            direct: self.direct,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Demo {
        #[arg(long, default_value_t = 2_000)]
        size: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        append: bool,
        #[arg(long, conflicts_with_all = ["append", "size", "seed"])]
        remove: bool,
        #[arg(long = "dry-run", id = "demo_dry_run", requires = "remove")]
        dry_run: bool,
    },
    Status {
        #[arg(long)]
        json: bool,
    },
    List(ListArgs),
    Show {
        kind: String,
        key: String,
        #[arg(long)]
        subject_access: bool,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        reveal: bool,
    },
    Consent(ConsentArgs),
    Check {
        #[arg(long)]
        json: bool,
    },
    Users {
        #[command(subcommand)]
        action: UsersCommand,
    },
    Audit(AuditArgs),
    Serve {
        #[arg(long, value_name = "SECONDS")]
        exit_when_idle: Option<u64>,
        #[arg(long, hide = true)]
        detach: bool,
    },
    Export(ExportArgs),
    Backup {
        #[arg(id = "backup_file", value_name = "FILE")]
        file: PathBuf,
    },
    Restore {
        #[arg(id = "restore_file", value_name = "FILE")]
        file: PathBuf,
    },
    Salvage {
        #[arg(id = "salvage_from", value_name = "PATH")]
        from: PathBuf,
    },
    Report(ReportArgs),
    Import(ImportArgs),
    Purge {
        #[arg(long)]
        dry_run: bool,
        #[arg(
            long,
            value_name = "N",
            value_parser = clap::value_parser!(u32).range(1..=100)
        )]
        after_school_years: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    pub kind: String,
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub format: String,
    #[arg(long)]
    pub excel: bool,
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The arguments of `audit`. The ids differ from `list`'s where the help
/// does (`--user`, `--since`, `--limit` of entries).
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub key: Option<String>,
    #[arg(long, value_name = "ACCOUNT")]
    pub user: Option<String>,
    /// `-7` (a week ago) is a value, not an option.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    #[arg(
        id = "audit_limit",
        long = "limit",
        value_name = "N",
        default_value_t = 50,
        value_parser = clap::value_parser!(u32).range(1..=10_000)
    )]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `report`. The ids differ from `list`'s where the
/// help does (`--year`: the year reported on, not a filter).
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(id = "report_year", long = "year", value_name = "YEAR")]
    pub year: Option<String>,
    #[arg(id = "report_format", long = "format", value_name = "FORMAT")]
    pub format: Option<String>,
    #[arg(id = "report_output", long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(id = "report_excel", long = "excel")]
    pub excel: bool,
}

/// The arguments of `consent`: without `--by` nor `--withdraw`, it shows
/// the consent recorded.
#[derive(Debug, Args)]
pub struct ConsentArgs {
    pub kind: String,
    pub key: String,
    #[arg(long, value_name = "NAME", conflicts_with = "withdraw")]
    pub by: Option<String>,
    /// `-3` (three days ago) is a value, not an option.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, requires = "by")]
    pub on: Option<String>,
    #[arg(id = "uses", long = "for", value_name = "USES", requires = "by")]
    pub uses: Option<String>,
    #[arg(long)]
    pub withdraw: bool,
    #[arg(long)]
    pub json: bool,
}

/// `passerelle users …`: who may use the store (admin only).
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    Add {
        account: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "ORG")]
        organisation: Option<String>,
        #[arg(long)]
        role: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        account: String,
    },
    Role {
        account: String,
        role: String,
    },
}

/// The arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    pub kind: String,
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub academie: Option<String>,
    #[arg(long, value_name = "KIND:KEY")]
    pub of: Option<String>,
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
    #[arg(long)]
    pub by_date: bool,
    #[arg(long)]
    pub reverse: bool,
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `import`: `import annuaire FILE`, `import sirene
/// FILE`, `import csv KIND FILE`. The ids differ from other commands'
/// where the help does.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(id = "import_format", value_name = "FORMAT")]
    pub format: String,
    /// The file, or for `csv` the kind: a path, whatever its bytes.
    #[arg(id = "import_target", value_name = "FILE|KIND")]
    pub target: PathBuf,
    /// The file after `csv KIND`.
    #[arg(id = "import_file", value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[arg(
        id = "import_academie",
        long = "academie",
        value_name = "ACADEMIES",
        value_delimiter = ','
    )]
    pub academie: Vec<String>,
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub departement: Vec<String>,
    #[arg(long, value_name = "FILE")]
    pub unites_legales: Option<PathBuf>,
    #[arg(id = "import_all", long = "all")]
    pub all: bool,
    #[arg(id = "import_dry_run", long = "dry-run")]
    pub dry_run: bool,
    #[arg(long)]
    pub overwrite: bool,
    #[arg(long)]
    pub all_or_nothing: bool,
    #[arg(long)]
    pub json: bool,
}
