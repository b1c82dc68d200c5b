//! Output files written atomically: to a temporary file in the same
//! directory, renamed over the destination only when complete, so an
//! interrupted run never leaves a half-written file.
//!
//! The file gets the mode any new file gets (`0o666` less the umask, so
//! normally `0o644`), not the owner-only mode of temporary files. When
//! SIGINT (Ctrl-C), SIGTERM or SIGHUP ends the run, the temporary files not
//! yet renamed are removed and dyad exits with 128 plus the signal's number
//! (130 for SIGINT, 143 for SIGTERM); after SIGKILL nothing can remove them.
//!
//! A destination that exists and is no regular file (`/dev/null`, a named
//! pipe, `/dev/stdout`) is written in place: renaming a file over it would
//! replace the device or pipe with a regular file (as root, even
//! `/dev/null`).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use anyhow::Context;

/// Where output goes: standard output, or a file committed at the end.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A destination that is no regular file, written in place.
    Special(BufWriter<std::fs::File>, PathBuf),
    /// A temporary file and the path it becomes.
    File {
        /// The temporary file.
        tmp: BufWriter<tempfile::NamedTempFile>,
        /// The destination.
        path: PathBuf,
        /// The temporary file's entry in the list removed on a signal.
        pending: Pending,
    },
}

impl Output {
    /// Opens `path` for writing (`None` or `-` is standard output).
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        match path {
            None => Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))),
            Some(p) if p.as_os_str() == "-" => {
                Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())))
            }
            Some(p) if writes_in_place(p) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .with_context(|| format!("opening {}", p.display()))?;
                Ok(Output::Special(BufWriter::with_capacity(1 << 16, file), p.to_path_buf()))
            }
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let mut builder = tempfile::Builder::new();
                builder.prefix(".dyad-").suffix(".tmp");
                // The kernel takes the umask off, as for any new file.
                #[cfg(unix)]
                builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
                // Registered while the list is locked, so that a signal
                // cannot come between the file's creation and its entry.
                let mut list = pending_list();
                watch_signals(&mut list).context("setting up signal handling")?;
                let tmp = builder
                    .tempfile_in(&dir)
                    .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
                list.paths.push(tmp.path().to_path_buf());
                drop(list);
                let pending = Pending(tmp.path().to_path_buf());
                Ok(Output::File {
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                    path: p.to_path_buf(),
                    pending,
                })
            }
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().context("writing to standard output"),
            Output::Special(mut w, path) => {
                w.flush().with_context(|| format!("writing {}", path.display()))
            }
            Output::File { tmp, path, pending } => {
                let tmp =
                    tmp.into_inner().map_err(|e| e.into_error()).context("flushing output")?;
                tmp.as_file().sync_all().ok();
                // Renamed and unlisted while the list is locked: a signal
                // handled meanwhile waits, and then finds nothing to remove.
                let mut list = pending_list();
                let persisted = tmp.persist(&path);
                list.paths.retain(|p| *p != pending.0);
                drop(list);
                persisted
                    .map_err(|e| e.error)
                    .with_context(|| format!("writing {}", path.display()))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::Special(w, _) => w.write(buf),
            Output::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Special(w, _) => w.flush(),
            Output::File { tmp, .. } => tmp.flush(),
        }
    }
}

/// Whether `path` exists and is no regular file or directory (a device, a
/// pipe, a socket): such a destination is written in place.
fn writes_in_place(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// A temporary file listed for removal on a signal; unlisted when dropped
/// (after the file itself, which goes when an output is not committed).
pub struct Pending(PathBuf);

impl Drop for Pending {
    fn drop(&mut self) {
        pending_list().paths.retain(|p| *p != self.0);
    }
}

/// Temporary files not yet renamed into place.
struct PendingList {
    paths: Vec<PathBuf>,
    /// Whether the signal handling is set up.
    watching: bool,
}

static PENDING: Mutex<PendingList> = Mutex::new(PendingList { paths: Vec::new(), watching: false });

fn pending_list() -> MutexGuard<'static, PendingList> {
    // The list stays usable even if a thread panicked while holding it.
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sets up, once, a thread that waits for SIGINT, SIGTERM or SIGHUP, then
/// removes the pending temporary files and exits with 128 plus the
/// signal's number. It holds the list locked until the process is gone, so
/// no output is renamed into place meanwhile.
#[cfg(unix)]
fn watch_signals(list: &mut PendingList) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    if list.watching {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new().name("dyad-signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let list = pending_list();
            for path in &list.paths {
                // Already gone is fine: nothing is left either way.
                let _ = std::fs::remove_file(path);
            }
            std::process::exit(128 + signal);
        }
    })?;
    list.watching = true;
    Ok(())
}

/// Elsewhere than on Unix, signals end the run as they always do.
#[cfg(not(unix))]
fn watch_signals(_list: &mut PendingList) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::writes_in_place;
    use std::path::Path;

    #[test]
    fn devices_are_written_in_place() {
        assert!(writes_in_place(Path::new("/dev/null")));
        assert!(!writes_in_place(Path::new("Cargo.toml")));
        assert!(!writes_in_place(Path::new("no-such-file.jsonl")));
        assert!(!writes_in_place(Path::new(".")));
    }
}
