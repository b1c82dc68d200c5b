//! Output files written atomically: to a temporary file in the same
//! directory, renamed over the destination only when complete, so an
//! interrupted run never leaves a half-written file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Where output goes: standard output, or a file committed at the end.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file and the path it becomes.
    File { tmp: BufWriter<tempfile::NamedTempFile>, path: PathBuf },
}

impl Output {
    /// Opens `path` for writing (`None` or `-` is standard output).
    pub fn create(path: Option<&Path>) -> anyhow::Result<Output> {
        match path {
            None => Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))),
            Some(p) if p.as_os_str() == "-" => {
                Ok(Output::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())))
            }
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".dyad-")
                    .suffix(".tmp")
                    .tempfile_in(&dir)
                    .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
                Ok(Output::File {
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                    path: p.to_path_buf(),
                })
            }
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush().context("writing to standard output"),
            Output::File { tmp, path } => {
                let tmp =
                    tmp.into_inner().map_err(|e| e.into_error()).context("flushing output")?;
                tmp.as_file().sync_all().ok();
                tmp.persist(&path)
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
            Output::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { tmp, .. } => tmp.flush(),
        }
    }
}
