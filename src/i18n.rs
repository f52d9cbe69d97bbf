//! Every label of the interface, in Bahasa Indonesia (the default) and English.

use serde::Deserialize;

use tapis_engine::{Fold, Signal};

use crate::api::PostError;
use crate::desk::{Reason, State};
use crate::ui::Notice;

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

    /// The locale of a tag as [`Locale::tag`] writes it (Indonesian for any other).
    pub fn from_tag(tag: &str) -> Locale {
        if tag == "en" { Locale::En } else { Locale::Id }
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
    /// The server does not know the token (HTTP 401): unknown, mistyped or revoked.
    pub unauthorized: &'static str,
    /// The token may not do this (HTTP 403).
    pub forbidden: &'static str,
    /// Label of the token field.
    pub token_label: &'static str,
    /// Help under the token field.
    pub token_help: &'static str,
    /// Under the token field while what is typed is not a whole token yet (nothing is asked of the server).
    pub token_incomplete: &'static str,
    /// When the host portal is to hand over the token and has not yet.
    pub token_waiting: &'static str,
    /// When the host portal has handed over the token.
    pub token_from_host: &'static str,
    /// Title of configuration errors.
    pub config_error: &'static str,
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
    /// Header of the signals that made a match stand out.
    pub signals: &'static str,
    /// A severity's name, from its code (`low`, `medium`, `high`, `critical`).
    pub severity_name: fn(&str) -> &'static str,
    /// What a signal means, for the analyst.
    pub signal: fn(Signal) -> &'static str,
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
    /// A confirmation held before it leaves: seconds left, and how to take it back.
    pub held: fn(u32) -> String,
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
    /// Before the name of the analyst a held flag waits for.
    pub held_for: &'static str,
    /// When a held flag's analyst is known only by their token.
    pub held_for_token: &'static str,
    /// After a date given in the exporter's local time (offset unknown).
    pub local_time: &'static str,
    /// Label of a message's hidden link targets.
    pub hidden_links: &'static str,
    /// Label of the links, handles and numbers found in a message.
    pub found_links: &'static str,
    /// A link's status: on a blocklist (the list's name follows), on none, a link shortener.
    pub link_blocked: &'static str,
    /// A domain on no list.
    pub link_new: &'static str,
    /// A link shortener.
    pub link_shortener: &'static str,
    /// The queue's filter by links: any, with a new domain, with a blocked one.
    pub links_any: &'static str,
    /// With a new domain.
    pub links_new: &'static str,
    /// With a blocked domain.
    pub links_blocked: &'static str,
    /// Heading of the blocklists panel.
    pub blocklists: &'static str,
    /// What the blocklists are for.
    pub blocklists_hint: &'static str,
    /// Label of a new list's name.
    pub blocklist_name: &'static str,
    /// The list file picker's button.
    pub blocklist_file: &'static str,
    /// While a list is built.
    pub blocklist_building: &'static str,
    /// A list's domains and skipped lines: `domains`, `skipped`.
    pub blocklist_counts: fn(u64, u64) -> String,
    /// When no list is loaded.
    pub no_blocklists: &'static str,
    /// The button forgetting a list.
    pub remove: &'static str,
    /// Heading of the new domains panel.
    pub new_domains: &'static str,
    /// When no new domain was found.
    pub no_new_domains: &'static str,
    /// What each line of the new domains says.
    pub new_domains_hint: &'static str,
    /// Export the new domains, one a line.
    pub export_domains: &'static str,
    /// Export them as CSV with the evidence.
    pub export_domains_csv: &'static str,
    /// Landmark name of the import area.
    pub import: &'static str,
    /// The file picker's button.
    pub import_files: &'static str,
    pub import_folder: &'static str,
    pub photo_not_exported: &'static str,
    pub photo_not_given: &'static str,
    pub photo_show: &'static str,
    pub photo_listed: fn(&str, u32) -> String,
    pub photo_distance: fn(u32) -> String,
    pub photo_quality: fn(u8) -> String,
    pub photo_tools: &'static str,
    /// Next to the file picker.
    pub import_hint: &'static str,
    /// Label of the format choice.
    pub format_label: &'static str,
    /// The format choice that detects it.
    pub format_auto: &'static str,
    /// The name of an input format (`telegram_json`, `telegram_html`, `copied_text`, `free_text`).
    pub format: fn(&str) -> &'static str,
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
    /// The confirm button of a message whose flag the reviewer returned.
    pub refile: &'static str,

    /// Before the platform's answer.
    pub platform_answer: &'static str,
    /// The status filter of *Flag saya*: every status.
    pub any_status: &'static str,
    /// Button: the next page of *Flag saya*.
    pub more_flags: &'static str,
    /// Link to a flagged message in Telegram.
    pub open_message: &'static str,
    /// An approved notice's deadline: time left (`Some`) or overdue by (`None`… the duration follows).
    pub deadline_left: fn(&str) -> String,
    /// An approved notice past its deadline, by this much.
    pub deadline_overdue: fn(&str) -> String,
    /// An answered notice: within its deadline, or after it.
    pub deadline_met: fn(bool) -> &'static str,
    /// A duration in hours and minutes, from seconds.
    pub hours_minutes: fn(i64) -> String,
    /// Landmark name of the review queue.
    pub review_queue: &'static str,
    /// Title of the review queue, with its length.
    pub review_title: fn(usize) -> String,
    /// The review queue's shortcuts.
    pub review_keys: &'static str,
    /// Before the rules whose matches a flag's evidence marks.
    pub evidence_rules: &'static str,
    /// Before the analyst's explanation of a flag.
    pub analyst_explanation: &'static str,
    /// Summary of a channel or account flag's evidence messages, with their number.
    pub evidence_messages: fn(usize) -> String,
    /// Shows the analyst's desk to a reviewer.
    pub show_analyst_desk: &'static str,
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
    /// A skipped message's state, on its card.
    pub skipped: &'static str,
    /// Button that reopens a rejected message.
    pub reopen: &'static str,
    /// Label of a message's checkbox for bulk actions.
    pub mark: &'static str,
    /// Label of the queue.
    pub queue: &'static str,
    /// Label of the search field.
    pub search: &'static str,
    /// Placeholder of the search field.
    pub search_hint: &'static str,
    /// Label of the filter by matches.
    pub filter_matches: &'static str,
    /// Messages with matches.
    pub with_matches: &'static str,
    /// Messages without matches.
    pub without_matches: &'static str,
    /// All messages.
    pub all_messages: &'static str,
    /// Category (filter, tables).
    pub category: &'static str,
    /// A filter's value that lets everything through.
    pub any: &'static str,
    /// Severity (filter, tables).
    pub severity: &'static str,
    /// Rule (filter, tables).
    pub rule: &'static str,
    /// Label of the filter by decision.
    pub decision_state: &'static str,
    /// A decision state's name.
    pub state_name: fn(State) -> &'static str,
    /// Label of the filter by chat.
    pub chat: &'static str,
    /// The chat of pasted messages in the filter, before a source channel is given.
    pub pasted_chat: &'static str,
    /// Button that resets the filters.
    pub clear_filters: &'static str,
    /// The queue's count: shown, messages, candidates.
    pub queue_summary: fn(usize, usize, usize) -> String,
    /// Label of the bulk actions.
    pub bulk: &'static str,
    /// Marks every open message shown.
    pub mark_shown: fn(usize) -> String,
    /// Confirms the marked messages.
    pub confirm_marked: fn(usize) -> String,
    /// Rejects the marked messages.
    pub reject_marked: fn(usize) -> String,
    /// Clears the marks.
    pub unmark: &'static str,
    /// Confirms every open message of a rule (accessible name).
    pub confirm_rule: fn(&str) -> String,
    /// Rejects every open message of a rule (accessible name).
    pub reject_rule: fn(&str) -> String,
    /// Title of the rules' tallies.
    pub rule_tallies: &'static str,
    /// A rule's precision column.
    pub precision: &'static str,
    /// Column of bulk actions on a rule's open messages.
    pub open_of_rule: &'static str,
    /// Shown when no message passes the filters.
    pub queue_empty: &'static str,
    /// What a brand-like token match is called.
    pub brand_token: &'static str,
    /// What a disguised-word match is called.
    pub disguised_word: &'static str,
    /// Before a pattern the rule matched with.
    pub pattern: &'static str,
    /// Caption of the inspector's match table.
    pub why_matched: &'static str,
    /// Column: the text as written.
    pub seen_as_written: &'static str,
    /// Column: the text as the rule saw it.
    pub normalized: &'static str,
    /// Column: the term or pattern.
    pub term: &'static str,
    /// Column: the rule's description.
    pub description: &'static str,
    /// A rejection reason's name.
    pub reason_name: fn(Reason) -> &'static str,
    /// Label of the category to confirm under.
    pub confirm_as: &'static str,
    /// Label of the action asked of the platform.
    pub action_label: &'static str,
    /// An action's name (`review`, `restrict`, `remove`).
    pub action_name: fn(&str) -> &'static str,
    /// The first option of a select left as the rules or the severity say; what that is follows.
    pub as_suggested: fn(&str) -> String,
    /// What the default of a bulk field is: each message's own, from its rules.
    pub each_its_own: &'static str,
    /// The bulk bar's fields: what the marked messages are confirmed with.
    pub bulk_confirm_with: &'static str,
    /// Label of the rejection reason.
    pub reject_reason: &'static str,
    /// Label of the analyst's note.
    pub note: &'static str,
    /// Skip button.
    pub skip: &'static str,
    /// Title of the inspector.
    pub inspector: &'static str,
    /// Redo button.
    pub redo: &'static str,
    /// What the last action could not do, or did in bulk.
    pub notice: fn(&Notice) -> String,
    /// The inspector with nothing selected.
    pub inspector_empty: &'static str,
    // Rule packs (`ui/pack_panel.rs`).
    /// Title of the rule packs panel.
    pub packs_title: &'static str,
    /// "N of M packs on, R rules".
    pub packs_summary: fn(usize, usize, usize) -> String,
    /// Button that imports pack files.
    pub import_pack: &'static str,
    /// Beside it.
    pub import_pack_hint: &'static str,
    /// A pack compiled into the app.
    pub pack_built_in: &'static str,
    /// A pack imported from a file.
    pub pack_imported: &'static str,
    /// An imported pack in place of the built-in pack of the same id.
    pub pack_replaces_built_in: &'static str,
    /// "N rules" of a pack.
    pub pack_rules: fn(usize) -> String,
    /// Removes an imported pack.
    pub remove_pack: &'static str,
    pub export_toml: &'static str,
    /// Before a pack's error (the engine's message, naming file, rule and field).
    pub pack_error: &'static str,
    /// The saved choice of packs no longer compiles: the imported packs are switched off.
    pub saved_packs_broken: &'static str,
    /// The choice of packs could not be saved.
    pub packs_not_saved: &'static str,
    /// The campaign view's title.
    pub campaigns: &'static str,
    /// What the campaigns are made of.
    pub campaigns_note: &'static str,
    /// No campaign found.
    pub campaigns_none: &'static str,
    /// A campaign's messages, chats and senders.
    pub campaign_stats: fn(usize, usize, usize) -> String,
    /// A campaign's first and last day seen.
    pub campaign_seen: fn(&str, &str) -> String,
    /// What opening a campaign did to the queue.
    pub campaign_open_hint: &'static str,
    /// Confirm the open campaign's N ticked messages.
    pub confirm_campaign: fn(usize) -> String,
    /// Reject the open campaign's N ticked messages.
    pub reject_campaign: fn(usize) -> String,
    /// Close the open campaign.
    pub close_campaign: &'static str,
    /// Campaigns beyond the list.
    pub campaigns_more: fn(usize) -> String,
}

impl Texts {
    /// Why a post failed, for the analyst.
    pub fn post_error(&self, error: &PostError) -> String {
        match error {
            PostError::Unreachable(detail) => (self.unreachable)(detail),
            // The server explains in English; these two the analyst must read in their language.
            PostError::Refused { status: 401, .. } => (self.refused)(401, self.unauthorized),
            PostError::Refused { status: 403, .. } => (self.refused)(403, self.forbidden),
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
    unauthorized: "token tidak dikenal server (salah ketik, atau sudah dicabut). Minta token baru ke admin Tapis.",
    forbidden: "token ini tidak berwenang untuk tindakan ini.",
    token_label: "Token",
    token_help: "Diberikan oleh admin Tapis; hanya disimpan selama tab ini terbuka.",
    token_incomplete: "Token belum lengkap: tapis_ diikuti 64 angka atau huruf a–f. Server belum dihubungi.",
    token_waiting: "Menunggu token dari portal…",
    token_from_host: "Token diterima dari portal",
    config_error: "Konfigurasi Tapis salah",
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
    severity_name: |code| match code {
        "low" => "rendah",
        "medium" => "sedang",
        "high" => "tinggi",
        "critical" => "kritis",
        _ => "–",
    },
    signals: "sinyal",
    signal: |signal| match signal {
        Signal::StandoutWord => "satu kata bergaya di kalimat biasa",
        Signal::BrandShaped => "nama berbentuk situs: nama + angka",
        Signal::SpelledOut => "nama dieja terpisah atau ditempel simbol",
        Signal::StyledLetters => "huruf bergaya",
        Signal::MixedStyles => "campuran gaya huruf dalam satu kata",
        Signal::MixedScripts => "huruf aksara lain di dalam kata Latin",
        Signal::Leetspeak => "angka/simbol sebagai huruf",
        Signal::NumberInWords => "angka ditulis sebagai kata atau dieja",
    },
    source_label: "Kanal atau grup (tempelan dan impor)",
    source_placeholder: "@username, tautan t.me, atau judul kanal",
    source_needed: "Isi sumber kanal untuk mengonfirmasi",
    queued: "Dalam antrean",
    waiting_for_token: "menunggu token analis",
    held: |seconds| format!("Dikirim dalam {seconds} detik · u untuk membatalkan"),
    attempt: "percobaan",
    discarded: "Dibuang dari kotak keluar",
    outbox: "Kotak keluar",
    send_now: "Kirim sekarang",
    discard: "Buang",
    discard_confirm: "Buang flag ini? Flag yang belum terkirim akan hilang dari peramban ini.",
    export: "Ekspor JSON",
    storage_error: "Kotak keluar tidak dapat disimpan; flag bisa hilang bila tab ditutup",
    held_for: "Menunggu analis yang mengonfirmasinya, bukan token ini:",
    held_for_token: "Menunggu token yang dipakai saat dikonfirmasi, bukan token ini",
    state: |name| match name {
        "held" => "ditahan",
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
    refile: "Ajukan ulang",
    platform_answer: "Jawaban platform:",
    any_status: "semua status",
    more_flags: "Muat lebih banyak",
    open_message: "buka pesan",
    deadline_left: |left| format!("tenggat: sisa {left}"),
    deadline_overdue: |by| format!("lewat tenggat {by}"),
    deadline_met: |met| if met { "dijawab dalam tenggat" } else { "dijawab lewat tenggat" },
    hours_minutes: |seconds| format!("{} jam {} menit", seconds / 3600, seconds % 3600 / 60),
    review_queue: "Antrean tinjauan",
    review_title: |n| format!("Antrean tinjauan ({n})"),
    review_keys: "j/k pindah · a setujui · r alasan pengembalian, Enter kirim",
    evidence_rules: "Aturan yang cocok",
    analyst_explanation: "Penjelasan analis",
    evidence_messages: |n| format!("{n} pesan bukti"),
    show_analyst_desk: "Meja analis",
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
        ("j / ↓", "pesan berikutnya di antrean"),
        ("k / ↑", "pesan sebelumnya di antrean"),
        ("n", "pesan berikutnya yang belum diputuskan"),
        ("a", "konfirmasi pesan terpilih (dengan kategori dan catatan di pemeriksa)"),
        ("x", "tolak pesan terpilih (positif palsu, dengan alasan di pemeriksa)"),
        ("spasi", "lewati pesan terpilih"),
        ("u / U", "batalkan / ulangi keputusan terakhir"),
        ("m", "tandai pesan terpilih untuk aksi massal"),
        ("[ / ]", "buka kampanye sebelumnya / berikutnya"),
        ("A / X", "konfirmasi / tolak pesan tercentang kampanye yang terbuka"),
        ("c / e", "ke kategori / catatan di pemeriksa"),
        ("l", "buka pesan terpilih di Telegram"),
        ("v", "tampilkan / kaburkan foto pesan terpilih"),
        ("/", "cari (Enter: pesan pertama yang ditemukan)"),
        ("Esc", "keluar dari kolom isian, kembali ke antrean"),
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
    found_links: "Tautan, akun, dan nomor",
    link_blocked: "diblokir",
    link_new: "baru",
    link_shortener: "pemendek tautan",
    links_any: "Semua tautan",
    links_new: "Ada domain baru",
    links_blocked: "Ada domain diblokir",
    blocklists: "Daftar blokir",
    blocklists_hint: "Muat daftar domain yang sudah diblokir (satu domain per baris, atau berkas hosts). Domain di luar daftar ditandai baru.",
    blocklist_name: "Nama daftar",
    blocklist_file: "Muat daftar…",
    blocklist_building: "Membangun daftar…",
    blocklist_counts: |domains, skipped| format!("{domains} domain, {skipped} baris dilewati"),
    no_blocklists: "Belum ada daftar blokir: setiap domain dianggap baru.",
    remove: "Hapus",
    new_domains: "Domain baru",
    no_new_domains: "Belum ada domain baru dari impor.",
    new_domains_hint: "Domain · pesan · kanal · pertama–terakhir terlihat. Kirim ke tim pemblokiran.",
    export_domains: "Ekspor daftar (.txt)",
    export_domains_csv: "Ekspor dengan bukti (.csv)",
    import: "Impor",
    import_files: "Buka berkas ekspor…",
    import_folder: "Buka folder ekspor (dengan foto)…",
    photo_not_exported: "Foto tidak disertakan dalam ekspor.",
    photo_not_given: "Foto tidak ada di berkas yang dibuka: buka folder ekspornya.",
    photo_show: "Foto dikaburkan · klik atau tekan v",
    photo_listed: |list, distance| format!("Ada di daftar hash {list} (jarak {distance})"),
    photo_distance: |distance| format!("jarak {distance} dari 256 bit"),
    photo_quality: |quality| format!("kualitas {quality}"),
    photo_tools: "Foto: daftar hash PDQ dan tampilan",
    import_hint: "atau seret berkas atau folder ekspor ke sini: result.json, messages.html (beberapa sekaligus), photos/, atau teks .txt",
    format_label: "Format",
    format_auto: "Deteksi otomatis",
    format: |code| match code {
        "telegram_json" => "Ekspor Telegram (JSON)",
        "telegram_html" => "Ekspor Telegram (HTML)",
        "copied_text" => "Teks salinan Telegram",
        _ => "Teks bebas",
    },
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
        "media_without_export" => "Media tanpa ekspornya",
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
    warnings: "Peringatan",
    chat_username: "Username",
    pasted_as_import: |size| {
        format!("Tempelan ({size:.1} MB) dibaca sebagai impor (teks Telegram atau tempelan besar), di latar belakang.")
    },
    skipped: "Dilewati",
    reopen: "Buka lagi",
    mark: "Tandai untuk aksi massal",
    queue: "Antrean",
    search: "Cari",
    search_hint: "Cari teks pesan… (/)",
    filter_matches: "Kecocokan",
    with_matches: "Dengan kecocokan",
    without_matches: "Tanpa kecocokan",
    all_messages: "Semua pesan",
    category: "Kategori",
    any: "Semua",
    severity: "Tingkat",
    rule: "Aturan",
    decision_state: "Keputusan",
    state_name: |state| match state {
        State::Open => "Terbuka",
        State::Skipped => "Dilewati",
        State::Confirmed => "Dikonfirmasi",
        State::Rejected => "Ditolak",
        State::Returned => "Dikembalikan peninjau",
    },
    chat: "Obrolan",
    pasted_chat: "(teks tempelan)",
    clear_filters: "Hapus filter",
    queue_summary: |shown, messages, candidates| {
        format!("{shown} ditampilkan · {messages} pesan, {candidates} kandidat")
    },
    bulk: "Aksi massal",
    mark_shown: |n| format!("Tandai yang terbuka ({n})"),
    confirm_marked: |n| format!("Konfirmasi yang ditandai ({n})"),
    reject_marked: |n| format!("Tolak yang ditandai ({n})"),
    unmark: "Hapus tanda",
    confirm_rule: |rule| format!("Konfirmasi semua yang terbuka dari aturan {rule}"),
    reject_rule: |rule| format!("Tolak semua yang terbuka dari aturan {rule}"),
    rule_tallies: "Ketepatan aturan (per aturan: pesan, dikonfirmasi, ditolak)",
    precision: "Ketepatan",
    open_of_rule: "Yang terbuka",
    queue_empty: "Tidak ada pesan yang lolos filter.",
    brand_token: "token mirip merek",
    disguised_word: "kata tersamar",
    pattern: "pola",
    why_matched: "Mengapa cocok",
    seen_as_written: "Tertulis",
    normalized: "Dibaca aturan",
    term: "Istilah",
    description: "Keterangan",
    reason_name: |reason| match reason {
        Reason::NotNegative => "Bukan konten negatif",
        Reason::Reporting => "Berita, edukasi atau kontra-narasi",
        Reason::OtherMeaning => "Kata bermakna lain di sini",
        Reason::Duplicate => "Sudah ditandai atau ditangani",
        Reason::Other => "Lainnya (lihat catatan)",
    },
    confirm_as: "Konfirmasi sebagai",
    action_label: "Tindakan yang diminta",
    action_name: |code| match code {
        "review" => "tinjau",
        "restrict" => "batasi akses",
        "remove" => "hapus",
        _ => "?",
    },
    as_suggested: |what| format!("bawaan ({what})"),
    each_its_own: "menurut aturan tiap pesan",
    bulk_confirm_with: "Konfirmasi yang ditandai sebagai",
    reject_reason: "Alasan tolak",
    note: "Catatan",
    skip: "Lewati",
    inspector: "Pemeriksa",
    redo: "Ulangi",
    notice: |notice| match notice {
        Notice::AlreadySent(n) => {
            format!("{n} flag sudah terkirim dan tetap dikonfirmasi: pembatalan tidak dapat menariknya.")
        }
        Notice::NoTarget(n) => format!("{n} pesan belum dikonfirmasi: isi dulu kanal sumbernya."),
        Notice::Returned(n) => format!("{n} flag dikembalikan peninjau: putuskan lagi (tolak, atau ajukan ulang)."),
        Notice::Bulk(state, n) => format!(
            "{n} pesan {}: tekan u untuk membatalkan.",
            match state {
                State::Confirmed => "dikonfirmasi",
                State::Rejected => "ditolak",
                _ => "diubah",
            }
        ),
    },
    inspector_empty: "Pilih pesan (j/k atau klik) untuk melihat mengapa aturan cocok dan memutuskan.",
    packs_title: "Paket aturan",
    packs_summary: |on, all, rules| format!("{on} dari {all} paket aktif, {rules} aturan"),
    import_pack: "Impor paket (.toml)…",
    import_pack_hint: "Paket dengan id yang sama diganti; paket yang rusak tidak mengubah apa pun.",
    pack_built_in: "bawaan",
    pack_imported: "diimpor",
    pack_replaces_built_in: "diimpor, menggantikan paket bawaan",
    pack_rules: |n| format!("{n} aturan"),
    remove_pack: "Hapus paket",
    export_toml: "Ekspor TOML",
    pack_error: "Paket tidak dapat dimuat",
    saved_packs_broken: "Paket impor yang tersimpan tidak dapat dimuat, jadi dimatikan",
    packs_not_saved: "Pilihan paket tidak dapat disimpan; pilihan ini hilang bila halaman dimuat ulang",
    campaigns: "Kampanye",
    campaigns_note: "Pesan impor dikelompokkan menurut merek, domain, akun Telegram, nomor telepon atau templat yang sama, juga lintas impor bila namanya sama. Teks tempelan tidak ikut dikelompokkan.",
    campaigns_none: "Belum ada kampanye: impor ekspor Telegram agar pesannya dikelompokkan.",
    campaign_stats: |n, chats, senders| format!("{n} pesan · {chats} chat · {senders} pengirim"),
    campaign_seen: |first, last| format!("pertama {first}, terakhir {last}"),
    campaign_open_hint: "Antrean kini hanya menampilkan pesan kampanye ini, yang terbuka sudah dicentang: hapus centang pada pesan yang tidak ikut diputuskan. Satu u membatalkan keputusan kampanye.",
    confirm_campaign: |n| format!("Konfirmasi {n} pesan tercentang"),
    reject_campaign: |n| format!("Tolak {n} pesan tercentang"),
    close_campaign: "Tutup kampanye",
    campaigns_more: |n| format!("{n} kampanye lebih kecil disembunyikan"),
};

static EN: Texts = Texts {
    tagline: "Screening public channel content for trusted flaggers",
    language: "Language",
    paste_label: "Paste channel content (separate messages with a blank line)",
    paste_placeholder: "Copy messages from Telegram and paste them here…",
    messages: "Messages",
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
    unauthorized: "the server does not know this token (mistyped, or revoked). Ask your Tapis administrator for a new one.",
    forbidden: "this token may not do that.",
    token_label: "Token",
    token_help: "Issued by your Tapis administrator; kept only while this tab is open.",
    token_incomplete: "Not a whole token yet: tapis_ followed by 64 digits or letters a–f. The server has not been asked.",
    token_waiting: "Waiting for the portal to hand over a token…",
    token_from_host: "Token received from the portal",
    config_error: "Tapis is misconfigured",
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
    severity_name: |code| match code {
        "low" => "low",
        "medium" => "medium",
        "high" => "high",
        "critical" => "critical",
        _ => "–",
    },
    signals: "signals",
    signal: |signal| match signal {
        Signal::StandoutWord => "one styled word in a plain sentence",
        Signal::BrandShaped => "site-shaped name: a name and a number",
        Signal::SpelledOut => "name spelled out or glued with symbols",
        Signal::StyledLetters => "styled letters",
        Signal::MixedStyles => "letter styles mixed inside one word",
        Signal::MixedScripts => "letters of another script inside a Latin word",
        Signal::Leetspeak => "digits/symbols as letters",
        Signal::NumberInWords => "number written as words or spelled out",
    },
    source_label: "Channel or group (pasted text and imports)",
    source_placeholder: "@username, t.me link, or the channel's title",
    source_needed: "Name the source channel to confirm",
    queued: "Queued",
    waiting_for_token: "waiting for the analyst's token",
    held: |seconds| format!("Leaves in {seconds} s · u takes it back"),
    attempt: "attempt",
    discarded: "Discarded from the outbox",
    outbox: "Outbox",
    send_now: "Send now",
    discard: "Discard",
    discard_confirm: "Discard this flag? An undelivered flag will be gone from this browser.",
    export: "Export JSON",
    storage_error: "The outbox cannot be saved; flags may be lost if the tab closes",
    held_for: "Held for the analyst who confirmed it, not this token:",
    held_for_token: "Held for the token it was confirmed with, not this one",
    state: |name| match name {
        "held" => "held",
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
    refile: "File anew",
    platform_answer: "The platform's answer:",
    any_status: "any status",
    more_flags: "Load more",
    open_message: "open the message",
    deadline_left: |left| format!("deadline: {left} left"),
    deadline_overdue: |by| format!("overdue by {by}"),
    deadline_met: |met| if met { "answered within the deadline" } else { "answered after the deadline" },
    hours_minutes: |seconds| format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    review_queue: "Review queue",
    review_title: |n| format!("Review queue ({n})"),
    review_keys: "j/k move · a approve · r reason to return, Enter sends",
    evidence_rules: "Rules matched",
    analyst_explanation: "Analyst's explanation",
    evidence_messages: |n| format!("{n} evidence messages"),
    show_analyst_desk: "Analyst's desk",
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
        ("j / ↓", "next message in the queue"),
        ("k / ↑", "previous message in the queue"),
        ("n", "next message still to decide"),
        ("a", "confirm the selected message (with the inspector's category and note)"),
        ("x", "reject the selected message (false positive, with the inspector's reason)"),
        ("space", "skip the selected message"),
        ("u / U", "undo / redo the last decision"),
        ("m", "mark the selected message for a bulk action"),
        ("[ / ]", "open the previous / next campaign"),
        ("A / X", "confirm / reject the open campaign's ticked messages"),
        ("c / e", "to the inspector's category / note"),
        ("l", "open the selected message in Telegram"),
        ("v", "show / blur the selected message's photo"),
        ("/", "search (Enter: the first message found)"),
        ("Esc", "leave a field, back to the queue"),
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
    found_links: "Links, handles and numbers",
    link_blocked: "blocked",
    link_new: "new",
    link_shortener: "link shortener",
    links_any: "Any links",
    links_new: "With a new domain",
    links_blocked: "With a blocked domain",
    blocklists: "Blocklists",
    blocklists_hint: "Load lists of domains already blocked (one domain a line, or a hosts file). Domains on no list are marked new.",
    blocklist_name: "List name",
    blocklist_file: "Load a list…",
    blocklist_building: "Building the list…",
    blocklist_counts: |domains, skipped| format!("{domains} domains, {skipped} lines skipped"),
    no_blocklists: "No blocklist yet: every domain counts as new.",
    remove: "Remove",
    new_domains: "New domains",
    no_new_domains: "No new domain from the imports yet.",
    new_domains_hint: "Domain · messages · chats · first–last seen. Send them to the blocking team.",
    export_domains: "Export the list (.txt)",
    export_domains_csv: "Export with evidence (.csv)",
    import: "Import",
    import_files: "Open export files…",
    import_folder: "Open export folder (with photos)…",
    photo_not_exported: "The photo was not included in the export.",
    photo_not_given: "The photo is not among the files opened: open the export's folder.",
    photo_show: "Photo blurred · click or press v",
    photo_listed: |list, distance| format!("On hash list {list} (distance {distance})"),
    photo_distance: |distance| format!("distance {distance} of 256 bits"),
    photo_quality: |quality| format!("quality {quality}"),
    photo_tools: "Photos: PDQ hash lists and display",
    import_hint: "or drop files or the export's folder here: result.json, messages.html (several at once), photos/, or .txt text",
    format_label: "Format",
    format_auto: "Detect automatically",
    format: |code| match code {
        "telegram_json" => "Telegram export (JSON)",
        "telegram_html" => "Telegram export (HTML)",
        "copied_text" => "Text copied from Telegram",
        _ => "Free text",
    },
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
        "media_without_export" => "Media without their export",
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
    warnings: "Warnings",
    chat_username: "Username",
    pasted_as_import: |size| {
        format!("The paste ({size:.1} MB) is read as an import (Telegram text or a large paste), in the background.")
    },
    skipped: "Skipped",
    reopen: "Reopen",
    mark: "Mark for a bulk action",
    queue: "Queue",
    search: "Search",
    search_hint: "Search message text… (/)",
    filter_matches: "Matches",
    with_matches: "With matches",
    without_matches: "Without matches",
    all_messages: "All messages",
    category: "Category",
    any: "Any",
    severity: "Severity",
    rule: "Rule",
    decision_state: "Decision",
    state_name: |state| match state {
        State::Open => "Open",
        State::Skipped => "Skipped",
        State::Confirmed => "Confirmed",
        State::Rejected => "Rejected",
        State::Returned => "Returned by the reviewer",
    },
    chat: "Chat",
    pasted_chat: "(pasted text)",
    clear_filters: "Clear filters",
    queue_summary: |shown, messages, candidates| {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!("{shown} shown · {messages} message{}, {candidates} candidate{}", plural(messages), plural(candidates))
    },
    bulk: "Bulk actions",
    mark_shown: |n| format!("Mark the open ones shown ({n})"),
    confirm_marked: |n| format!("Confirm marked ({n})"),
    reject_marked: |n| format!("Reject marked ({n})"),
    unmark: "Clear marks",
    confirm_rule: |rule| format!("Confirm every open message of rule {rule}"),
    reject_rule: |rule| format!("Reject every open message of rule {rule}"),
    rule_tallies: "Rule precision (per rule: messages, confirmed, rejected)",
    precision: "Precision",
    open_of_rule: "Open ones",
    queue_empty: "No message passes the filters.",
    brand_token: "brand-like token",
    disguised_word: "disguised word",
    pattern: "pattern",
    why_matched: "Why it matched",
    seen_as_written: "As written",
    normalized: "As the rule saw it",
    term: "Term",
    description: "Description",
    reason_name: |reason| match reason {
        Reason::NotNegative => "Not negative content",
        Reason::Reporting => "News, education or counter-speech",
        Reason::OtherMeaning => "The word means something else here",
        Reason::Duplicate => "Already flagged or handled",
        Reason::Other => "Other (see the note)",
    },
    confirm_as: "Confirm as",
    action_label: "Action requested",
    action_name: |code| match code {
        "review" => "review",
        "restrict" => "restrict access",
        "remove" => "remove",
        _ => "?",
    },
    as_suggested: |what| format!("default ({what})"),
    each_its_own: "each message's own, by its rules",
    bulk_confirm_with: "Confirm the marked ones as",
    reject_reason: "Reason to reject",
    note: "Note",
    skip: "Skip",
    inspector: "Inspector",
    redo: "Redo",
    notice: |notice| match notice {
        Notice::AlreadySent(n) => {
            format!("{n} flags were already sent and stay confirmed: undo cannot take them back.")
        }
        Notice::NoTarget(n) => format!("{n} messages were not confirmed: give their source channel first."),
        Notice::Returned(n) => format!("The reviewer returned {n} flags: decide again (reject, or file anew)."),
        Notice::Bulk(state, n) => format!(
            "{n} messages {}: press u to undo.",
            match state {
                State::Confirmed => "confirmed",
                State::Rejected => "rejected",
                _ => "changed",
            }
        ),
    },
    inspector_empty: "Select a message (j/k or click) to see why the rules matched and to decide.",
    packs_title: "Rule packs",
    packs_summary: |on, all, rules| {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!("{on} of {all} pack{} on, {rules} rule{}", plural(all), plural(rules))
    },
    import_pack: "Import a pack (.toml)…",
    import_pack_hint: "A pack with the same id is replaced; a broken pack changes nothing.",
    pack_built_in: "built-in",
    pack_imported: "imported",
    pack_replaces_built_in: "imported, in place of the built-in pack",
    pack_rules: |n| if n == 1 { "1 rule".to_owned() } else { format!("{n} rules") },
    remove_pack: "Remove pack",
    export_toml: "Export TOML",
    pack_error: "The pack cannot be loaded",
    saved_packs_broken: "The saved imported packs no longer load, so they are switched off",
    packs_not_saved: "The choice of packs cannot be saved; it will be lost on reload",
    campaigns: "Campaigns",
    campaigns_note: "Imported messages grouped by a brand, domain, Telegram account, phone number or template they share, across imports where the name is the same. Pasted text is left out of grouping.",
    campaigns_none: "No campaigns yet: import a Telegram export to group its messages.",
    campaign_stats: |n, chats, senders| format!("{n} messages · {chats} chats · {senders} senders"),
    campaign_seen: |first, last| format!("first seen {first}, last seen {last}"),
    campaign_open_hint: "Queue now lists only that campaign's messages, its open ones ticked: untick any you want left out of a decision. One u undoes a campaign decision.",
    confirm_campaign: |n| format!("Confirm {n} ticked messages"),
    reject_campaign: |n| format!("Reject {n} ticked messages"),
    close_campaign: "Close campaign",
    campaigns_more: |n| format!("{n} smaller campaigns hidden"),
};

/// Bytes as megabytes, one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// Each field of the `static NAME: Texts` table in this file, as written (a string, a list, a closure).
    fn table(source: &'static str, name: &str) -> BTreeMap<&'static str, String> {
        let start = source.find(&format!("static {name}: Texts = Texts {{")).unwrap();
        let end = start + source[start..].find("\n};").unwrap();
        let mut fields: BTreeMap<&str, String> = BTreeMap::new();
        let mut current = None;
        for line in source[start..end].lines().skip(1) {
            let field = line.strip_prefix("    ").filter(|l| !l.starts_with(' ')).and_then(|l| l.split_once(':'));
            match field {
                Some((field, rest)) if field.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                    current = Some(field);
                    fields.insert(field, rest.trim().to_owned());
                }
                _ => fields.get_mut(current.unwrap()).unwrap().push_str(line.trim()),
            }
        }
        fields
    }

    /// The words of the string literals in `code`, lowercased, without `{placeholders}` and `snake_case` codes.
    fn words(code: &str) -> Vec<String> {
        let literals = code.split('"').skip(1).step_by(2);
        let mut words = Vec::new();
        for literal in literals {
            let mut depth = 0;
            let text: String = literal
                .chars()
                .map(|c| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    if depth > 0 || c == '}' { ' ' } else { c }
                })
                .collect();
            let tokens = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            words.extend(tokens.filter(|w| !w.is_empty() && !w.contains('_')).map(str::to_lowercase));
        }
        words
    }

    /// Every label is written in both languages, and differently: a text left in the other language (as
    /// "Dikembalikan peninjau:" once was in English) fails here, as a field missing from one table fails to build.
    #[test]
    fn every_text_is_in_both_languages() {
        let source = include_str!("i18n.rs");
        let (id, en) = (table(source, "ID"), table(source, "EN"));
        let declared = source[source.find("pub struct Texts {").unwrap()..source.find("impl Texts {").unwrap()]
            .lines()
            .filter(|line| line.starts_with("    pub "))
            .count();
        assert_eq!((id.len(), en.len()), (declared, declared));
        // The same in both: words Indonesian borrowed.
        const SHARED: [&str; 3] = ["format_label", "chat_username", "token_label"];
        for (field, text) in &id {
            assert_eq!(text == &en[field], SHARED.contains(field), "{field}: {text} / {}", en[field]);
        }
        const INDONESIAN: [&str; 8] = ["yang", "dan", "tidak", "untuk", "dengan", "belum", "atau", "pesan"];
        const ENGLISH: [&str; 7] = ["the", "and", "with", "not", "this", "from", "message"];
        for (field, text) in &en {
            let found: Vec<String> = words(text).into_iter().filter(|w| INDONESIAN.contains(&w.as_str())).collect();
            assert!(found.is_empty(), "English {field} has Indonesian words {found:?}: {text}");
        }
        for (field, text) in &id {
            let found: Vec<String> = words(text).into_iter().filter(|w| ENGLISH.contains(&w.as_str())).collect();
            assert!(found.is_empty(), "Indonesian {field} has English words {found:?}: {text}");
        }
    }

    /// The server explains refusals in English; a token it does not know, or may not act, the analyst reads in
    /// the interface's language.
    #[test]
    fn a_refused_token_is_explained_in_the_interface_language() {
        let refused = |status| PostError::Refused { status, message: "invalid or revoked token".into() };
        let id = Locale::Id.texts().post_error(&refused(401));
        assert!(id.starts_with("ditolak server (HTTP 401): token tidak dikenal"), "{id}");
        assert!(!id.contains("revoked"), "{id}");
        assert!(Locale::En.texts().post_error(&refused(401)).contains("does not know this token"));
        assert!(Locale::Id.texts().post_error(&refused(403)).contains("tidak berwenang"));
        let other = Locale::Id.texts().post_error(&refused(422));
        assert_eq!(other, "ditolak server (HTTP 422): invalid or revoked token");
    }
}
