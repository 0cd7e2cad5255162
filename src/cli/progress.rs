//! A progress bar on stderr (indicatif) for builds that take longer than a moment: it appears
//! only on a terminal, after 400 ms, and is erased when the build ends. The build counts pages
//! in [`PagesDone`]; a thread of its own draws them, so rendering never waits on the bar.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::outputs::PagesDone;

/// How long a build runs before the bar appears.
const DELAY: Duration = Duration::from_millis(400);
/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

pub(super) struct ProgressBar {
    pub progress: Arc<PagesDone>,
    finished: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressBar {
    pub fn start() -> ProgressBar {
        let progress = Arc::new(PagesDone::default());
        let finished = Arc::new(AtomicBool::new(false));
        let (p, f) = (Arc::clone(&progress), Arc::clone(&finished));
        let thread = std::thread::spawn(move || draw(&p, &f));
        ProgressBar {
            progress,
            finished,
            thread: Some(thread),
        }
    }
}

/// Draws the bar until the build is finished.
fn draw(progress: &PagesDone, finished: &AtomicBool) {
    let started = Instant::now();
    let mut bar: Option<indicatif::ProgressBar> = None;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        let total = progress.total.load(Ordering::Relaxed) as u64;
        if total == 0 || started.elapsed() < DELAY {
            continue;
        }
        let bar = bar.get_or_insert_with(|| {
            let style =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages, {eta} left")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            indicatif::ProgressBar::new(total).with_style(style)
        });
        bar.set_position(progress.done.load(Ordering::Relaxed) as u64);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
