//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// passerelle: the school–company partnership of the Île-de-France
/// académies and the CPME, from the terminal.
#[derive(Debug, Parser)]
#[command(name = "passerelle", version, about, long_about = None)]
pub struct Cli {
    /// The store (a directory). Defaults to passerelle/store in the XDG
    /// data directory.
    #[arg(long, global = true, env = "PASSERELLE_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,

    /// Language of messages: fr (default) or en.
    #[arg(long, global = true, env = "PASSERELLE_LANG", value_name = "LANG")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty store with realistic demonstration data.
    Demo {
        /// How many records in all (schools, companies, contacts,
        /// learners, placements, immersions, events, agreements).
        #[arg(long, default_value_t = 2_000)]
        size: u64,
        /// Seed of the generator: the same seed, size and day give the
        /// same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a store that already holds records.
        #[arg(long)]
        append: bool,
    },
    /// What is pending, what is due, what needs an evaluation.
    Status {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// List records of a kind.
    List {
        /// school, company, contact, learner, placement, immersion, event,
        /// agreement (singular or plural).
        kind: String,
        /// Keep records whose name has words starting with these (accents
        /// and case ignored), or whose UAI/SIRET starts with it.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Keep records in this status (placements: also "pending").
        #[arg(long)]
        status: Option<String>,
        /// Keep records of one académie: paris, creteil, versailles.
        #[arg(long)]
        academie: Option<String>,
        /// Only the records linked to one record, named KIND:KEY, e.g.
        /// school:0750655E (its placements, learners, contacts…).
        #[arg(long, value_name = "KIND:KEY")]
        of: Option<String>,
        /// Order by date (placements, immersions, events, agreements)
        /// instead of name.
        #[arg(long)]
        by_date: bool,
        /// Most recent first.
        #[arg(long)]
        reverse: bool,
        /// How many records at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one record with the records linked to it.
    Show {
        kind: String,
        /// Its number, or a school's UAI, or a company's SIRET.
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Verify that every index, counter and link matches the records.
    Check {
        #[arg(long)]
        json: bool,
    },
}
