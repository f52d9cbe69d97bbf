//! The images of `tapis scan` (issue 21): each message's photo (or the thumbnail of its video, animation or
//! sticker) read from the export's folder, hashed with PDQ, and matched against the `--hashlist`s.
//!
//! Paths come from the export, so they are untrusted: ingest has already refused those that could leave the
//! folder (`tapis_ingest::safe_relative_path`), they are checked again here, joined part by part under the
//! folder, and the file found must still be inside the folder once links are resolved. A file that is not there
//! is a warning, never a failure.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tapis_ingest::Message;
use tapis_media::hashlist::{self, HashList};
use tapis_media::{Index, hash_image};

use crate::cli::{describe_io, diagnose};

/// The largest image file read, in bytes: a Telegram photo is at most 10 MB; the decoder refuses more than 50
/// megapixels anyway.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// A hash list, `NAME=FILE`.
#[derive(Clone, Debug)]
pub struct HashListArg {
    name: String,
    path: PathBuf,
}

/// Parses `NAME=FILE`: a name of letters, digits, `-`, `_` and `.`, then the file.
pub fn parse_hashlist_arg(arg: &str) -> Result<HashListArg, String> {
    let (name, path) = arg.split_once('=').ok_or("expected NAME=FILE, e.g. judi-banner=judi.pdq")?;
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(format!("`{name}`: a list's name is letters, digits, `-`, `_` or `.`, at most 64"));
    }
    if path.is_empty() {
        return Err("expected NAME=FILE: the file is missing".to_owned());
    }
    Ok(HashListArg { name: name.to_owned(), path: PathBuf::from(path) })
}

/// What reads, hashes and matches the images: the lists, their index and the threshold.
pub struct Images {
    lists: Vec<HashList>,
    index: Index,
    threshold: u32,
}

impl Images {
    /// Reads the lists in the order given; a line on stderr for each says what was kept and skipped (and the
    /// first malformed lines, with their numbers).
    pub fn load(args: &[HashListArg], threshold: u32) -> Result<Images, String> {
        let mut lists: Vec<HashList> = Vec::with_capacity(args.len());
        for arg in args {
            if lists.iter().any(|list| list.name == arg.name) {
                return Err(format!("--hashlist {}: the name is given twice", arg.name));
            }
            let file = arg.path.display();
            let bytes = std::fs::read(&arg.path).map_err(|e| format!("{file}: cannot read: {}", describe_io(&e)))?;
            let parsed = hashlist::parse_bytes(&arg.name, &bytes);
            let skipped =
                [(parsed.comments, "comment"), (parsed.duplicates, "duplicate"), (parsed.malformed, "malformed")];
            let skipped: Vec<String> =
                skipped.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
            let skipped = if skipped.is_empty() { String::new() } else { format!("; skipped {}", skipped.join(", ")) };
            diagnose(format_args!("hash list {}: {} hashes from {file}{skipped}", arg.name, parsed.list.entries.len()));
            for problem in &parsed.problems {
                diagnose(format_args!("warning: {file}: line {}: {}", problem.line, problem.reason));
            }
            lists.push(parsed.list);
        }
        let index = Index::new(&lists);
        Ok(Images { lists, index, threshold })
    }

    /// The image of `message` (its photo, or its media's thumbnail), read under `root`, the export's folder;
    /// `None` when the message has no image the export could hold.
    pub fn of(&self, root: &Path, message: &Message) -> Option<ImageEntry> {
        let media = message.media.as_ref()?;
        let path = media.image_path()?;
        let mut entry = ImageEntry {
            kind: media.kind.as_str(),
            path: path.to_owned(),
            pdq: None,
            quality: None,
            width: None,
            height: None,
            matches: Vec::new(),
            missing: false,
            error: None,
        };
        let bytes = match read_under(root, path) {
            Ok(bytes) => bytes,
            Err(error) => {
                entry.missing = error.kind() == io::ErrorKind::NotFound;
                entry.error = Some(if entry.missing { "missing".to_owned() } else { describe_io(&error) });
                return Some(entry);
            }
        };
        match hash_image(&bytes) {
            Ok(hashed) => {
                entry.pdq = Some(hashed.pdq.to_hex());
                entry.quality = Some(hashed.quality);
                entry.width = Some(hashed.width);
                entry.height = Some(hashed.height);
                entry.matches = self
                    .index
                    .matches(&hashed.pdq, self.threshold)
                    .into_iter()
                    .filter_map(|found| {
                        let list = self.lists.get(found.list)?;
                        let listed = list.entries.get(found.entry)?;
                        Some(ImageFound {
                            list: list.name.clone(),
                            label: listed.label.clone(),
                            source: listed.source.clone(),
                            distance: found.distance,
                        })
                    })
                    .collect();
            }
            Err(error) => entry.error = Some(error.to_string()),
        }
        Some(entry)
    }
}

/// Reads `path` (relative, `/` between folders, as the export writes it) under `root`, refusing what would
/// leave `root`: a path `safe_relative_path` does not keep as it is, and a file that a link places outside.
fn read_under(root: &Path, path: &str) -> io::Result<Vec<u8>> {
    let refused = || io::Error::new(io::ErrorKind::PermissionDenied, "the path leaves the export's folder");
    if tapis_ingest::safe_relative_path(path).as_deref() != Some(path) {
        return Err(refused());
    }
    let mut joined = root.to_path_buf();
    for part in path.split('/') {
        joined.push(part);
    }
    let file = File::open(&joined)?;
    let inside = std::fs::canonicalize(&joined)?.starts_with(std::fs::canonicalize(root)?);
    if !inside {
        return Err(refused());
    }
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(io::Error::other(format!("larger than {} MiB", MAX_IMAGE_BYTES >> 20)));
    }
    Ok(bytes)
}

/// A message's image in a JSON line (`README.md` documents it): where it is in the export, its PDQ hash and
/// quality, and the listed hashes near it; or why it was not hashed.
#[derive(Debug, Serialize)]
pub struct ImageEntry {
    /// `photo`, or the media whose thumbnail it is (`video_file`, `animation`, `sticker`…).
    pub kind: &'static str,
    /// Relative to the export's folder, as the export writes it.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Nearest first.
    pub matches: Vec<ImageFound>,
    /// The file is not in the export's folder.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// Why it was not hashed: `missing`, unreadable, or not a JPEG or PNG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A listed hash within the threshold of an image's.
#[derive(Debug, Serialize)]
pub struct ImageFound {
    pub list: String,
    pub label: Option<String>,
    pub source: Option<String>,
    pub distance: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_list_arguments_name_a_list_and_a_file() {
        let arg = parse_hashlist_arg("judi-banner=lists/judi.pdq").unwrap();
        assert_eq!((arg.name.as_str(), arg.path.as_path()), ("judi-banner", Path::new("lists/judi.pdq")));
        for bad in ["judi", "=a.txt", "ju di=a.txt", "judi=", &format!("{}=a", "x".repeat(65))] {
            assert!(parse_hashlist_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_are_read_only_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("export");
        std::fs::create_dir_all(root.join("photos")).unwrap();
        std::fs::write(root.join("photos/a.jpg"), b"jpeg").unwrap();
        std::fs::write(dir.path().join("secret.jpg"), b"secret").unwrap();
        assert_eq!(read_under(&root, "photos/a.jpg").unwrap(), b"jpeg");
        assert_eq!(read_under(&root, "photos/b.jpg").unwrap_err().kind(), io::ErrorKind::NotFound);
        for escaping in ["../secret.jpg", "photos/../../secret.jpg", "/etc/passwd", "photos//a.jpg", "./photos/a.jpg"] {
            assert_eq!(read_under(&root, escaping).unwrap_err().kind(), io::ErrorKind::PermissionDenied, "{escaping}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.jpg"), root.join("photos/link.jpg")).unwrap();
            assert_eq!(read_under(&root, "photos/link.jpg").unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        }
    }
}
