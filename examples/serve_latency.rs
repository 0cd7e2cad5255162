//! Measures `sprintgen serve`'s incremental rebuild: the time from writing an edited sprint
//! file to the new page being served, over a few edits.
//!
//! ```sh
//! cargo run --release --example serve_latency -- /tmp/sprintgen-bench/site-10000 team-000 sprint-25
//! ```

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\n\r\n").expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, team, sprint] = args.as_slice() else {
        eprintln!("usage: serve_latency SITE TEAM SPRINT-SLUG");
        std::process::exit(2);
    };
    let options = sprintgen::BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let clock = Instant::now();
    let running = sprintgen::serve(options, "127.0.0.1:0").expect("serve");
    eprintln!(
        "initial build and start: {} ms",
        clock.elapsed().as_millis()
    );
    let file = std::path::Path::new(root)
        .join("content")
        .join(team)
        .join(format!("{sprint}.toml"));
    let original = std::fs::read_to_string(&file).expect("the sprint file");
    let page = format!("/{team}/{sprint}/");
    let mut samples = Vec::new();
    for round in 0..7 {
        let marker = format!("Edited title {round}");
        let edited = original.replacen("title = \"", &format!("title = \"{marker} "), 1);
        std::thread::sleep(Duration::from_millis(300));
        let clock = Instant::now();
        std::fs::write(&file, edited).expect("write");
        loop {
            if get(running.address, &page).contains(&marker) {
                break;
            }
            assert!(
                clock.elapsed() < Duration::from_secs(30),
                "the edit never showed"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = clock.elapsed().as_secs_f64() * 1000.0;
        eprintln!("edit {round}: served after {ms:.1} ms");
        samples.push(ms);
    }
    std::fs::write(&file, original).expect("restore");
    samples.sort_by(f64::total_cmp);
    println!(
        "median time from save to served page: {:.1} ms",
        samples[samples.len() / 2]
    );
}
