"""Texts of `summary` and `consistency`: column names, titles, the notes under the tables."""

TEXTS = {
    "en": {
        "posts": "posts", "not_at_age": "no value at age", "views": "views", "reach": "reach (sum)",
        "engagements": "engagements", "rate": "rate", "median": "median rate", "amplification": "amplification",
        "virality": "virality", "comments": "comments", "sentiment": "net sentiment (n)",
        "untagged": "(untagged)", "unknown": "(unknown)", "none": "No posts match.",
        "title": "Summary by {by}", "at_age": "values at {age} days", "lifetime": "lifetime values",
        "age_note": "Values at {age} days after publishing, interpolated between snapshots. Posts with no "
                    "value at that age (younger than it, or not exported near it) are counted in 'posts' "
                    "and 'no value at age' but left out of every number.",
        "age_note_all": "Values at {age} days after publishing, interpolated between snapshots.",
        "lifetime_note": "Lifetime values: the latest snapshot of each post.",
        "pooled": "Rate: total engagements ÷ total {denominator} over the posts where both are known; "
                  "median rate: the middle post's rate.",
        "known": "(k/n): known for k of n posts; unknown values are left out, not counted as 0. A rate "
                 "with (k/n) covers the k posts where both its parts are known.",
        "age_median": "median age (days)",
        "too_young": "{n} of {of} posts are younger than {age} days and have no value at that age yet. For "
                     "values to date, with the age of each group's numbers, use --age lifetime (the weekly "
                     "report does this for totals and compares posts at the age they all reached).",
        "reach_sum": "Reach (sum): the sum of the posts' reach; a person reached by two posts counts twice.",
        "long_gap": "{n} of the values at {age} days lie between snapshots more than 7 days apart; they "
                    "follow the typical growth curve between them and may be off by a few percent.",
        "engagement_def": "Engagements ({platform}) = {definition}",
        "partial": "unknown: {gaps}; those posts count their known components only.",
        "gap": "{component} for {n} of {of} posts",
        "by": {"campaign": "campaign", "pillar": "pillar", "strategy": "PR strategy", "variant": "message variant",
               "platform": "platform", "account": "account", "office": "office", "week": "week", "type": "post type"},
        "denominator": {"reach": "reach", "views": "views", "followers": "followers"},
        "c_title": "Posting consistency by {by}, {since} to {until}",
        "weeks": "weeks with posts", "share": "share", "silence": "longest silence", "last": "last post",
        "days": "{n} days", "c_note": "Weeks are ISO weeks (Monday to Sunday) in {zone}. Longest silence: the most "
                                     "consecutive days in the period without a post, counting from its start "
                                     "and to its end.",
    },
    "id": {
        "posts": "postingan", "not_at_age": "tanpa nilai umur itu", "views": "tayangan", "reach": "jangkauan (jumlah)",
        "engagements": "interaksi", "rate": "tingkat", "median": "tingkat median", "amplification": "amplifikasi",
        "virality": "viralitas", "comments": "komentar", "sentiment": "sentimen bersih (n)",
        "untagged": "(belum ditandai)", "unknown": "(tidak diketahui)", "none": "Tidak ada postingan yang cocok.",
        "title": "Ringkasan per {by}", "at_age": "nilai pada umur {age} hari", "lifetime": "nilai sepanjang masa",
        "age_note": "Nilai pada {age} hari setelah terbit, diinterpolasi di antara snapshot. Postingan tanpa "
                    "nilai pada umur itu (lebih muda, atau tidak diekspor sekitar umur itu) dihitung di "
                    "'postingan' dan 'tanpa nilai umur itu' tetapi tidak masuk angka mana pun.",
        "age_note_all": "Nilai pada {age} hari setelah terbit, diinterpolasi di antara snapshot.",
        "lifetime_note": "Nilai sepanjang masa: snapshot terakhir tiap postingan.",
        "pooled": "Tingkat: total interaksi ÷ total {denominator} dari postingan yang keduanya diketahui; "
                  "tingkat median: tingkat postingan di tengah.",
        "age_median": "umur median (hari)",
        "too_young": "{n} dari {of} postingan lebih muda dari {age} hari dan belum punya nilai pada umur itu. "
                     "Untuk nilai sampai saat ini, dengan umur angka tiap kelompok, gunakan --age lifetime "
                     "(laporan mingguan memakai ini untuk total dan membandingkan postingan pada umur yang "
                     "sudah dicapai semuanya).",
        "reach_sum": "Jangkauan (jumlah): jumlah jangkauan tiap postingan; orang yang dijangkau dua "
                     "postingan terhitung dua kali.",
        "long_gap": "{n} nilai pada umur {age} hari terletak di antara snapshot yang berjarak lebih dari 7 "
                    "hari; nilainya mengikuti kurva pertumbuhan yang lazim dan bisa meleset beberapa persen.",
        "known": "(k/n): diketahui untuk k dari n postingan; nilai yang tidak diketahui tidak dihitung, "
                 "bukan dianggap 0. Tingkat dengan (k/n) mencakup k postingan yang kedua bagiannya "
                 "diketahui.",
        "engagement_def": "Interaksi ({platform}) = {definition}",
        "partial": "tidak diketahui: {gaps}; postingan itu hanya menghitung komponen yang diketahui.",
        "gap": "{component} pada {n} dari {of} postingan",
        "by": {"campaign": "kampanye", "pillar": "pilar", "strategy": "strategi PR", "variant": "varian pesan",
               "platform": "platform", "account": "akun", "office": "kantor", "week": "minggu",
               "type": "jenis postingan"},
        "denominator": {"reach": "jangkauan", "views": "tayangan", "followers": "pengikut"},
        "c_title": "Konsistensi posting per {by}, {since} s.d. {until}",
        "weeks": "minggu dengan postingan", "share": "persentase", "silence": "jeda terpanjang",
        "last": "postingan terakhir", "days": "{n} hari",
        "c_note": "Minggu = minggu ISO (Senin sampai Minggu) di {zone}. Jeda terpanjang: hari berturut-turut "
                  "terbanyak dalam periode tanpa postingan, dihitung dari awal dan sampai akhir periode.",
    },
}  # fmt: skip
