//! mtlings: an auto-graded workbook for learning multitasking in Rust.
//!
//! Data flows one way: `info` and `workbook` parse, `grade` plans and runs (through `cargo`
//! and `process`), and the commands and `report` present the results.

mod atomic_file;
mod cache;
mod cargo;
mod cli;
mod commands;
mod diagnose;
mod direct;
mod explain;
mod grade;
mod info;
mod integrity;
mod lang;
mod learner;
mod localize;
mod marker;
mod messages;
mod mistakes;
mod originals;
mod package;
mod process;
mod report;
mod sampler;
mod stacks;
mod state;
mod texts;
mod timeline;
mod trace;
mod translation;
mod usage;
mod watch;
mod words;
mod workbook;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let choice = match lang::Choice::resolve(cli.lang, |v| std::env::var(v).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{} {e}", console::style("error:").red().bold());
            return ExitCode::FAILURE;
        }
    };
    lang::set(choice.lang());
    process::init();
    let result = commands::dispatch(cli, choice);
    process::kill_all_runs();
    match result {
        Ok(code) => code,
        Err(e) => {
            let word = messages::commands::error();
            eprintln!("{} {e:#}", console::style(word).red().bold());
            ExitCode::FAILURE
        }
    }
}
