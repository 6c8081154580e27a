"""Texts of `outreach purge`: never the handle, only counts and "this commenter"."""

TEXTS = {
    "en": {
        "corrections": ", {n} of them with an officer's sentiment correction",
        "would_delete": "Would delete {comments} by this {platform} commenter{corrections}.",
        "none_stored": "No comments by that {platform} handle are stored.",
        "purged_before": "This commenter was purged on {when}; imports already skip them.",
        "dry_run_delete": "Nothing was deleted. To delete them and make future imports skip this commenter, "
                          "re-run the same command with --yes.",
        "dry_run_ahead": "Nothing was deleted. To make future imports skip this commenter, re-run the same "
                         "command with --yes.",
        "deleted": "Deleted {comments} by this {platform} commenter{corrections}.",
        "nothing": "No comments by that {platform} handle are stored; nothing to delete.",
        "masked": "Masked the handle in {n} other comment(s) and caption(s) that named this commenter.",
        "future": "Future imports skip this commenter's comments and mask mentions of them (only a keyed "
                  "hash of the handle is kept).",
        "comment": "{n} comment", "comments": "{n} comments",
    },
    "id": {
        "corrections": ", {n} di antaranya dengan koreksi sentimen dari petugas",
        "would_delete": "Akan menghapus {comments} dari pemberi komentar {platform} ini{corrections}.",
        "none_stored": "Tidak ada komentar tersimpan dari nama pengguna {platform} itu.",
        "purged_before": "Pemberi komentar ini sudah dihapus pada {when}; impor sudah melewatinya.",
        "dry_run_delete": "Belum ada yang dihapus. Untuk menghapusnya dan membuat impor berikutnya melewati "
                          "pemberi komentar ini, jalankan perintah yang sama dengan --yes.",
        "dry_run_ahead": "Belum ada yang dihapus. Untuk membuat impor berikutnya melewati pemberi komentar "
                         "ini, jalankan perintah yang sama dengan --yes.",
        "deleted": "{comments} dari pemberi komentar {platform} ini dihapus{corrections}.",
        "nothing": "Tidak ada komentar tersimpan dari nama pengguna {platform} itu; tidak ada yang dihapus.",
        "masked": "Nama pengguna disamarkan di {n} komentar dan keterangan lain yang menyebutnya.",
        "future": "Impor berikutnya melewati komentar pemberi komentar ini dan menyamarkan sebutan namanya "
                  "(hanya hash berkunci dari nama pengguna yang disimpan).",
        "comment": "{n} komentar", "comments": "{n} komentar",
    },
}  # fmt: skip
