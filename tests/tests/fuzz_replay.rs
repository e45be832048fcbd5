//! Every fuzz corpus file and every saved crash, replayed on stable through the same target
//! functions `cargo fuzz` runs (`fuzz/src/lib.rs`): a fixed bug stays fixed for every user.

#[allow(dead_code, clippy::all)]
#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

fn replay(folder: &Path) -> usize {
    let mut count = 0;
    for (name, target) in targets::TARGETS {
        let Ok(entries) = std::fs::read_dir(folder.join(name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            target(&data);
            count += 1;
        }
    }
    count
}

#[test]
fn corpora_and_regressions_replay_without_panicking() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let corpus = replay(&fuzz.join("corpus"));
    assert!(
        corpus >= 100,
        "only {corpus} corpus files: are the seeds there?"
    );
    replay(&fuzz.join("regressions"));
}

#[test]
fn every_target_has_seeds() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    for (name, _) in targets::TARGETS {
        let seeds = std::fs::read_dir(corpus.join(name))
            .map(Iterator::count)
            .unwrap_or(0);
        assert!(seeds > 0, "no seed for {name}");
    }
}
