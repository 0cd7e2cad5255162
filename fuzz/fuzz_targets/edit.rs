//! Arbitrary bytes as an edit (`item …`, `standup`) applied to arbitrary sprint text: the first
//! byte chooses the change, the rest is the file. An edit that succeeds must leave a sprint
//! file with every item it had; any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sprintgen::fuzzing::edit(data);
});
