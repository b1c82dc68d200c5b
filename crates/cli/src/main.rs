//! `dyad`: turn news text into political event data.
//!
//! This binary is glue: argument parsing, file walking, threads and
//! reporting. The coding itself lives in `dyad-core`, the readers and
//! writers in `dyad-formats` and the text front-end in `dyad-nlp`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc serves the many small, short-lived allocations of coding
/// (sentences, trees, events) with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod article_coder;
mod cmd_code;
mod cmd_dict;
mod cmd_eval_events;
mod cmd_explain;
mod cmd_nlp;
mod cmd_validate;
mod dictionaries;
mod output;
mod parses;
mod records;

/// Command-line interface of dyad.
#[derive(Parser)]
#[command(name = "dyad", version, about = "Political event data from news text")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code news into events.
    Code(cmd_code::CodeArgs),
    /// Check, import, count and compare dictionaries.
    #[command(subcommand)]
    Dict(cmd_dict::DictCommand),
    /// Code a PETRARCH validation file and compare with its expected events.
    Validate(cmd_validate::ValidateArgs),
    /// Show how a sentence is coded: parse, actors and verbs with their
    /// dictionary lines, the pattern that fired, and why events were or were
    /// not produced.
    Explain(cmd_explain::ExplainArgs),
    /// Split, tokenize, tag and parse raw text; print CoNLL-U.
    Parse(cmd_nlp::ParseArgs),
    /// Evaluate components against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train the tagger and parser models from annotated data.
    #[command(subcommand)]
    Train(cmd_nlp::TrainCommand),
}

/// Subcommands of `dyad eval`.
#[derive(Subcommand)]
enum EvalCommand {
    #[command(flatten)]
    Nlp(cmd_nlp::EvalCommand),
    /// Score coded events against gold annotations (precision, recall, F1).
    Events(cmd_eval_events::EvalEventsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => cmd_validate::run(args),
        Command::Code(args) => cmd_code::run(args),
        Command::Explain(args) => cmd_explain::run(args),
        Command::Dict(cmd) => cmd_dict::run(cmd),
        Command::Parse(args) => cmd_nlp::parse(args),
        Command::Eval(EvalCommand::Nlp(cmd)) => cmd_nlp::eval(cmd),
        Command::Eval(EvalCommand::Events(args)) => cmd_eval_events::run(args),
        Command::Train(cmd) => cmd_nlp::train(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dyad: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// True when the error chain ends in a closed standard output.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
