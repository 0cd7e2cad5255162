//! `sprintgen serve`: starts the server and keeps the process alive.

use super::{ServeArgs, secret_from_environment};
use crate::console::Failure;
use crate::console::errln;
use crate::pipeline::BuildOptions;
use crate::serve;

pub(super) fn run(args: ServeArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.site.root.site(),
        as_of: args.site.as_of,
        drafts: args.drafts,
        encrypt: args.encryption.choice(),
        secret: secret_from_environment()?,
        ..BuildOptions::default()
    };
    // An IPv6 address needs brackets before the port.
    let address = if args.bind.contains(':') && !args.bind.starts_with('[') {
        format!("[{}]:{}", args.bind, args.port)
    } else {
        format!("{}:{}", args.bind, args.port)
    };
    let running = serve::start(options, &address)?;
    let url = format!("http://{}/", running.address);
    errln!("serving on {url} (Ctrl-C to stop)");
    if args.open {
        serve::open_browser(&url);
    }
    loop {
        std::thread::park();
    }
}
