//! A labelled set for the disguise rules, generated deterministically: disguised gambling promotions (invented
//! site names, the number styles of such sites, every disguise of issue #8, promotion templates) and ordinary
//! messages (display names and greetings in styled letters, emoji, reduplication, product codes, prices, dates,
//! phone numbers, football scores, Arabic, shops and places named with numbers).
//!
//! Shared by `examples/disguise_bench.rs` (figures) and `tests/disguise_target.rs` (the target as a test). The
//! stems and templates were written for this set, not taken from the packs' tests; none of the stems is in any
//! pack. Some promotions use numbers that no rule lists (`123`, `365`, `4d`-less names), so the set does not
//! only contain what the rules look for.

/// splitmix64: small, deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Invented site names in the style of Indonesian gambling brands.
const STEMS: &[&str] = &[
    "jaya", "badai", "mega", "surya", "melati", "garuda", "zeus", "dewa", "naga", "hoki", "sultan", "raja", "koin",
    "lotus", "rajawali", "mahkota", "petir", "bintang", "emas", "kilat", "sakti", "ratu", "samudra", "angkasa",
    "elang", "merpati", "harimau", "singa", "panda", "rubi", "intan", "permata", "mutiara", "kencana", "wijaya",
    "bima", "arjuna", "pusaka", "wahana", "galaxy", "royal", "nova", "titan", "fortuna", "lucky", "hokiwin",
    "suryawin", "megawin", "cuanbet", "gasbet", "koinwd", "dragon", "phoenix", "tiger", "sugar", "mantap",
];

/// Numbers as such sites use them, some of which no rule lists.
const NUMBERS: &[&str] =
    &["88", "77", "4d", "777", "303", "138", "99", "168", "188", "212", "888", "123", "365", "", "", ""];

/// Promotion templates: `{B}` is the disguised site name.
const PROMOTIONS: &[&str] = &[
    "{B} gacor hari ini, maxwin pasti!",
    "Daftar di {B} sekarang, bonus new member 100%",
    "{B} link alternatif anti blokir 🔥",
    "Depo 10k via dana di {B}, wd berapapun dibayar",
    "RTP live {B} tertinggi malam ini",
    "Scatter hitam turun terus di {B} 🔥🔥",
    "{B} situs paling gacor, jp paus tiap hari",
    "Main di {B}, depo pulsa tanpa potongan",
    "Cuma modal receh di {B} langsung JP 💰💰",
    "{B} ✅ WD cepat ✅ depo murah ✅ anti rungkad",
    "Yuk gabung {B}, freebet 20rb untuk member baru, jackpot menanti",
    "Lagi gacor parah! {B} bagi-bagi maxwin",
    "Withdraw lancar di {B}, deposit cuma 5rb",
    "{B} ⭐ rtp 98% ⭐ gacor",
    "🎰 {B} 🎰 scatter turun, wd langsung cair",
    "Bosku, {B} lagi jp terus nih",
    "Akun pro {B}: depo 25 bonus 25",
    "{B} rungkad? gak mungkin, maxwin tiap jam",
    "⭐ {B} ⭐",
    "{B} 🔥🔥🔥",
    "Cek bio: {B}",
    "{B} link di bio 👆",
    "Join sekarang {B} 💎💎",
    "{B} 🚀 daftar sekarang",
    "Info {B} terbaru cek channel",
];

/// Site names that are a word and a number in one: the name, with its number written as a disguise would.
fn brand(rng: &mut Rng) -> (String, String) {
    let stem = rng.pick(STEMS).to_uppercase();
    let number = rng.pick(NUMBERS).to_uppercase();
    (stem, number)
}

const NUMBER_WORDS: [&str; 10] =
    ["Nol", "Satu", "Dua", "Tiga", "Empat", "Lima", "Enam", "Tujuh", "Delapan", "Sembilan"];

/// Letters mapped from a base code point for `A` and `a` (math alphanumerics, fullwidth, circled…).
fn shift(text: &str, upper: u32, lower: Option<u32>, digits: Option<u32>) -> String {
    text.chars()
        .map(|c| {
            let mapped = match c {
                'A'..='Z' => Some(upper + (c as u32 - 'A' as u32)),
                'a'..='z' => lower.map(|l| l + (c as u32 - 'a' as u32)).or(Some(upper + (c as u32 - 'a' as u32))),
                '0'..='9' => digits.map(|d| d + (c as u32 - '0' as u32)),
                _ => None,
            };
            mapped.and_then(char::from_u32).unwrap_or(c)
        })
        .collect()
}

fn small_caps(text: &str) -> String {
    const CAPS: &str = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡxʏᴢ";
    let caps: Vec<char> = CAPS.chars().collect();
    text.chars()
        .map(|c| if c.is_ascii_alphabetic() { caps[(c.to_ascii_lowercase() as u8 - b'a') as usize] } else { c })
        .collect()
}

fn cyrillic(text: &str, rng: &mut Rng) -> String {
    let mut swapped = false;
    let out: String = text
        .chars()
        .map(|c| {
            let to = match c {
                'A' => 'А',
                'E' => 'Е',
                'O' => 'О',
                'P' => 'Р',
                'C' => 'С',
                'X' => 'Х',
                'K' => 'К',
                'M' => 'М',
                'T' => 'Т',
                'H' => 'Н',
                'B' => 'В',
                _ => c,
            };
            if to != c && (rng.chance(60) || !swapped) {
                swapped = true;
                to
            } else {
                c
            }
        })
        .collect();
    out
}

fn interleave(text: &str, between: &str) -> String {
    let chars: Vec<String> = text.chars().map(|c| c.to_string()).collect();
    chars.join(between)
}

fn marks(text: &str, mark: char) -> String {
    text.chars().flat_map(|c| [c, mark]).collect()
}

fn keycaps(digits: &str) -> String {
    digits.chars().map(|c| if c.is_ascii_digit() { format!("{c}\u{FE0F}\u{20E3}") } else { c.to_string() }).collect()
}

/// Digits in negative circles (`❽❽`), letters as they are.
fn enclosed(number: &str) -> String {
    number
        .chars()
        .map(|c| match c {
            '0' => '⓿',
            '1'..='9' => char::from_u32(0x2776 + (c as u32 - '1' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn leet(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'A' => '4',
            'E' => '3',
            'I' => '1',
            'O' => '0',
            _ => c,
        })
        .collect()
}

fn number_words(number: &str) -> Option<String> {
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(number.chars().map(|c| NUMBER_WORDS[(c as u8 - b'0') as usize]).collect::<Vec<_>>().join(" "))
}

/// Emoji that promoters put between letters.
const EMOJI: &[&str] = &["🔥", "⭐", "💎", "✨", "❤️"];

/// The names of the disguises, in the order `disguise` draws them.
pub const DISGUISES: &[&str] = &[
    "math bold",
    "math bold italic",
    "math sans bold",
    "double-struck",
    "script",
    "fullwidth",
    "circled",
    "negative circled",
    "negative squared",
    "squared",
    "small capitals",
    "cyrillic",
    "spaced",
    "spaced emoji",
    "dotted",
    "bracketed",
    "low line",
    "strike-through",
    "keycap digits",
    "number words",
    "leet",
    "mixed",
    "enclosed digits",
];

/// A disguise of a site name (upper-case stem, upper-case number), by index into [`DISGUISES`].
pub fn disguise(stem: &str, number: &str, which: usize, rng: &mut Rng) -> String {
    let name = format!("{stem}{number}");
    let lower = name.to_lowercase();
    let title: String =
        stem.chars().enumerate().map(|(i, c)| if i == 0 { c } else { c.to_ascii_lowercase() }).collect();
    match DISGUISES[which] {
        "math bold" => shift(&name, 0x1D400, None, Some(0x1D7CE)),
        "math bold italic" => shift(&format!("{title}{number}"), 0x1D468, Some(0x1D482), Some(0x1D7CE)),
        "math sans bold" => shift(&name, 0x1D5D4, None, Some(0x1D7EC)),
        "double-struck" => shift(&lower, 0x1D552, None, Some(0x1D7D8)),
        "script" => shift(&format!("{title}{number}"), 0x1D4D0, Some(0x1D4EA), None),
        "fullwidth" => shift(&name, 0xFF21, None, Some(0xFF10)),
        "circled" => shift(&lower, 0x24D0, None, None),
        "negative circled" => format!("{}{}", shift(stem, 0x1F150, None, None), number),
        "negative squared" => format!("{}{}", shift(stem, 0x1F170, None, None), number),
        "squared" => format!("{}{}", shift(stem, 0x1F130, None, None), number),
        "small capitals" => small_caps(&name),
        "cyrillic" => cyrillic(&name, rng),
        "spaced" => interleave(&name, " "),
        "spaced emoji" => {
            let between = EMOJI[rng.below(EMOJI.len())];
            interleave(&name, between)
        }
        "dotted" => interleave(&name, "."),
        "bracketed" => name.chars().map(|c| format!("[\u{332}\u{305}{c}]")).collect(),
        "low line" => marks(&name, '\u{35F}'),
        "strike-through" => marks(&name, '\u{336}'),
        "keycap digits" if !number.is_empty() => format!("{}{}", shift(stem, 0x1D400, None, None), keycaps(number)),
        "enclosed digits" => format!("{}{}", shift(stem, 0x1F170, None, None), enclosed(number)),
        "number words" => match number_words(number) {
            Some(words) => format!("{title} {words}"),
            None => marks(&name, '\u{332}'),
        },
        "leet" => leet(&name),
        // A styled name with its number spaced out and framed.
        _ => format!("⭐ {} {} ⭐", shift(stem, 0x1D5D4, None, None), interleave(number, " ")),
    }
}

/// Disguised promotions, with the disguise each used.
pub fn promotions(count: usize) -> Vec<(String, &'static str)> {
    promotions_drawn(count, 8)
}

/// Disguised promotions drawn with another seed.
pub fn promotions_drawn(count: usize, seed: u64) -> Vec<(String, &'static str)> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let (stem, number) = brand(&mut rng);
            let which = rng.below(DISGUISES.len());
            let name = disguise(&stem, &number, which, &mut rng);
            let template = rng.pick(PROMOTIONS);
            (template.replace("{B}", &name), DISGUISES[which])
        })
        .collect()
}

const PEOPLE: &[&str] = &[
    "Budi Santoso",
    "Siti Rahma",
    "Dewi Lestari",
    "Agus Salim",
    "Rina",
    "Andi Wijaya",
    "Putri Ayu",
    "Joko",
    "Mega",
    "Surya",
    "Bintang",
    "Intan Permata",
    "Rizky",
    "Fajar",
    "Nur Aini",
    "Yusuf",
    "Ahmad Fauzi",
    "Lina Marlina",
];

/// Ordinary messages: `{N}` a person's name (often styled), `{S}` a shop or place named with a number.
const ORDINARY: &[&str] = &[
    "{N} | Pecinta kopi ☕ | Jakarta",
    "{N}: Selamat pagi semua 🌞🙏",
    "{N}: jangan lupa daftar webinar besok, link di bio",
    "{N} — Admin grup. Dilarang spam!",
    "Met ultah ya {N} 🎂🎉🎉 semoga sehat selalu",
    "Terima kasih {N} 🙏🙏🙏",
    "{N}: hati2 di jalan ya, anak2 sudah pulang",
    "{N}: rapat jam 9 di ruang 303, jangan telat",
    "{N}: kode produk AB-2291, SKU X77Q, stok tinggal 8",
    "{N}: harga 88rb aja kak, ongkir gratis",
    "{N}: total Rp 77.000 sudah termasuk pajak",
    "{N}: jadwal kontrol tanggal 12/08/2024 pukul 09.00",
    "{N}: WA saya 0812-7788-9900 ya",
    "{N}: Persija 3-1 Persib, gol menit 88 bikin merinding ⚽",
    "{N}: السلام عليكم ورحمة الله وبركاته",
    "{N}: بارك الله فيك، جزاك الله خيرا",
    "Belanja di {S}, diskon 17% hari ini",
    "{S} buka sampai jam 10 malam",
    "Alamat: {S}, dekat masjid",
    "Naik bus 77 ke Blok M, turun di halte kedua",
    "Pasal 303 KUHP dibahas di kelas hukum pidana hari ini",
    "HUT RI ke-77, Dirgahayu Indonesia 🇮🇩",
    "Indonesia tujuh puluh tujuh tahun merdeka!",
    "Upgrade ke iPhone 13 atau Samsung A52 ya?",
    "Laptop ini pakai SSD WD Blue 1TB, mantap",
    "Depo Pertamina Plumpang ditutup sementara",
    "✨ {N} ✨ Happy birthday!! 🥳🥳",
    "S E L A M A T  P A G I  semua 🌻",
    "{N}: M E R D E K A !!! 🇮🇩",
    "{N}: Alhamdulillah, lulus juga 🎓",
    "{N}: promo akhir tahun, diskon 88% untuk member",
    "{N}: login dulu ke aplikasi, terus klik bonus harian",
    "{N}: skor akhir 2-2, seru banget",
    "{N}: Windows 11 atau Ubuntu 24.04?",
    "{N}: mau pesan 2 porsi nasi goreng",
    "{N}: covid19 sudah lewat, tetap jaga kesehatan",
    "{N}: 𝐃𝐞𝐩𝐨 𝐀𝐢𝐫 𝐌𝐢𝐧𝐮𝐦 𝐒𝐞𝐠𝐚𝐫 buka jam 7, galon 5rb",
    "{N}: 𝐋𝐈𝐍𝐊 𝐃𝐀𝐅𝐓𝐀𝐑 webinar gratis, kuota 77 peserta",
    "{N}: 𝐏𝐑𝐎𝐌𝐎 𝐆𝐀𝐉𝐈𝐀𝐍 🔥 bonus kopi untuk member baru",
    "{N}: 𝐊𝐞𝐥𝐚𝐬 𝟏𝟐 𝐈𝐏𝐀 𝟑 kumpul jam 7",
    "{N}: ʀᴛᴘ ᴄᴏɴғɪɢ port 5004 sudah dibuka",
    "{N}: nomor antrian 𝟖𝟖, loket 𝟑",
    "{U}: makasih infonya kak 🙏",
    "{U} joined the group",
];

const SHOPS: &[&str] = &[
    "Toko Jaya 88",
    "Warung Sinar 77",
    "Bengkel Maju 99",
    "Apotek Sehat 24",
    "Jalan Merdeka 88",
    "Kamar 303",
    "Hotel Bintang 77",
    "Toko Emas Permata 88",
    "Gedung 212",
    "Ruko Blok 138",
];

/// Ordinary messages.
pub fn ordinary(count: usize) -> Vec<String> {
    ordinary_drawn(count, 303)
}

/// Ordinary messages drawn with another seed.
pub fn ordinary_drawn(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let person = rng.pick(PEOPLE).to_string();
            // Display names are often styled: bold, script, small capitals, circled, spaced, emoji around.
            let name = match rng.below(8) {
                0 => shift(&person, 0x1D400, Some(0x1D41A), None),
                1 => shift(&person, 0x1D4D0, Some(0x1D4EA), None),
                2 => small_caps(&person),
                3 => shift(&person.to_lowercase(), 0x24D0, None, None),
                4 => format!("✨{person}✨"),
                5 => shift(&person, 0x1D5D4, Some(0x1D5EE), None),
                _ => person.clone(),
            };
            let shop = rng.pick(SHOPS).to_string();
            let shop = if rng.chance(30) { shift(&shop, 0x1D400, Some(0x1D41A), Some(0x1D7CE)) } else { shop };
            // A display name with a number, as some people pick: `Rizky88`, sometimes styled.
            let first = person.split(' ').next().unwrap_or("");
            let user = format!("{first}{}", rng.pick(&["88", "99", "77", "01", "2000", "_id"]));
            let user = if rng.chance(40) { shift(&user, 0x1D400, Some(0x1D41A), Some(0x1D7CE)) } else { user };
            rng.pick(ORDINARY).replace("{N}", &name).replace("{S}", &shop).replace("{U}", &user)
        })
        .collect()
}
