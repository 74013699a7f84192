//! Small helpers that more than one test file needs, each written once.

use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

/// proptest's settings, `cases` cases a run, with the failures it finds
/// kept beside the test's file (`tests/NAME.proptest-regressions`, committed)
/// and run again first. Its default keeps them beside the folder of the
/// nearest `main.rs`, which for `tests/main.rs` is a folder of the
/// repository's root that nobody commits.
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}
