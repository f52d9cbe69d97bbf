//! The media a message carries: the one photo, video, sticker or file Telegram attaches to it, as the export
//! refers to it (a path relative to the export's folder), and the check that keeps such a path inside the folder.
//!
//! The paths come from the file being read, so they are untrusted: [`safe_relative_path`] refuses whatever could
//! lead a reader of the folder out of it. Knows nothing of the formats (they call [`MediaKind::from_export`] and
//! [`Media::from_export`]) or of the files themselves: this crate takes bytes, never paths.

use serde::{Deserialize, Serialize};

/// The longest path kept, in bytes; a longer one is treated as unusable.
pub const MAX_PATH_BYTES: usize = 1024;

/// What the exporter writes instead of a path when the file was left out of the export (too large, or a kind
/// of media the export's settings excluded): `(File not included. Change data exporting settings to download.)`
/// or `(File exceeds maximum size. …)`.
fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    value.starts_with("(File ") && value.ends_with(')')
}

/// The photo, video, sticker or file a message carries (a Telegram message has at most one).
///
/// Paths are as the export writes them, relative to the export's folder (the one holding `result.json` or
/// `messages.html`), with `/` between folders, already checked by [`safe_relative_path`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// What it is.
    pub kind: MediaKind,
    /// The file itself (`photos/photo_12@01-11-2026_10-00-00.jpg`); `None` when the export does not hold it
    /// (see `not_included`) or gave a path that [`safe_relative_path`] refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A small JPEG of it, for videos, animations, stickers and (in HTML exports) photos:
    /// `video_files/clip.mp4_thumb.jpg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    /// The file's MIME type, when the export says (JSON exports, for files and videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Its width in pixels, when the export says (JSON exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Its height in pixels, when the export says (JSON exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// True when the export says the file was left out (its settings excluded it, or it was too large).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_included: bool,
}

impl Media {
    /// Media of `kind` whose file the export writes as `path` and whose thumbnail as `thumbnail`: the
    /// exporter's placeholder for a file left out gives `not_included`, and a path [`safe_relative_path`]
    /// refuses is dropped.
    pub fn from_export(kind: MediaKind, path: Option<&str>, thumbnail: Option<&str>) -> Media {
        let not_included = path.is_some_and(is_placeholder);
        let checked = |value: Option<&str>| value.filter(|value| !is_placeholder(value)).and_then(safe_relative_path);
        Media {
            kind,
            path: checked(path),
            thumbnail: checked(thumbnail),
            mime_type: None,
            width: None,
            height: None,
            not_included,
        }
    }

    /// The file to look at as a picture: a photo's own file (or an image sent as a file), else the thumbnail
    /// (the JPEG the exporter writes for videos, animations and stickers); `None` when the export holds neither.
    ///
    /// ```
    /// use tapis_ingest::{Media, MediaKind};
    ///
    /// let photo = Media::from_export(MediaKind::Photo, Some("photos/photo_1@01-01-2024_10-00-00.jpg"), None);
    /// assert_eq!(photo.image_path(), Some("photos/photo_1@01-01-2024_10-00-00.jpg"));
    /// let clip = Media::from_export(MediaKind::Video, Some("video_files/a.mp4"), Some("video_files/a.mp4_thumb.jpg"));
    /// assert_eq!(clip.image_path(), Some("video_files/a.mp4_thumb.jpg"));
    /// ```
    pub fn image_path(&self) -> Option<&str> {
        let is_image_file = self.kind == MediaKind::Photo
            || (self.kind == MediaKind::File && self.mime_type.as_deref().is_some_and(|m| m.starts_with("image/")));
        if is_image_file { self.path.as_deref().or(self.thumbnail.as_deref()) } else { self.thumbnail.as_deref() }
    }
}

/// What kind of media a message carries, by the JSON export's `media_type` (a `photo` field is a photo; a `file`
/// without `media_type` is a file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MediaKind {
    /// A photo.
    Photo,
    /// A video (`video_file`).
    Video,
    /// A round video message (`video_message`).
    VideoMessage,
    /// A GIF-like animation, exported as MP4 (`animation`).
    Animation,
    /// A sticker (`sticker`): WebP, or TGS/WebM for animated ones.
    Sticker,
    /// A voice message (`voice_message`).
    VoiceMessage,
    /// A music or audio file (`audio_file`).
    AudioFile,
    /// Any other file (a document).
    File,
    /// A `media_type` this crate does not know.
    Unknown,
}

impl MediaKind {
    /// Reads the JSON export's `media_type`; `None` (a `file` without it) is a [`MediaKind::File`].
    pub fn from_export(media_type: Option<&str>) -> MediaKind {
        match media_type {
            None => MediaKind::File,
            Some("video_file") => MediaKind::Video,
            Some("video_message") => MediaKind::VideoMessage,
            Some("animation") => MediaKind::Animation,
            Some("sticker") => MediaKind::Sticker,
            Some("voice_message") => MediaKind::VoiceMessage,
            Some("audio_file") => MediaKind::AudioFile,
            Some(_) => MediaKind::Unknown,
        }
    }

    /// Its name, as the JSON export's `media_type` writes it (`photo` and `file` for the two it does not).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Video => "video_file",
            MediaKind::VideoMessage => "video_message",
            MediaKind::Animation => "animation",
            MediaKind::Sticker => "sticker",
            MediaKind::VoiceMessage => "voice_message",
            MediaKind::AudioFile => "audio_file",
            MediaKind::File => "file",
            MediaKind::Unknown => "unknown",
        }
    }
}

/// A path the export gives, made safe to join under the export's folder: `None` unless it stays inside it.
///
/// Folders are joined with `/`; empty and `.` parts are dropped. Refused: an empty path, one longer than
/// [`MAX_PATH_BYTES`], an absolute one (`/…`), a drive or a URL scheme (`C:…`, `file:…`: a `:` in the first part),
/// a `..` part (and any part of only dots and spaces, which Windows reads as `..` or `.`), a backslash (a folder
/// separator on Windows), NUL and the other control characters.
///
/// ```
/// use tapis_ingest::safe_relative_path;
///
/// assert_eq!(safe_relative_path("photos/photo_1@01-01-2024_10-00-00.jpg").as_deref(),
///            Some("photos/photo_1@01-01-2024_10-00-00.jpg"));
/// assert_eq!(safe_relative_path("./stickers//sticker (2).webp").as_deref(), Some("stickers/sticker (2).webp"));
/// assert_eq!(safe_relative_path("photos/../../etc/passwd"), None);
/// assert_eq!(safe_relative_path("/etc/passwd"), None);
/// assert_eq!(safe_relative_path("..\\secret.txt"), None);
/// ```
pub fn safe_relative_path(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.len() > MAX_PATH_BYTES || raw.starts_with('/') {
        return None;
    }
    if raw.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part.chars().all(|c| c == '.' || c == ' ') {
            return None;
        }
        if parts.is_empty() && part.contains(':') {
            return None;
        }
        parts.push(part);
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a path as an export (or an attacker) may write it, and what is kept.
    #[test]
    fn paths_stay_inside_the_export() {
        let rows: &[(&str, Option<&str>)] = &[
            ("photos/photo_12@01-11-2026_10-00-00.jpg", Some("photos/photo_12@01-11-2026_10-00-00.jpg")),
            ("stickers/sticker (2).webp_thumb.jpg", Some("stickers/sticker (2).webp_thumb.jpg")),
            ("./files//a.pdf", Some("files/a.pdf")),
            ("files/a.pdf/", Some("files/a.pdf")),
            ("files/nama:berkas.pdf", Some("files/nama:berkas.pdf")),
            ("files/%2e%2e/a", Some("files/%2e%2e/a")),
            ("", None),
            (".", None),
            ("./", None),
            ("/etc/passwd", None),
            ("//server/share/a.jpg", None),
            ("../a.jpg", None),
            ("photos/../../a.jpg", None),
            ("photos/..", None),
            ("photos/.../a.jpg", None),
            ("photos/.. /a.jpg", None),
            ("..\\a.jpg", None),
            ("photos\\a.jpg", None),
            ("C:/Windows/a.jpg", None),
            ("C:a.jpg", None),
            ("file:///etc/passwd", None),
            ("https://evil.test/a.jpg", None),
            ("photos/a\0.jpg", None),
            ("photos/a\n.jpg", None),
        ];
        for (raw, wanted) in rows {
            assert_eq!(safe_relative_path(raw).as_deref(), *wanted, "{raw:?}");
        }
        assert_eq!(safe_relative_path(&"a/".repeat(600)), None);
    }

    #[test]
    fn placeholders_mean_not_included() {
        let placeholder = "(File not included. Change data exporting settings to download.)";
        let media = Media::from_export(MediaKind::Animation, Some(placeholder), Some(placeholder));
        assert_eq!((media.path, media.thumbnail, media.not_included), (None, None, true));
        let too_big = "(File exceeds maximum size. Change data exporting settings to download.)";
        assert!(Media::from_export(MediaKind::Video, Some(too_big), None).not_included);
        let refused = Media::from_export(MediaKind::Photo, Some("../x.jpg"), None);
        assert_eq!((refused.path, refused.not_included), (None, false));
    }

    #[test]
    fn the_picture_is_the_photo_or_the_thumbnail() {
        let mut file = Media::from_export(MediaKind::File, Some("files/scan.png"), None);
        assert_eq!(file.image_path(), None);
        file.mime_type = Some("image/png".into());
        assert_eq!(file.image_path(), Some("files/scan.png"));
        let sticker =
            Media::from_export(MediaKind::Sticker, Some("stickers/a.webp"), Some("stickers/a.webp_thumb.jpg"));
        assert_eq!(sticker.image_path(), Some("stickers/a.webp_thumb.jpg"));
        let voice = Media::from_export(MediaKind::VoiceMessage, Some("voice_messages/a.ogg"), None);
        assert_eq!(voice.image_path(), None);
    }

    #[test]
    fn old_media_without_optional_fields_reads_back() {
        let media: Media = serde_json::from_str(r#"{"kind": "photo"}"#).unwrap();
        assert_eq!(media, Media::from_export(MediaKind::Photo, None, None));
        let json = serde_json::to_string(&media).unwrap();
        assert_eq!(json, r#"{"kind":"photo"}"#);
    }
}
