//! Every label of the interface, in Bahasa Indonesia (the default) and English.

use serde::Deserialize;

use tapis_engine::Fold;

use crate::api::PostError;

/// Language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Locale {
    /// Every locale, for the language switch.
    pub const ALL: [Locale; 2] = [Locale::Id, Locale::En];

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Locale::Id => "Bahasa Indonesia",
            Locale::En => "English",
        }
    }

    /// The labels in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Id => &ID,
            Locale::En => &EN,
        }
    }
}

/// The labels of the interface in one language.
pub struct Texts {
    /// Under the product name.
    pub tagline: &'static str,
    /// Label of the language switch.
    pub language: &'static str,
    /// Label of the paste area.
    pub paste_label: &'static str,
    /// Placeholder of the paste area.
    pub paste_placeholder: &'static str,
    /// Landmark name of the message list.
    pub messages: &'static str,
    /// "N messages, M candidates".
    pub summary: fn(usize, usize) -> String,
    /// Confirm button.
    pub confirm: &'static str,
    /// Reject button.
    pub reject: &'static str,
    /// After a rejection.
    pub rejected: &'static str,
    /// Undo button.
    pub undo: &'static str,
    /// While a flag is being posted.
    pub sending: &'static str,
    /// After the server stored the flag.
    pub delivered: &'static str,
    /// Before the reason of a failed post.
    pub failed: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// The server could not be reached; the detail follows.
    pub unreachable: fn(&str) -> String,
    /// The server refused; status and reason follow.
    pub refused: fn(u16, &str) -> String,
    /// Label of the token field.
    pub token_label: &'static str,
    /// Help under the token field.
    pub token_help: &'static str,
    /// When the host portal is to hand over the token and has not yet.
    pub token_waiting: &'static str,
    /// When the host portal has handed over the token.
    pub token_from_host: &'static str,
    /// Title of configuration errors.
    pub config_error: &'static str,
    /// The built-in packs failed to load.
    pub packs_broken: &'static str,
    /// Before the folds a match needed.
    pub folds_needed: &'static str,
    /// Label of a message's score.
    pub score: &'static str,
    /// Label of the disguises undone in a message.
    pub disguised: &'static str,
    /// When a cap cut a message's matches short.
    pub truncated: &'static str,
    /// The name of a fold, for the analyst.
    pub fold: fn(Fold) -> &'static str,
    /// Label of the source chat field.
    pub source_label: &'static str,
    /// Placeholder of the source chat field.
    pub source_placeholder: &'static str,
    /// Next to Confirm while the source is missing.
    pub source_needed: &'static str,
    /// A flag waiting in the outbox.
    pub queued: &'static str,
    /// When no token is known yet.
    pub waiting_for_token: &'static str,
    /// Before an attempt's number.
    pub attempt: &'static str,
    /// A confirmed flag the analyst discarded from the outbox.
    pub discarded: &'static str,
    /// Title of the outbox.
    pub outbox: &'static str,
    /// "Send now" button.
    pub send_now: &'static str,
    /// "Discard" button.
    pub discard: &'static str,
    /// Asked before discarding an undelivered flag.
    pub discard_confirm: &'static str,
    /// Export button.
    pub export: &'static str,
    /// Before why the outbox could not be saved.
    pub storage_error: &'static str,
    /// The name of an outbox state.
    pub state: fn(&str) -> &'static str,
    /// After a date given in the exporter's local time (offset unknown).
    pub local_time: &'static str,
    /// Label of a message's hidden link targets.
    pub hidden_links: &'static str,
    /// Landmark name of the import area.
    pub import: &'static str,
    /// The file picker's button.
    pub import_files: &'static str,
    /// Next to the file picker.
    pub import_hint: &'static str,
    /// Label of the format choice.
    pub format_label: &'static str,
    /// The format choice that detects it.
    pub format_auto: &'static str,
    /// The name of an input format (`telegram_json`, `telegram_html`, `copied_text`, `free_text`).
    pub format: fn(&str) -> &'static str,
    /// Label of the username given with an import.
    pub username_label: &'static str,
    /// While an import runs: file names, bytes read, bytes in all, messages read.
    pub reading: fn(&str, u64, u64, u64) -> String,
    /// Cancel button of a running import.
    pub cancel: &'static str,
    /// After a cancelled import.
    pub cancelled: &'static str,
    /// What failed, by error code, before the details.
    pub import_error: fn(&str) -> &'static str,
    /// Summary of an import: messages read, candidates, service messages skipped, entries skipped.
    pub import_summary: fn(u64, u64, u64, u64) -> String,
    /// When only the first messages without matches are shown: shown, read.
    pub without_matches_shown: fn(u64, u64) -> String,
    /// Closes an import.
    pub close_import: &'static str,
    /// Shows more of an import's messages: how many remain.
    pub show_more: fn(usize) -> String,
    /// Label of an import's warnings.
    pub warnings: &'static str,
    /// Label of a chat's username field in an import.
    pub chat_username: &'static str,
    /// Title of the roll-ups of an import.
    pub rollups: &'static str,
    /// Heading of the chats' roll-ups.
    pub rollup_chats: &'static str,
    /// Heading of the senders' roll-ups.
    pub rollup_senders: &'static str,
    /// Open, confirmed and rejected candidates.
    pub rollup_counts: fn(usize, usize, usize) -> String,
    /// Label of the timeline of confirmed messages.
    pub timeline: &'static str,
    /// Flags a whole channel.
    pub flag_channel: &'static str,
    /// Flags a whole account.
    pub flag_account: &'static str,
    /// Why a channel or account cannot be flagged yet.
    pub flag_subject_needs: &'static str,
    /// Label of a channel or account flag's summary.
    pub subject_summary: &'static str,
    /// Sends a channel or account flag to the outbox.
    pub send_subject_flag: &'static str,
    /// After a channel or account flag went to the outbox.
    pub subject_flag_queued: &'static str,
    /// Title of the analyst's own flags, with their count.
    pub my_flags: fn(usize) -> String,
    /// Reload button.
    pub refresh: &'static str,
    /// The name of a flag's status on the server.
    pub flag_status: fn(&str) -> &'static str,
    /// Before a reviewer's reason for returning a flag.
    pub returned_because: &'static str,
    /// Before the platform's answer.
    pub platform_answer: &'static str,
    /// Landmark name of the review queue.
    pub review_queue: &'static str,
    /// Title of the review queue, with its length.
    pub review_title: fn(usize) -> String,
    /// The review queue's shortcuts.
    pub review_keys: &'static str,
    /// Approve button.
    pub approve: &'static str,
    /// Return button.
    pub return_flag: &'static str,
    /// Placeholder of the reason to return a flag.
    pub return_reason: &'static str,
    /// After approving.
    pub approved: &'static str,
    /// After returning.
    pub returned: &'static str,
    /// What a flag is on: `message`, `channel` or `account`.
    pub target_kind: fn(&str) -> &'static str,
    /// The disguise measure of a message: score in percent, letters styled, spaced, swapped, of all letters.
    pub disguise_score: fn(u8, u32, u32, u32, u32) -> String,
    /// Clears the session.
    pub clear_session: &'static str,
    /// Asked before clearing the session.
    pub clear_session_confirm: &'static str,
    /// When the browser will not keep an import (its files' names; none for every import), and why.
    pub import_not_kept: fn(Option<&str>, &str) -> String,
    /// When clearing the session could not remove the kept imports, and why.
    pub imports_not_cleared: fn(&str) -> String,
    /// Title of the list of keyboard shortcuts.
    pub shortcuts: &'static str,
    /// The shortcuts: keys, and what they do.
    pub shortcut_list: &'static [(&'static str, &'static str)],
    /// Close button.
    pub close: &'static str,
    /// A flag's audit history.
    pub history: &'static str,
    /// How many messages a dossier holds.
    pub dossier_messages: fn(usize) -> String,
    /// A paste read as an import (too big for the text area, or copied out of Telegram): its size in MB.
    pub pasted_as_import: fn(f64) -> String,
}

impl Texts {
    /// Why a post failed, for the analyst.
    pub fn post_error(&self, error: &PostError) -> String {
        match error {
            PostError::Unreachable(detail) => (self.unreachable)(detail),
            PostError::Refused { status, message } => (self.refused)(*status, message),
        }
    }
}

static ID: Texts = Texts {
    tagline: "Penapisan konten kanal publik untuk trusted flagger",
    language: "Bahasa",
    paste_label: "Tempel isi kanal (pisahkan pesan dengan baris kosong)",
    paste_placeholder: "Salin pesan dari Telegram lalu tempel di sini…",
    messages: "Pesan",
    summary: |messages, candidates| format!("{messages} pesan, {candidates} kandidat"),
    confirm: "Konfirmasi",
    reject: "Tolak",
    rejected: "Ditolak (bukan konten negatif)",
    undo: "Batalkan",
    sending: "Mengirim…",
    delivered: "Terkirim ✓",
    failed: "Gagal mengirim:",
    retry: "Kirim ulang",
    unreachable: |detail| format!("server tidak terjangkau ({detail})"),
    refused: |status, message| format!("ditolak server (HTTP {status}): {message}"),
    token_label: "Token analis",
    token_help: "Diberikan oleh admin Tapis; hanya disimpan selama tab ini terbuka.",
    token_waiting: "Menunggu token dari portal…",
    token_from_host: "Token diterima dari portal",
    config_error: "Konfigurasi Tapis salah",
    packs_broken: "Paket aturan bawaan rusak",
    folds_needed: "penyamaran dibuka",
    score: "skor",
    disguised: "menyamar",
    truncated: "terlalu banyak kecocokan; sebagian tidak ditampilkan",
    fold: |fold| match fold {
        Fold::Case => "huruf besar/kecil",
        Fold::Compatibility => "huruf bergaya (𝙎, Ｓ, Ⓢ)",
        Fold::Diacritic => "tanda diakritik",
        Fold::Ignorable => "karakter tak terlihat",
        Fold::Arabic => "normalisasi Arab",
        Fold::Confusable => "huruf mirip dari aksara lain",
        Fold::Leet => "angka/simbol sebagai huruf",
        Fold::Separator => "pemisah di dalam kata",
        Fold::Repeat => "huruf berulang",
        Fold::Morphology => "imbuhan",
        Fold::Overlay => "garis/coretan di atas huruf (S͟, s̶, 8️⃣)",
        Fold::NumberWord => "angka ditulis sebagai kata",
        _ => "lainnya",
    },
    source_label: "Sumber: kanal atau grup",
    source_placeholder: "@username, tautan t.me, atau judul kanal",
    source_needed: "Isi sumber kanal untuk mengonfirmasi",
    queued: "Dalam antrean",
    waiting_for_token: "menunggu token analis",
    attempt: "percobaan",
    discarded: "Dibuang dari kotak keluar",
    outbox: "Kotak keluar",
    send_now: "Kirim sekarang",
    discard: "Buang",
    discard_confirm: "Buang flag ini? Flag yang belum terkirim akan hilang dari peramban ini.",
    export: "Ekspor JSON",
    storage_error: "Kotak keluar tidak dapat disimpan; flag bisa hilang bila tab ditutup",
    state: |name| match name {
        "queued" => "antre",
        "sending" => "mengirim",
        "delivered" => "terkirim",
        "rejected" => "ditolak",
        _ => "?",
    },
    rollups: "Ringkasan kanal & pengirim",
    rollup_chats: "Kanal dan grup",
    rollup_senders: "Pengirim",
    rollup_counts: |open, confirmed, rejected| {
        let mut line = format!("{open} terbuka, {confirmed} dikonfirmasi");
        if rejected > 0 {
            line += &format!(", {rejected} ditolak");
        }
        line
    },
    timeline: "Linimasa pesan yang dikonfirmasi",
    flag_channel: "Flag seluruh kanal…",
    flag_account: "Flag akun ini…",
    flag_subject_needs: "Konfirmasi minimal satu pesan sebagai bukti",
    subject_summary: "Ringkasan untuk platform (mengapa kanal/akun ini harus ditindak)",
    send_subject_flag: "Masukkan ke kotak keluar",
    subject_flag_queued: "Flag masuk kotak keluar, menunggu tinjauan analis kedua",
    my_flags: |n| format!("Flag saya ({n})"),
    refresh: "Muat ulang",
    flag_status: |status| match status {
        "pending_review" => "menunggu tinjauan",
        "returned" => "dikembalikan",
        "approved" => "disetujui",
        "acknowledged" => "diterima platform",
        "actioned" => "ditindak platform",
        "rejected" => "ditolak platform",
        _ => "?",
    },
    returned_because: "Dikembalikan peninjau:",
    platform_answer: "Jawaban platform:",
    review_queue: "Antrean tinjauan",
    review_title: |n| format!("Antrean tinjauan ({n})"),
    review_keys: "j/k pindah · a setujui · r alasan pengembalian, Enter kirim",
    approve: "Setujui",
    return_flag: "Kembalikan",
    return_reason: "Alasan pengembalian",
    approved: "Disetujui",
    returned: "Dikembalikan",
    dossier_messages: |n| format!("{n} pesan sebagai bukti"),
    history: "Riwayat",
    clear_session: "Bersihkan sesi",
    clear_session_confirm: "Hapus teks tempelan, impor, dan semua keputusan dari peramban ini? Flag di kotak keluar tetap ada.",
    import_not_kept: |import, why| match import {
        Some(name) => format!(
            "Peramban tidak menyimpan impor {name}: impor ini hilang bila halaman dimuat ulang ({why}). Selebihnya tetap berjalan."
        ),
        None => format!(
            "Peramban ini tidak dapat menyimpan impor: impor hilang bila halaman dimuat ulang ({why}). Selebihnya tetap berjalan."
        ),
    },
    imports_not_cleared: |why| {
        format!(
            "Impor yang tersimpan tidak dapat dihapus dari peramban dan akan muncul lagi setelah halaman dimuat ulang ({why})."
        )
    },
    shortcuts: "Pintasan papan ketik",
    shortcut_list: &[
        ("j / ↓", "pesan kandidat berikutnya"),
        ("k / ↑", "pesan kandidat sebelumnya"),
        ("a", "konfirmasi pesan terpilih"),
        ("x", "tolak pesan terpilih (positif palsu)"),
        ("u", "buka lagi pesan terakhir yang ditolak"),
        ("?", "tampilkan atau sembunyikan daftar ini"),
    ],
    close: "Tutup",
    disguise_score: |score, styled, spaced, swapped, letters| {
        format!("samaran {score}% ({styled} bergaya, {spaced} berjarak, {swapped} ditukar dari {letters} huruf)")
    },
    target_kind: |kind| match kind {
        "channel" => "Kanal",
        "account" => "Akun",
        _ => "Pesan",
    },
    local_time: "waktu lokal pengekspor",
    hidden_links: "Tautan tersembunyi",
    import: "Impor",
    import_files: "Buka berkas ekspor…",
    import_hint: "atau seret berkas ke sini: result.json, messages.html (beberapa sekaligus), atau teks .txt",
    format_label: "Format",
    format_auto: "Deteksi otomatis",
    format: |code| match code {
        "telegram_json" => "Ekspor Telegram (JSON)",
        "telegram_html" => "Ekspor Telegram (HTML)",
        "copied_text" => "Teks salinan Telegram",
        _ => "Teks bebas",
    },
    username_label: "Username kanal (opsional; ekspor tidak memuatnya)",
    reading: |names, bytes, total, messages| {
        format!("Membaca {names}: {} dari {} · {messages} pesan", mb(bytes), mb(total))
    },
    cancel: "Batal",
    cancelled: "Impor dibatalkan. Isi yang sudah dimuat sebelumnya tetap ada.",
    import_error: |code| match code {
        "invalid_json" => "JSON tidak valid",
        "truncated" => "Berkas JSON terpotong",
        "not_an_export" => "Bukan ekspor Telegram Desktop",
        "empty" => "Berkas kosong",
        "unreadable" => "Berkas tidak dapat dibaca",
        "invalid_username" => "Username tidak valid",
        _ => "Impor gagal",
    },
    import_summary: |messages, candidates, service, invalid| {
        let mut line = format!("{messages} pesan dibaca, {candidates} kandidat");
        if service > 0 {
            line += &format!(", {service} pesan layanan dilewati");
        }
        if invalid > 0 {
            line += &format!(", {invalid} entri rusak dilewati");
        }
        line
    },
    without_matches_shown: |shown, all| format!("Menampilkan {shown} pertama dari {all} pesan tanpa temuan"),
    close_import: "Tutup impor",
    show_more: |n| format!("Tampilkan lebih banyak ({n} lagi)"),
    warnings: "Peringatan",
    chat_username: "Username",
    pasted_as_import: |size| {
        format!("Tempelan ({size:.1} MB) dibaca sebagai impor (teks Telegram atau tempelan besar), di latar belakang.")
    },
};

static EN: Texts = Texts {
    tagline: "Screening public channel content for trusted flaggers",
    language: "Language",
    paste_label: "Paste channel content (separate messages with a blank line)",
    paste_placeholder: "Copy messages from Telegram and paste them here…",
    messages: "Messages",
    summary: |messages, candidates| {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!("{messages} message{}, {candidates} candidate{}", plural(messages), plural(candidates))
    },
    confirm: "Confirm",
    reject: "Reject",
    rejected: "Rejected (not negative content)",
    undo: "Undo",
    sending: "Sending…",
    delivered: "Delivered ✓",
    failed: "Sending failed:",
    retry: "Send again",
    unreachable: |detail| format!("server unreachable ({detail})"),
    refused: |status, message| format!("refused by the server (HTTP {status}): {message}"),
    token_label: "Analyst token",
    token_help: "Issued by your Tapis administrator; kept only while this tab is open.",
    token_waiting: "Waiting for the portal to hand over a token…",
    token_from_host: "Token received from the portal",
    config_error: "Tapis is misconfigured",
    packs_broken: "The built-in rule packs are broken",
    folds_needed: "disguise undone",
    score: "score",
    disguised: "disguised",
    truncated: "too many matches; some are not shown",
    fold: |fold| match fold {
        Fold::Case => "upper/lower case",
        Fold::Compatibility => "styled letters (𝙎, Ｓ, Ⓢ)",
        Fold::Diacritic => "diacritics",
        Fold::Ignorable => "invisible characters",
        Fold::Arabic => "Arabic normalization",
        Fold::Confusable => "look-alike letters from other scripts",
        Fold::Leet => "digits/symbols as letters",
        Fold::Separator => "separators inside words",
        Fold::Repeat => "repeated letters",
        Fold::Morphology => "affixes",
        Fold::Overlay => "lines/strokes over letters (S͟, s̶, 8️⃣)",
        Fold::NumberWord => "numbers written as words",
        _ => "other",
    },
    source_label: "Source: channel or group",
    source_placeholder: "@username, t.me link, or the channel's title",
    source_needed: "Name the source channel to confirm",
    queued: "Queued",
    waiting_for_token: "waiting for the analyst's token",
    attempt: "attempt",
    discarded: "Discarded from the outbox",
    outbox: "Outbox",
    send_now: "Send now",
    discard: "Discard",
    discard_confirm: "Discard this flag? An undelivered flag will be gone from this browser.",
    export: "Export JSON",
    storage_error: "The outbox cannot be saved; flags may be lost if the tab closes",
    state: |name| match name {
        "queued" => "queued",
        "sending" => "sending",
        "delivered" => "delivered",
        "rejected" => "rejected",
        _ => "?",
    },
    rollups: "Channels & senders summary",
    rollup_chats: "Channels and groups",
    rollup_senders: "Senders",
    rollup_counts: |open, confirmed, rejected| {
        let mut line = format!("{open} open, {confirmed} confirmed");
        if rejected > 0 {
            line += &format!(", {rejected} rejected");
        }
        line
    },
    timeline: "Timeline of confirmed messages",
    flag_channel: "Flag the whole channel…",
    flag_account: "Flag this account…",
    flag_subject_needs: "Confirm at least one message as evidence",
    subject_summary: "Summary for the platform (why this channel/account should be acted on)",
    send_subject_flag: "Put in the outbox",
    subject_flag_queued: "Flag in the outbox, waiting for a second analyst's review",
    my_flags: |n| format!("My flags ({n})"),
    refresh: "Reload",
    flag_status: |status| match status {
        "pending_review" => "waiting for review",
        "returned" => "returned",
        "approved" => "approved",
        "acknowledged" => "acknowledged by the platform",
        "actioned" => "actioned by the platform",
        "rejected" => "rejected by the platform",
        _ => "?",
    },
    returned_because: "Returned by the reviewer:",
    platform_answer: "The platform's answer:",
    review_queue: "Review queue",
    review_title: |n| format!("Review queue ({n})"),
    review_keys: "j/k move · a approve · r reason to return, Enter sends",
    approve: "Approve",
    return_flag: "Return",
    return_reason: "Reason to return",
    approved: "Approved",
    returned: "Returned",
    dossier_messages: |n| format!("{n} messages as evidence"),
    history: "History",
    clear_session: "Clear session",
    clear_session_confirm: "Remove the pasted text, imports and every decision from this browser? Flags in the outbox stay.",
    import_not_kept: |import, why| match import {
        Some(name) => {
            format!(
                "The browser did not keep the import {name}: it will be gone after a reload ({why}). Everything else works."
            )
        }
        None => format!(
            "This browser cannot keep imports: they will be gone after a reload ({why}). Everything else works."
        ),
    },
    imports_not_cleared: |why| {
        format!("The kept imports could not be removed from the browser and will come back after a reload ({why}).")
    },
    shortcuts: "Keyboard shortcuts",
    shortcut_list: &[
        ("j / ↓", "next candidate message"),
        ("k / ↑", "previous candidate message"),
        ("a", "confirm the selected message"),
        ("x", "reject the selected message (false positive)"),
        ("u", "reopen the last rejected message"),
        ("?", "show or hide this list"),
    ],
    close: "Close",
    disguise_score: |score, styled, spaced, swapped, letters| {
        format!("disguise {score}% ({styled} styled, {spaced} spaced, {swapped} swapped of {letters} letters)")
    },
    target_kind: |kind| match kind {
        "channel" => "Channel",
        "account" => "Account",
        _ => "Message",
    },
    local_time: "exporter's local time",
    hidden_links: "Hidden link targets",
    import: "Import",
    import_files: "Open export files…",
    import_hint: "or drop files here: result.json, messages.html (several at once), or .txt text",
    format_label: "Format",
    format_auto: "Detect automatically",
    format: |code| match code {
        "telegram_json" => "Telegram export (JSON)",
        "telegram_html" => "Telegram export (HTML)",
        "copied_text" => "Text copied from Telegram",
        _ => "Free text",
    },
    username_label: "Channel username (optional; exports lack it)",
    reading: |names, bytes, total, messages| {
        format!("Reading {names}: {} of {} · {messages} messages", mb(bytes), mb(total))
    },
    cancel: "Cancel",
    cancelled: "Import cancelled. What was loaded before is kept.",
    import_error: |code| match code {
        "invalid_json" => "Invalid JSON",
        "truncated" => "The JSON file is cut short",
        "not_an_export" => "Not a Telegram Desktop export",
        "empty" => "The file is empty",
        "unreadable" => "The file cannot be read",
        "invalid_username" => "Invalid username",
        _ => "Import failed",
    },
    import_summary: |messages, candidates, service, invalid| {
        let mut line = format!("{messages} messages read, {candidates} candidates");
        if service > 0 {
            line += &format!(", {service} service messages skipped");
        }
        if invalid > 0 {
            line += &format!(", {invalid} broken entries skipped");
        }
        line
    },
    without_matches_shown: |shown, all| format!("Showing the first {shown} of {all} messages without matches"),
    close_import: "Close import",
    show_more: |n| format!("Show more ({n} more)"),
    warnings: "Warnings",
    chat_username: "Username",
    pasted_as_import: |size| {
        format!("The paste ({size:.1} MB) is read as an import (Telegram text or a large paste), in the background.")
    },
};

/// Bytes as megabytes, one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
