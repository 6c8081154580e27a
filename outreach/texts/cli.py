"""Texts of the command line: init, demo, status, import, posts, and the after-import lines."""

TEXTS = {
    "en": {
        "init.created": "Created database {database} (schema {schema}).",
        "init.upgraded": "Upgraded database {database} (schema {schema}).",
        "init.checked": "Checked database {database} (schema {schema}).",
        "init.config_written": "Wrote an example configuration to {path}; edit it, then run: outreach status",
        "init.config_valid": "Configuration {path} is valid.",
        "demo.database": "Demo database: {database}",
        "demo.next": "Next: outreach {options} summary --by campaign\n"
                     "      outreach {options} compare --by variant --campaign menanam-pohon",
        "demo.outputs": "Wrote {what}: {path}",
        "status.database": "Database: {database} (schema {schema})",
        "status.config": "Config:   {config}",
        "status.no_config": "none (built-in defaults)",
        "status.stored": "Stored:   {posts} posts, {snapshots} metric snapshots, {days} account-days, "
                         "{comments} comments, {files} imported files",
        "status.accounts": "Accounts",
        "status.columns": ["account", "platform", "office", "posts", "snapshots", "comments", "days",
                           "last post ({zone})", "last collected ({zone})"],
        "status.no_accounts": "No accounts yet: add them to outreach.toml or import an export file "
                              "(outreach import -h).",
        "status.runs": "Last runs",
        "status.run_columns": ["job", "target", "started ({zone})", "outcome", "what happened"],
        "status.running": "running or interrupted",
        "status.collection": "API collection",
        "status.collection_columns": ["account", "platform", "token", "expires", "last good pull ({zone})",
                                      "last failure ({zone})", "what to do"],
        "import.files": "Imported {imported} file(s), skipped {skipped}, failed {failed}.",
        "import.totals": "Posts: {posts_new} new, {posts_updated} seen again · metric snapshots: {snapshots} "
                         "({snapshots_new} new) · account-days: {days} · audience rows: {audience} · "
                         "comments: {comments}",
        "import.purged": " ({n} skipped: authors purged)",
        "import.kinds": "  imported  {kinds}",
        "import.file": "  imported  {name} ({kind}, {rows} records)",
        "import.skipped": "  skipped   {name}: {reason}",
        "import.note": "  note      {notice}",
        "import.tagged": "Tagged: {added} (outreach tag -h); posts with no pillar: {untagged}",
        "import.nothing_tagged": "nothing new",
        "import.scored": "Sentiment: {comments} comments and {captions} captions scored with model {model} "
                         "(outreach sentiment -h)",
        "posts.title": "{n} posts",
        "posts.columns": {},
    },
    "id": {
        "init.created": "Basis data {database} dibuat (skema {schema}).",
        "init.upgraded": "Basis data {database} ditingkatkan (skema {schema}).",
        "init.checked": "Basis data {database} diperiksa (skema {schema}).",
        "init.config_written": "Contoh konfigurasi ditulis ke {path}; sunting, lalu jalankan: outreach status",
        "init.config_valid": "Konfigurasi {path} valid.",
        "demo.database": "Basis data demo: {database}",
        "demo.next": "Berikutnya: outreach {options} summary --by campaign\n"
                     "            outreach {options} compare --by variant --campaign menanam-pohon",
        "demo.outputs": "{what} ditulis: {path}",
        "status.database": "Basis data: {database} (skema {schema})",
        "status.config": "Konfigurasi: {config}",
        "status.no_config": "tidak ada (bawaan)",
        "status.stored": "Tersimpan: {posts} postingan, {snapshots} snapshot metrik, {days} hari-akun, "
                         "{comments} komentar, {files} berkas impor",
        "status.accounts": "Akun",
        "status.columns": ["akun", "platform", "kantor", "postingan", "snapshot", "komentar", "hari",
                           "postingan terakhir ({zone})", "terakhir dikumpulkan ({zone})"],
        "status.no_accounts": "Belum ada akun: tambahkan di outreach.toml atau impor berkas ekspor "
                              "(outreach import -h).",
        "status.runs": "Proses terakhir",
        "status.run_columns": ["tugas", "sasaran", "mulai ({zone})", "hasil", "yang terjadi"],
        "status.running": "berjalan atau terputus",
        "status.collection": "Koleksi API",
        "status.collection_columns": ["akun", "platform", "token", "kedaluwarsa", "tarikan terakhir ({zone})",
                                      "gagal terakhir ({zone})", "yang perlu dilakukan"],
        "import.files": "{imported} berkas diimpor, {skipped} dilewati, {failed} gagal.",
        "import.totals": "Postingan: {posts_new} baru, {posts_updated} sudah ada · snapshot metrik: {snapshots} "
                         "({snapshots_new} baru) · hari-akun: {days} · baris audiens: {audience} · "
                         "komentar: {comments}",
        "import.purged": " ({n} dilewati: penulis dihapus)",
        "import.kinds": "  diimpor   {kinds}",
        "import.file": "  diimpor   {name} ({kind}, {rows} baris)",
        "import.skipped": "  dilewati  {name}: {reason}",
        "import.note": "  catatan   {notice}",
        "import.tagged": "Ditandai: {added} (outreach tag -h); postingan tanpa pilar: {untagged}",
        "import.nothing_tagged": "tidak ada yang baru",
        "import.scored": "Sentimen: {comments} komentar dan {captions} keterangan dinilai dengan model {model} "
                         "(outreach sentiment -h)",
        "posts.title": "{n} postingan",
        "posts.columns": {"platform": "platform", "account": "akun", "post_id": "id postingan",
                          "published_at": "terbit", "type": "jenis", "views": "tayangan", "reach": "jangkauan",
                          "likes": "suka", "comments": "komentar", "shares": "dibagikan", "saves": "disimpan",
                          "reposts": "repost", "replies": "balasan", "bookmarks": "markah"},
    },
}  # fmt: skip
