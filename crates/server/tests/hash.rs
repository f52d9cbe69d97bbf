//! The real `tapis hash` binary on tapis-media's reference images: one `HASH<TAB>QUALITY<TAB>FILE` line per
//! image, the reference's hash and quality; a broken or missing file reported on stderr, the rest still hashed,
//! exit status 2.

use std::path::{Path, PathBuf};
use std::process::Command;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../media/tests/vectors").canonicalize().unwrap()
}

/// `(file, "hash\tquality")` of the reference table.
fn reference() -> Vec<(String, String)> {
    std::fs::read_to_string(vectors().join("vectors.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f[0].to_owned(), format!("{}\t{}", f[3], f[4]))
        })
        .collect()
}

fn tapis_hash(files: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tapis"))
        .arg("hash")
        .args(files)
        .current_dir(vectors())
        .output()
        .expect("the tapis binary runs");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "tapis panicked: {stderr}");
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap(), stderr)
}

#[test]
fn prints_the_reference_hash_and_quality_of_every_image() {
    let reference = reference();
    let files: Vec<&str> = reference.iter().map(|(file, _)| file.as_str()).collect();
    let (code, stdout, stderr) = tapis_hash(&files);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    let expected: String = reference.iter().map(|(file, hash)| format!("{hash}\t{file}\n")).collect();
    assert_eq!(stdout, expected);
}

#[test]
fn a_broken_file_is_reported_and_the_others_are_still_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let sticker = dir.path().join("sticker.webp");
    std::fs::write(&sticker, b"RIFF\x10\0\0\0WEBPVP8 \0\0\0\0").unwrap();
    let truncated = dir.path().join("cut.png");
    let png = std::fs::read(vectors().join("shapes_256x256.png")).unwrap();
    std::fs::write(&truncated, &png[..png.len() / 2]).unwrap();
    let (sticker, truncated) = (sticker.to_str().unwrap(), truncated.to_str().unwrap());

    let (code, stdout, stderr) =
        tapis_hash(&["shapes_256x256.png", sticker, "missing.jpg", truncated, "photo_640x480.jpg"]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].ends_with("\t100\tshapes_256x256.png"), "{}", lines[0]);
    assert!(lines[1].starts_with("4949b29496b69496b48ddb68497768946e9454b6b94bab498b6bc96b569c3695\t23\t"));
    assert!(stderr.contains(&format!("error: {sticker}: unsupported image format: WebP")), "{stderr}");
    assert!(stderr.contains("error: missing.jpg: cannot read: no such file"), "{stderr}");
    assert!(stderr.contains(&format!("error: {truncated}: corrupt PNG image")), "{stderr}");
    assert!(stderr.contains("3 of 5 files not hashed"), "{stderr}");
}

#[test]
fn needs_at_least_one_file() {
    let (code, _, stderr) = tapis_hash(&[]);
    assert_eq!(code, 2, "{stderr}");
}
