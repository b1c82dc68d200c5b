//! Front-end subcommands: `dyad parse`, `dyad eval parse`, `dyad train`.
//! (Placeholder until the front-end lands.)

use std::process::ExitCode;

use clap::{Args, Subcommand};

/// Arguments of `dyad parse`.
#[derive(Args)]
pub struct ParseArgs {
    /// Input text file, or `-` for standard input.
    #[arg(default_value = "-")]
    pub input: String,
}

/// Subcommands of `dyad eval`.
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Accuracy of the front-end against a gold CoNLL-U file.
    Parse {
        /// Gold CoNLL-U file.
        gold: String,
    },
}

/// Subcommands of `dyad train`.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the tagger and parser.
    All,
}

/// Runs `dyad parse`.
pub fn parse(_args: ParseArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the front-end is not built yet")
}

/// Runs `dyad eval`.
pub fn eval(_cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the front-end is not built yet")
}

/// Runs `dyad train`.
pub fn train(_cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the front-end is not built yet")
}
