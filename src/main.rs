//! The `sozialraum` binary: parse the command line, set up logging, run, map errors to exit
//! codes (1 = data or usage problem, reported in German on stderr).

// Answers are built from many small JSON values; mimalloc handles that far better than the
// system allocator under concurrent load.
#[global_allocator]
static ALLOKATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = match sozialraum::cli::lesen() {
        Ok(c) => c,
        Err(e) => return sozialraum::cli::aufruffehler(e),
    };
    match sozialraum::cli::ausfuehren(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
