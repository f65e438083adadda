//! How long checking the shipped rule pack takes: parse every file under `rules/`, then check
//! them together, as `tenet check rules/` does. Run with `cargo bench --bench check`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tenet::diag::SourceMap;

fn rule_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rule_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "tenet") {
            found.push(path);
        }
    }
}

/// Parses and checks the pack once, returning the time each stage took.
fn check_once(files: &[(String, String)]) -> (Duration, Duration) {
    let start = Instant::now();
    let mut sources = SourceMap::new();
    let mut modules = Vec::with_capacity(files.len());
    for (name, text) in files {
        let file = sources.add(name.clone(), text.clone());
        modules.push(tenet::syntax::parse(file, text).module);
    }
    let parsed = Instant::now();

    let checked = tenet::check::check(modules);
    let done = Instant::now();
    assert!(
        checked.program.is_some(),
        "the pack must check without errors"
    );
    (parsed - start, done - parsed)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut paths = Vec::new();
    rule_files(&root, &mut paths);
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .filter_map(|path| {
            Some((
                path.display().to_string(),
                std::fs::read_to_string(path).ok()?,
            ))
        })
        .collect();
    let lines: usize = files.iter().map(|(_, text)| text.lines().count()).sum();

    for _ in 0..5 {
        check_once(&files);
    }
    let runs = 50;
    let (parse, check): (Vec<Duration>, Vec<Duration>) =
        (0..runs).map(|_| check_once(&files)).unzip();
    let total: Vec<Duration> = parse.iter().zip(&check).map(|(p, c)| *p + *c).collect();

    println!(
        "shipped pack: {} files, {lines} lines, median of {runs} runs",
        files.len()
    );
    println!("  parse  {:>8.3} ms", median(parse).as_secs_f64() * 1e3);
    println!("  check  {:>8.3} ms", median(check).as_secs_f64() * 1e3);
    println!("  total  {:>8.3} ms", median(total).as_secs_f64() * 1e3);
}
