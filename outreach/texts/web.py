"""Texts of the web app (`outreach serve`)."""

TEXTS = {
    "en": {
        "title": "outreach", "this_week": "This week", "posts": "Posts", "compare": "Compare", "review": "Review",
        "import": "Import", "collection": "Collection", "sign_in": "Sign in", "sign_out": "Sign out",
        "username": "User name", "password": "Password", "language": "Bahasa Indonesia",
        "csrf": "The form was sent without its security token; reload the page and try again.",
        "forbidden": "Your role does not allow this.", "no_import": "Your role does not allow uploads.",
        "no_files": "Choose one or more export files or a ZIP to upload.",
        "filter": "Show", "since": "From", "until": "To", "platform": "Platform", "account": "Account",
        "campaign": "Campaign", "pillar": "Pillar", "type": "Type", "search": "Caption contains", "sort": "Sort by",
        "any": "any", "published": "Published", "caption": "Caption", "age": "age (days)",
        "at_age": "Numbers at {age} days after publishing; younger posts show their numbers to date (marked *).",
        "shown": "{shown} of {total} posts", "open": "open", "link": "on the platform",
        "growth": "Growth", "tags": "Tags", "origin": "origin", "matched": "matched", "status": "status",
        "excluded": "excluded", "tagged": "tagged", "add": "Add", "remove": "Remove", "key": "key",
        "comments": "Comments", "label": "label", "corrected": "corrected", "no_comments": "No comments stored.",
        "by": "Compare by", "metric": "Metric", "all_platforms": "pool the platforms", "run": "Compare",
        "verdict": "verdict", "queue": "Least certain labels first. Keys: 1 positive, 2 neutral, 3 negative.",
        "positive": "positive", "neutral": "neutral", "negative": "negative", "empty_queue": "Nothing to review.",
        "upload": "Upload export files or ZIPs (drag them here). Up to {mb} MB at once.",
        "imported": "Imported {imported}, skipped {skipped}, failed {failed}.", "runs": "Recent runs",
        "accounts": "Accounts", "last_collected": "last collected", "last_post": "last post",
        "health": "API collection", "no_api": "No API collection is configured; exports are imported by hand "
                                               "or from the inbox folder.",
        "download": "Download", "summary_only": "The weekly report is not available yet; the week's summary:",
        "error": "Something needs fixing",
    },
    "id": {
        "title": "outreach", "this_week": "Minggu ini", "posts": "Postingan", "compare": "Bandingkan",
        "review": "Koreksi", "import": "Impor", "collection": "Koleksi", "sign_in": "Masuk", "sign_out": "Keluar",
        "username": "Nama pengguna", "password": "Kata sandi", "language": "English",
        "csrf": "Formulir terkirim tanpa token keamanannya; muat ulang halaman lalu coba lagi.",
        "forbidden": "Peran Anda tidak mengizinkan ini.", "no_import": "Peran Anda tidak mengizinkan unggahan.",
        "no_files": "Pilih satu atau beberapa berkas ekspor atau ZIP untuk diunggah.",
        "filter": "Tampilkan", "since": "Dari", "until": "Sampai", "platform": "Platform", "account": "Akun",
        "campaign": "Kampanye", "pillar": "Pilar", "type": "Jenis", "search": "Keterangan memuat",
        "sort": "Urutkan", "any": "semua", "published": "Terbit", "caption": "Keterangan", "age": "umur (hari)",
        "at_age": "Angka pada umur {age} hari setelah terbit; postingan yang lebih muda menampilkan angka "
                  "sampai saat ini (bertanda *).",
        "shown": "{shown} dari {total} postingan", "open": "buka", "link": "di platform",
        "growth": "Pertumbuhan", "tags": "Tanda", "origin": "asal", "matched": "cocok", "status": "status",
        "excluded": "dikecualikan", "tagged": "ditandai", "add": "Tambah", "remove": "Hapus", "key": "kunci",
        "comments": "Komentar", "label": "label", "corrected": "dikoreksi", "no_comments": "Tidak ada komentar.",
        "by": "Bandingkan per", "metric": "Metrik", "all_platforms": "gabungkan platform", "run": "Bandingkan",
        "verdict": "kesimpulan", "queue": "Label paling tidak pasti lebih dulu. Tombol: 1 positif, 2 netral, "
                                           "3 negatif.",
        "positive": "positif", "neutral": "netral", "negative": "negatif", "empty_queue": "Tidak ada yang perlu "
                                                                                         "dikoreksi.",
        "upload": "Unggah berkas ekspor atau ZIP (seret ke sini). Paling besar {mb} MB sekaligus.",
        "imported": "{imported} diimpor, {skipped} dilewati, {failed} gagal.", "runs": "Proses terakhir",
        "accounts": "Akun", "last_collected": "terakhir dikumpulkan", "last_post": "postingan terakhir",
        "health": "Koleksi API", "no_api": "Koleksi API belum diatur; ekspor diimpor manual atau dari folder "
                                           "kotak masuk.",
        "download": "Unduh", "summary_only": "Laporan mingguan belum tersedia; ringkasan minggu ini:",
        "error": "Ada yang perlu diperbaiki",
    },
}  # fmt: skip
