//! An export's media beside its messages (issue 21): which of the files picked or dropped with an export are its
//! photos and other media, and which file a message's photo is.
//!
//! Telegram Desktop writes an export as a folder: `result.json` (or `messages.html`, `messages2.html`…) and, when
//! media are exported, `photos/`, `video_files/`, `files/`, `stickers/`… beside it, which the messages name by
//! paths relative to that folder (`photos/photo_12@01-11-2026_10-00-00.jpg`). The HTML export also brings its own
//! page furniture (`css/`, `js/`, `images/`), which is neither messages nor evidence. Plain logic on names: the
//! page, the worker and the tests share it.

/// What a file picked with an export is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Something to read messages from: an export's JSON or HTML, copied text, any other text.
    Document,
    /// A medium the messages may point at: a photo, a video, a sticker, a file.
    Media,
    /// The HTML export's own style sheets, scripts and icons, and the system's litter (`.DS_Store`).
    Ignored,
}

/// Folders Telegram Desktop writes media into, beside the export's messages.
const MEDIA_FOLDERS: [&str; 8] =
    ["photos", "video_files", "files", "stickers", "round_video_messages", "voice_messages", "animations", "contacts"];

/// Endings of media files met alone, outside those folders (the analyst picked the files without their folder).
const MEDIA_ENDINGS: [&str; 14] =
    [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".mp4", ".webm", ".mov", ".tgs", ".ogg", ".oga", ".mp3", ".m4a"];

/// What the file of this name (with its folders, as the browser gives them: `ChatExport_2026-11-01/photos/a.jpg`)
/// is to an import.
pub fn role(name: &str) -> Role {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').filter(|p| !p.is_empty()).collect();
    let Some(file) = parts.last() else { return Role::Ignored };
    if *file == ".ds_store" || *file == "thumbs.db" || *file == "desktop.ini" {
        return Role::Ignored;
    }
    let folders = &parts[..parts.len() - 1];
    if folders.iter().any(|f| MEDIA_FOLDERS.contains(f)) {
        return Role::Media;
    }
    // The HTML export's furniture sits in `css/`, `js/` and `images/` next to its `messages.html`.
    if folders.last().is_some_and(|f| ["css", "js", "images"].contains(f))
        && [".css", ".js", ".png", ".svg"].iter().any(|e| file.ends_with(e))
    {
        return Role::Ignored;
    }
    if MEDIA_ENDINGS.iter().any(|e| file.ends_with(e)) {
        return Role::Media;
    }
    Role::Document
}

/// The folder a file is in, with its trailing `/` (empty for none): an export's root, which its messages' media
/// paths are relative to.
pub fn folder_of(name: &str) -> &str {
    name.rfind('/').map_or("", |at| &name[..=at])
}

/// How the dropped or picked files become imports, with media: [`super::group_files`] groups the documents (`files`,
/// each with its format and [`Role`]), and each medium goes with the export whose folder holds it (the one whose
/// folder is the longest start of its path), or, when none does (files picked without folders), with the first
/// export. Media with no export to go with are left out, and returned second, to say so.
pub fn group_with_media(files: &[(super::FileInfo, tapis_ingest::Format, Role)]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let documents: Vec<usize> = (0..files.len()).filter(|&i| files[i].2 == Role::Document).collect();
    let described: Vec<(super::FileInfo, tapis_ingest::Format)> =
        documents.iter().map(|&i| (files[i].0.clone(), files[i].1)).collect();
    let mut groups: Vec<Vec<usize>> =
        super::group_files(&described).into_iter().map(|g| g.into_iter().map(|i| documents[i]).collect()).collect();
    let is_export = |group: &Vec<usize>| {
        group
            .iter()
            .any(|&i| matches!(files[i].1, tapis_ingest::Format::TelegramHtml | tapis_ingest::Format::TelegramJson))
    };
    let mut left_out = Vec::new();
    for i in (0..files.len()).filter(|&i| files[i].2 == Role::Media) {
        let path = &files[i].0.name;
        let holder = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| is_export(g))
            .filter_map(|(at, g)| {
                let root = folder_of(&files[g[0]].0.name);
                path.starts_with(root).then_some((root.len(), at))
            })
            .max_by_key(|&(len, at)| (len, std::cmp::Reverse(at)))
            .map(|(_, at)| at);
        match holder {
            Some(at) => groups[at].push(i),
            None => left_out.push(i),
        }
    }
    (groups, left_out)
}

/// The media of an import, found by the paths its messages give: each file's path relative to the export's
/// folder, and, for files picked without their folders, its bare name.
#[derive(Clone, Debug, Default)]
pub struct MediaIndex {
    by_path: std::collections::HashMap<String, usize>,
    by_name: std::collections::HashMap<String, Option<usize>>,
}

impl MediaIndex {
    /// The index of `names` (the import's files, as [`role`] takes them), relative to the folder of the first
    /// document among them.
    pub fn new(names: &[String]) -> MediaIndex {
        let root = names.iter().find(|n| role(n) == Role::Document).map_or("", |n| folder_of(n));
        let mut index = MediaIndex::default();
        for (i, name) in names.iter().enumerate().filter(|(_, n)| role(n) == Role::Media) {
            let name = name.replace('\\', "/");
            let relative = name.strip_prefix(root).unwrap_or(&name).to_owned();
            let bare = relative.rsplit('/').next().unwrap_or_default().to_owned();
            index.by_path.insert(relative, i);
            // A bare name met twice finds neither: better no photo than another message's.
            index.by_name.entry(bare).and_modify(|at| *at = None).or_insert(Some(i));
        }
        index
    }

    /// The file (its index among the names) of the medium at `path`, as a message gives it (relative to the export's
    /// folder).
    pub fn find(&self, path: &str) -> Option<usize> {
        let path = path.replace('\\', "/");
        let path = path.strip_prefix("./").unwrap_or(&path);
        self.by_path.get(path).copied().or_else(|| {
            let bare = path.rsplit('/').next()?;
            self.by_name.get(bare).copied().flatten()
        })
    }

    /// Whether the import has any medium.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// The campaign key of a cluster of near-duplicate photos: `image:` and the first 16 hex digits of the cluster's
/// smallest hash (`tapis_media::cluster::cluster_keys`), the same in every import that holds those photos.
pub fn image_key(smallest: &str) -> String {
    format!("image:{}", &smallest[..smallest.len().min(16)])
}

/// The campaigns of an import with its near-duplicate photos joined in (issue 21): `grouped` as the job grouped
/// them, `photos` each photo's message (its index in input order, as `grouped` counts them) and [`image_key`].
/// Photos of two messages or more under one key are a campaign of their own, joined with every campaign holding
/// one of those messages; largest first, as the job orders them.
pub fn join_photo_campaigns(grouped: Vec<super::Grouped>, photos: &[(u32, String)]) -> Vec<super::Grouped> {
    use std::collections::BTreeMap;
    let mut clusters: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (message, key) in photos {
        let messages = clusters.entry(key.as_str()).or_default();
        if !messages.contains(message) {
            messages.push(*message);
        }
    }
    let mut all = grouped;
    let first_image = all.len();
    all.extend(
        clusters
            .into_iter()
            .filter(|(_, messages)| messages.len() >= 2)
            .map(|(key, messages)| super::Grouped { keys: vec![key.to_owned()], messages }),
    );
    if all.len() == first_image {
        return all;
    }
    // Union-find over the campaigns: a photo cluster joins every campaign that shares a message with it.
    let mut parent: Vec<usize> = (0..all.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    let mut holder: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for (c, campaign) in all.iter().enumerate() {
        for &m in &campaign.messages {
            if let Some(&other) = holder.get(&m) {
                let (a, b) = (root(&mut parent, other), root(&mut parent, c));
                // The earlier campaign stays the root: its keys (and its name, the first key) come first.
                parent[a.max(b)] = a.min(b);
            } else {
                holder.insert(m, c);
            }
        }
    }
    let mut joined: Vec<Option<super::Grouped>> = vec![None; all.len()];
    for (c, campaign) in all.into_iter().enumerate() {
        let r = root(&mut parent, c);
        match &mut joined[r] {
            Some(into) => {
                for key in campaign.keys {
                    if !into.keys.contains(&key) {
                        into.keys.push(key);
                    }
                }
                into.messages.extend(campaign.messages);
            }
            slot => *slot = Some(campaign),
        }
    }
    let mut joined: Vec<super::Grouped> = joined.into_iter().flatten().collect();
    for campaign in &mut joined {
        campaign.messages.sort_unstable();
        campaign.messages.dedup();
    }
    joined.sort_by_key(|c| std::cmp::Reverse(c.messages.len()));
    joined
}

/// The campaigns as a job's summary writes them ([`super::Summary::campaigns`]).
pub fn campaigns_text(grouped: &[super::Grouped]) -> String {
    let mut text = String::new();
    for campaign in grouped {
        text.push_str(&campaign.keys.join(" "));
        text.push('\t');
        let messages: Vec<String> = campaign.messages.iter().map(u32::to_string).collect();
        text.push_str(&messages.join(","));
        text.push('\n');
    }
    text
}

/// The file (its index among `names`) of the medium at `path`, as [`MediaIndex::find`] finds it, by a walk over
/// the names: for the page, which looks up only the photos in view (the worker indexes them all).
pub fn find(names: &[String], path: &str) -> Option<usize> {
    let root = names.iter().find(|n| role(n) == Role::Document).map_or("", |n| folder_of(n));
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let media = || names.iter().enumerate().filter(|(_, n)| role(n) == Role::Media);
    if let Some((at, _)) = media().find(|(_, n)| n.replace('\\', "/").strip_prefix(root) == Some(path)) {
        return Some(at);
    }
    let bare = path.rsplit('/').next()?;
    let mut found = media().filter(|(_, n)| n.replace('\\', "/").rsplit('/').next() == Some(bare)).map(|(at, _)| at);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::FileInfo;
    use tapis_ingest::Format;

    #[test]
    fn an_export_folder_is_its_messages_its_media_and_furniture_left_out() {
        let cases = [
            ("ChatExport_2026-11-01/result.json", Role::Document),
            ("ChatExport_2026-11-01/messages2.html", Role::Document),
            ("ChatExport_2026-11-01/photos/photo_12@01-11-2026_10-00-00.jpg", Role::Media),
            ("ChatExport_2026-11-01/photos/photo_12@01-11-2026_10-00-00_thumb.jpg", Role::Media),
            ("ChatExport_2026-11-01/video_files/video_1@01-11-2026.mp4", Role::Media),
            ("ChatExport_2026-11-01/files/laporan.pdf", Role::Media),
            ("ChatExport_2026-11-01/stickers/sticker (2).webp", Role::Media),
            ("ChatExport_2026-11-01/css/style.css", Role::Ignored),
            ("ChatExport_2026-11-01/js/script.js", Role::Ignored),
            ("ChatExport_2026-11-01/images/back.png", Role::Ignored),
            ("ChatExport_2026-11-01/.DS_Store", Role::Ignored),
            ("photo_12@01-11-2026_10-00-00.jpg", Role::Media),
            ("catatan.txt", Role::Document),
            ("PHOTOS\\A.JPG", Role::Media),
        ];
        for (name, expected) in cases {
            assert_eq!(role(name), expected, "{name}");
        }
    }

    fn described(names: &[&str]) -> Vec<(FileInfo, Format, Role)> {
        names
            .iter()
            .map(|n| {
                let format = crate::import::format_from_name(n).unwrap_or(Format::FreeText);
                (FileInfo { name: (*n).to_owned(), size: 1 }, format, role(n))
            })
            .collect()
    }

    #[test]
    fn media_go_with_the_export_whose_folder_holds_them() {
        let files = described(&[
            "a/result.json",
            "a/photos/p1.jpg",
            "b/messages.html",
            "b/messages2.html",
            "b/photos/p1.jpg",
            "b/css/style.css",
            "notes.txt",
        ]);
        let (groups, left_out) = group_with_media(&files);
        assert_eq!(groups, vec![vec![2, 3, 4], vec![0, 1], vec![6]]);
        assert!(left_out.is_empty());
    }

    #[test]
    fn media_picked_without_folders_go_with_the_first_export_and_alone_are_left_out() {
        let (groups, left_out) = group_with_media(&described(&["result.json", "photo_1.jpg", "photo_2.jpg"]));
        assert_eq!(groups, vec![vec![0, 1, 2]]);
        assert!(left_out.is_empty());
        let (groups, left_out) = group_with_media(&described(&["photo_1.jpg", "notes.txt"]));
        assert_eq!(groups, vec![vec![1]]);
        assert_eq!(left_out, vec![0]);
    }

    #[test]
    fn near_duplicate_photos_are_a_campaign_joined_with_those_of_their_messages() {
        use crate::import::Grouped;
        let grouped = vec![
            Grouped { keys: vec!["brand:situs88".into()], messages: vec![0, 1] },
            Grouped { keys: vec!["domain:cuan.com".into()], messages: vec![5, 6] },
        ];
        let photos = [
            (1, image_key("aaaabbbbccccdddd0000")),
            (3, image_key("aaaabbbbccccdddd0000")),
            (4, image_key("aaaabbbbccccdddd0000")),
            // One message's two photos are no campaign; a photo met once is none either.
            (7, image_key("1111")),
            (7, image_key("1111")),
            (8, image_key("2222")),
        ];
        let joined = join_photo_campaigns(grouped.clone(), &photos);
        assert_eq!(
            joined,
            vec![
                Grouped {
                    keys: vec!["brand:situs88".into(), "image:aaaabbbbccccdddd".into()],
                    messages: vec![0, 1, 3, 4]
                },
                Grouped { keys: vec!["domain:cuan.com".into()], messages: vec![5, 6] },
            ]
        );
        // Without photos to join, the campaigns are the job's, untouched.
        assert_eq!(join_photo_campaigns(grouped.clone(), &[]), grouped);
        // And the summary's text reads back as they were.
        let summary = crate::import::Summary { campaigns: campaigns_text(&joined), ..summary() };
        assert_eq!(summary.grouped(), joined);
    }

    fn summary() -> crate::import::Summary {
        crate::import::Summary {
            format: Format::FreeText,
            chats: Vec::new(),
            counts: Default::default(),
            warnings: Vec::new(),
            file_sha256: String::new(),
            candidates: 0,
            without_matches: 0,
            campaigns: String::new(),
        }
    }

    #[test]
    fn a_message_finds_its_photo_by_the_export_path_or_by_its_bare_name() {
        let names: Vec<String> = [
            "ChatExport/result.json",
            "ChatExport/photos/photo_1@01-11-2026_10-00-00.jpg",
            "ChatExport/photos/photo_2@01-11-2026_10-00-00.jpg",
            "ChatExport/video_files/photo_2@01-11-2026_10-00-00.jpg",
        ]
        .map(str::to_owned)
        .to_vec();
        let index = MediaIndex::new(&names);
        assert_eq!(index.find("photos/photo_1@01-11-2026_10-00-00.jpg"), Some(1));
        assert_eq!(index.find("./photos/photo_2@01-11-2026_10-00-00.jpg"), Some(2));
        assert_eq!(index.find("photos/missing.jpg"), None);
        // Only by its bare name, and that name is met twice: neither.
        assert_eq!(index.find("elsewhere/photo_2@01-11-2026_10-00-00.jpg"), None);
        let loose = MediaIndex::new(&["result.json".to_owned(), "photo_1.jpg".to_owned()]);
        assert_eq!(loose.find("photos/photo_1.jpg"), Some(1));
        assert!(MediaIndex::new(&["result.json".to_owned()]).is_empty());
        // The page's walk finds what the worker's index finds.
        for wanted in [
            "photos/photo_1@01-11-2026_10-00-00.jpg",
            "./photos/photo_2@01-11-2026_10-00-00.jpg",
            "photos/missing.jpg",
            "elsewhere/photo_2@01-11-2026_10-00-00.jpg",
        ] {
            assert_eq!(find(&names, wanted), index.find(wanted), "{wanted}");
        }
        assert_eq!(find(&["result.json".to_owned(), "photo_1.jpg".to_owned()], "photos/photo_1.jpg"), Some(1));
    }
}
