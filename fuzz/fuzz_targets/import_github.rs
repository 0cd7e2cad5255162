//! Arbitrary bytes as the files of a Github export (separated by a line `=====`) through its
//! import reader. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintgen::fuzzing::{Tracker, import};

fuzz_target!(|data: &[u8]| {
    let _ = import(Tracker::Github, data);
});
