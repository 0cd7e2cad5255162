//! Arbitrary bytes as a sprint file (optionally preceded by a team.toml and `\n=====\n`)
//! through load → validate → metrics → charts → render. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sprintgen::fuzzing::run(data);
});
