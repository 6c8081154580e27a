"""Texts of the weekly report (HTML, PDF, the sentences in its JSON) and of `outreach report`."""

TEXTS = {
    "en": {
        "title": "Weekly engagement report", "week_of": "Week {week}: {monday} – {sunday}",
        "all_offices": "All offices", "generated": "Generated {when} ({zone})", "page": "Page {page} of {pages}",
        "nothing_posted": "Nothing was posted in week {week} ({monday} – {sunday}). The sections below show the "
                          "weeks before, the pillars nobody posted about and what was collected.",
        "contents": "Contents",
        "s1": "1. Headline figures", "s2": "2. Per pillar", "s3": "3. Campaigns", "s4": "4. Best and weakest posts",
        "s5": "5. What people said", "s6": "6. What worked", "s7": "7. Data coverage", "s8": "8. Definitions",
        "platform_instagram": "Instagram", "platform_tiktok": "TikTok", "platform_x": "X", "total": "Total",
        "figure": "Figure", "this_week": "This week", "vs_previous": "vs previous week",
        "vs_four_weeks": "vs mean of 4 weeks before", "vs_previous_short": "vs prev. week",
        "vs_four_weeks_short": "vs 4-week mean",
        "change_columns": "Change columns: against the previous week and against the mean of the four weeks "
                          "before (weeks without a value at that age left out).",
        "posts": "Posts", "views": "Views", "reach": "Reach",
        "engagements": "Engagements", "engagement_rate": "Engagement rate ({by})", "follower_growth": "Follower growth",
        "comments": "Comments", "net_sentiment": "Net sentiment",
        "rate_by": {"reach": "by reach", "views": "by views", "followers": "by followers"},
        "ages": "Post ages at their newest numbers: {low} to {high} days (median {median}).",
        "ages_none": "No post of this week has numbers yet.",
        "to_date_note": "Totals are values to date (\"values so far\"): each post counts with what it had at its "
                        "newest snapshot, so young posts count less than they will. Changes compare every week "
                        "at the same age, {age} days after publishing{why}: views, reach, engagements and "
                        "comments per post measured at that age, the engagement rate at that age; post counts "
                        "and follower growth do not depend on age; net sentiment changes are in points.",
        "why_configured": " (the configured comparison age)",
        "why_reached": " (the age every post of this week has reached; the configured {configured} days are not "
                       "reached yet)",
        "known_of": "{k} of {n}", "partial_note": "{n} posts count part of their engagements (see coverage).",
        "without_numbers": "{n} posts of the week have no numbers yet (no export or pull since they were "
                           "published).",
        "unknown": "—", "points": "{value} pts",
        "pillar": "Pillar", "weeks_with_posts": "Weeks with a post (of {n})", "longest_gap": "Longest gap",
        "no_post": "no post this week", "no_pillar": "(no pillar)", "days": "{n} days",
        "pillar_note": "Every configured pillar is listed; a pillar with no post this week is shown as such. "
                       "Consistency covers the {n} weeks up to this one.",
        "campaign": "Campaign", "period": "{start} – {end}", "open": "open", "elapsed": "{share} of its time gone",
        "this_week_posts": "This week: {posts} posts, reach {reach}, engagements {engagements}.",
        "to_date": "To date: {posts} posts, reach {reach}, views {views}, engagements {engagements}, "
                   "engagement rate {rate}, net sentiment {sentiment}.",
        "target": "Target", "actual": "Actual", "progress": "Progress", "no_targets": "This campaign has no targets "
        "in outreach.toml; add targets = { reach = 50000 } to follow its progress.",
        "not_measured": "not measured on social media; enter it as impact in outreach.toml",
        "impact_from": "entered by the office ({source})", "impact_entered": "entered by the office",
        "baseline": "Against the baseline {start} – {end}{pillar}, all at {age} days after publishing",
        "baseline_pillar": " (the office's posts in pillar {pillar})", "no_baseline": "No baseline period configured.",
        "baseline_col": "Baseline", "campaign_col": "Campaign", "posts_per_week": "Posts per week",
        "reach_per_post": "Reach per post", "engagements_per_post": "Engagements per post",
        "no_campaigns": "No campaign was running this week.",
        "target_names": {"posts": "posts", "reach": "reach", "views": "views", "engagements": "engagements",
                         "comments": "comments", "engagement_rate": "engagement rate", "rate": "engagement rate"},
        "ranked_note": "Posts of the week compared at {age} days after publishing by {metric}; the median post "
                       "of the week on {platform} had {median} ({n} posts with a value).",
        "best": "Best", "weakest": "Weakest", "no_ranked": "No post of this week on {platform} has a value at "
                                                              "{age} days yet.",
        "open_post": "open post", "type": "type", "pillars": "pillar",
        "why_rate": "{metric} {value} at {age} days, {ratio}× the week's median ({median})",
        "why_counts": "{engagements} engagements on {base} {denominator}",
        "why_index": "{index}× the account's usual post of this type",
        "metric_rate_reach": "engagement rate by reach", "metric_rate_views": "engagement rate by views",
        "metric_rate_followers": "engagement rate by followers",
        "denominator_rate_reach": "reach", "denominator_rate_views": "views", "denominator_rate_followers": "followers",
        "share": "Share of classified comments", "positive": "positive", "neutral": "neutral", "negative": "negative",
        "said_summary": "{n} comments on this week's posts were classified: {positive} positive, {neutral} neutral, "
                        "{negative} negative (net sentiment {net}).",
        "no_comments": "No classified comment on this week's posts.",
        "negative_pillars": "Pillars that drew negative comments", "negative_of": "{negative} of {n} negative",
        "no_negative": "No pillar drew negative comments this week.",
        "quotes": "Representative comments (handles and phone numbers masked)", "no_quotes": "No comment to quote.",
        "label": {"positive": "positive", "neutral": "neutral", "negative": "negative"},
        "worked_intro": "Posts of the {weeks} weeks {since} – {until} at {age} days after publishing, compared by "
                        "type, time of day, weekday and message variant within each platform.",
        "nothing_stands_out": "Nothing stands out: no difference between groups is clear enough to act on "
                              "(checked: {checked}).",
        "nothing_checked": "Too few posts at {age} days in these weeks to compare anything.",
        "finding_best": "{platform}, by {by}: {leader} posts had a median {metric} of {leader_value} ({leader_n} "
                        "posts), {ratio}× that of {other} ({other_value}, {other_n} posts). The difference is "
                        "{difference} percentage points; with 95% confidence it lies between {low} and {high}.",
        "finding_lower": "{platform}, by {by}: {other} posts did clearly worse than {leader}: a median {metric} "
                         "of {other_value} ({other_n} posts) against {leader_value} ({leader_n} posts), "
                         "{difference} percentage points less (95% interval {low} to {high}).",
        "by_type": "post type", "by_hour": "time of day", "by_weekday": "weekday", "by_variant": "message variant",
        "sampled": "(a fixed random sample of {n} posts per platform)",
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "account": "Account", "status": "Status", "last_collected": "Last data", "kinds": "Collected (newest)",
        "status_ok": "up to date", "status_stale": "stale: no {platform} data since {day}",
        "status_missing": "no data on posts of the last 5 weeks", "posts_week": "Posts this week",
        "others_ok": "{n} other accounts are up to date (listed in the JSON).",
        "engagement_missing": "Engagement parts no export carried this week",
        "missing_part": "{platform}: {part} unknown for {n} of {of} posts",
        "none_missing": "Every engagement part was known for every post with numbers.",
        "term": "Term", "definition": "Definition",
        "def_to_date_term": "Values to date",
        "def_to_date": "What a post had at its newest snapshot (export or pull). Posts keep growing for days, "
                       "so this week's totals will still rise.",
        "def_age_term": "Comparison age",
        "def_age": "Rankings and changes compare posts of one platform at one age after publishing, in days: "
                   "{ages} (configured: {configured} days; younger when not every post of the week has reached "
                   "it); values are interpolated between snapshots. What worked uses the configured age.",
        "def_reach_sum": "Reach over several posts is their sum: a person reached by two posts counts twice.",
        "def_pooled": "For a group of posts: total engagements ÷ total of the denominator over the posts where "
                      "both are known.",
        "def_followers": "Followers at the last known day of the week minus those at the last known day of the "
                         "week before, summed over the accounts where both are known.",
        "def_comments": "Comments (replies on X) the posts had at their newest snapshot.",
        "def_change_term": "Change",
        "def_change": "This week's figure against the previous week's and against the mean of the four weeks "
                      "before, in percent (net sentiment: in points).",
        "def_consistency_term": "Weeks with a post, longest gap",
        "def_consistency": "Over the 12 weeks up to this one: how many ISO weeks had at least one post of the "
                           "pillar, and the most consecutive days without one.",
        "def_worked_term": "What worked",
        "def_worked": "Medians of the engagement rate at {age} days per group, with a distribution-free 95% "
                      "interval; a group is called ahead only when a permutation test adjusted for picking the "
                      "top group finds the difference clear (at most a 5% chance of a false finding anywhere).",
        "def_quotes_term": "Representative comments",
        "def_quotes": "The most liked classified comments of this week's posts, negative, positive and neutral "
                      "in turn; every @handle and phone number is masked, the commenter is never shown.",
        "def_weeks_term": "Weeks",
        "def_weeks": "ISO weeks, Monday to Sunday, in {zone}; a post belongs to the week it was published in.",
        "chart_trend": "Engagements per post at {age} days after publishing, by platform and week of publishing, "
                       "{first} – {last}; a week whose posts have not reached {age} days has no point yet",
        "chart_pillars": "Posts per pillar this week",
        "chart_sentiment": "Share of classified comments per week (posts of that week)",
        "chart_calendar": "Posts by weekday and hour ({zone}), last 12 weeks",
        "axis_week": "week (Monday)", "axis_engagements": "engagements per post", "axis_posts": "posts (count)",
        "axis_share": "share of comments (%)", "axis_hour": "hour of day", "axis_weekday": "weekday",
        "weekday_short": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "cli_written": "Written: {path}",
    },
    "id": {
        "title": "Laporan keterlibatan mingguan", "week_of": "Minggu {week}: {monday} – {sunday}",
        "all_offices": "Semua kantor", "generated": "Dibuat {when} ({zone})", "page": "Halaman {page} dari {pages}",
        "nothing_posted": "Tidak ada yang diposting pada minggu {week} ({monday} – {sunday}). Bagian di bawah "
                          "menunjukkan minggu-minggu sebelumnya, pilar yang tidak diposting, dan data yang "
                          "terkumpul.",
        "contents": "Daftar isi",
        "s1": "1. Angka utama", "s2": "2. Per pilar", "s3": "3. Kampanye", "s4": "4. Postingan terbaik dan terlemah",
        "s5": "5. Kata warganet", "s6": "6. Yang berhasil", "s7": "7. Cakupan data", "s8": "8. Definisi",
        "platform_instagram": "Instagram", "platform_tiktok": "TikTok", "platform_x": "X", "total": "Total",
        "figure": "Angka", "this_week": "Minggu ini", "vs_previous": "vs minggu lalu",
        "vs_four_weeks": "vs rata-rata 4 minggu sebelumnya", "vs_previous_short": "vs mgg lalu",
        "vs_four_weeks_short": "vs rerata 4 mgg",
        "change_columns": "Kolom perubahan: dibanding minggu lalu dan dibanding rata-rata empat minggu "
                          "sebelumnya (minggu tanpa nilai pada umur itu tidak dihitung).",
        "posts": "Postingan", "views": "Tayangan",
        "reach": "Jangkauan", "engagements": "Interaksi", "engagement_rate": "Tingkat interaksi ({by})",
        "follower_growth": "Pertumbuhan pengikut", "comments": "Komentar", "net_sentiment": "Sentimen bersih",
        "rate_by": {"reach": "per jangkauan", "views": "per tayangan", "followers": "per pengikut"},
        "ages": "Umur postingan pada angka terbarunya: {low} sampai {high} hari (median {median}).",
        "ages_none": "Belum ada postingan minggu ini yang punya angka.",
        "to_date_note": "Total adalah nilai sampai saat ini: tiap postingan dihitung dengan angka pada snapshot "
                        "terbarunya, jadi postingan muda masih akan bertambah. Perubahan membandingkan setiap "
                        "minggu pada umur yang sama, {age} hari setelah terbit{why}: tayangan, jangkauan, "
                        "interaksi dan komentar per postingan yang terukur pada umur itu, tingkat interaksi pada "
                        "umur itu; jumlah postingan dan pertumbuhan pengikut tidak bergantung umur; perubahan "
                        "sentimen bersih dalam poin.",
        "why_configured": " (umur pembanding di konfigurasi)",
        "why_reached": " (umur yang sudah dicapai semua postingan minggu ini; {configured} hari di konfigurasi "
                       "belum tercapai)",
        "known_of": "{k} dari {n}", "partial_note": "{n} postingan hanya menghitung sebagian interaksinya (lihat "
                                                   "cakupan data).",
        "without_numbers": "{n} postingan minggu ini belum punya angka (belum ada ekspor atau tarikan API sejak "
                           "terbit).",
        "unknown": "—", "points": "{value} poin",
        "pillar": "Pilar", "weeks_with_posts": "Minggu dengan postingan (dari {n})", "longest_gap": "Jeda terpanjang",
        "no_post": "tidak ada postingan minggu ini", "no_pillar": "(tanpa pilar)", "days": "{n} hari",
        "pillar_note": "Semua pilar di konfigurasi dicantumkan; pilar tanpa postingan minggu ini ditandai. "
                       "Konsistensi mencakup {n} minggu sampai minggu ini.",
        "campaign": "Kampanye", "period": "{start} – {end}", "open": "terbuka", "elapsed": "{share} waktunya berjalan",
        "this_week_posts": "Minggu ini: {posts} postingan, jangkauan {reach}, interaksi {engagements}.",
        "to_date": "Sampai saat ini: {posts} postingan, jangkauan {reach}, tayangan {views}, interaksi "
                   "{engagements}, tingkat interaksi {rate}, sentimen bersih {sentiment}.",
        "target": "Target", "actual": "Capaian", "progress": "Kemajuan", "no_targets": "Kampanye ini tidak punya "
        "target di outreach.toml; tambahkan targets = { reach = 50000 } untuk memantau kemajuannya.",
        "not_measured": "tidak diukur di media sosial; isi sebagai impact di outreach.toml",
        "impact_from": "diisi kantor ({source})", "impact_entered": "diisi kantor",
        "baseline": "Dibandingkan baseline {start} – {end}{pillar}, semua pada {age} hari setelah terbit",
        "baseline_pillar": " (postingan kantor di pilar {pillar})", "no_baseline": "Tidak ada periode baseline.",
        "baseline_col": "Baseline", "campaign_col": "Kampanye", "posts_per_week": "Postingan per minggu",
        "reach_per_post": "Jangkauan per postingan", "engagements_per_post": "Interaksi per postingan",
        "no_campaigns": "Tidak ada kampanye yang berjalan minggu ini.",
        "target_names": {"posts": "postingan", "reach": "jangkauan", "views": "tayangan", "engagements": "interaksi",
                         "comments": "komentar", "engagement_rate": "tingkat interaksi", "rate": "tingkat interaksi"},
        "ranked_note": "Postingan minggu ini dibandingkan pada {age} hari setelah terbit menurut {metric}; "
                       "postingan median minggu ini di {platform}: {median} ({n} postingan bernilai).",
        "best": "Terbaik", "weakest": "Terlemah", "no_ranked": "Belum ada postingan minggu ini di {platform} yang "
                                                              "punya nilai pada {age} hari.",
        "open_post": "buka postingan", "type": "jenis", "pillars": "pilar",
        "why_rate": "{metric} {value} pada {age} hari, {ratio}× median minggu ini ({median})",
        "why_counts": "{engagements} interaksi dari {base} {denominator}",
        "why_index": "{index}× postingan biasa akun ini untuk jenis yang sama",
        "metric_rate_reach": "tingkat interaksi per jangkauan", "metric_rate_views": "tingkat interaksi per tayangan",
        "metric_rate_followers": "tingkat interaksi per pengikut",
        "denominator_rate_reach": "jangkauan", "denominator_rate_views": "tayangan",
        "denominator_rate_followers": "pengikut",
        "share": "Porsi komentar yang terklasifikasi", "positive": "positif", "neutral": "netral",
        "negative": "negatif",
        "said_summary": "{n} komentar pada postingan minggu ini terklasifikasi: {positive} positif, {neutral} "
                        "netral, {negative} negatif (sentimen bersih {net}).",
        "no_comments": "Belum ada komentar terklasifikasi pada postingan minggu ini.",
        "negative_pillars": "Pilar yang menuai komentar negatif", "negative_of": "{negative} dari {n} negatif",
        "no_negative": "Tidak ada pilar yang menuai komentar negatif minggu ini.",
        "quotes": "Komentar yang mewakili (nama akun dan nomor telepon disamarkan)",
        "no_quotes": "Tidak ada komentar untuk dikutip.",
        "label": {"positive": "positif", "neutral": "netral", "negative": "negatif"},
        "worked_intro": "Postingan {weeks} minggu {since} – {until} pada {age} hari setelah terbit, dibandingkan "
                        "menurut jenis, waktu, hari dan varian pesan di dalam tiap platform.",
        "nothing_stands_out": "Tidak ada yang menonjol: tidak ada beda antarkelompok yang cukup jelas untuk "
                              "dijadikan dasar keputusan (diperiksa: {checked}).",
        "nothing_checked": "Terlalu sedikit postingan pada {age} hari dalam minggu-minggu ini untuk dibandingkan.",
        "finding_best": "{platform}, menurut {by}: postingan {leader} punya median {metric} {leader_value} "
                        "({leader_n} postingan), {ratio}× {other} ({other_value}, {other_n} postingan). Selisihnya "
                        "{difference} poin persentase; dengan keyakinan 95% selisih itu antara {low} dan {high}.",
        "finding_lower": "{platform}, menurut {by}: postingan {other} jelas lebih lemah daripada {leader}: median "
                         "{metric} {other_value} ({other_n} postingan) dibanding {leader_value} ({leader_n} "
                         "postingan), {difference} poin persentase lebih rendah (interval 95% {low} sampai {high}).",
        "by_type": "jenis postingan", "by_hour": "waktu posting", "by_weekday": "hari", "by_variant": "varian pesan",
        "sampled": "(sampel acak tetap {n} postingan per platform)",
        "weekdays": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
        "account": "Akun", "status": "Status", "last_collected": "Data terakhir", "kinds": "Terkumpul (terbaru)",
        "status_ok": "terbaru", "status_stale": "usang: tidak ada data {platform} sejak {day}",
        "status_missing": "tidak ada data postingan 5 minggu terakhir", "posts_week": "Postingan minggu ini",
        "others_ok": "{n} akun lainnya terbaru (tercantum di JSON).",
        "engagement_missing": "Bagian interaksi yang tidak ada di ekspor minggu ini",
        "missing_part": "{platform}: {part} tidak diketahui pada {n} dari {of} postingan",
        "none_missing": "Semua bagian interaksi diketahui untuk setiap postingan yang punya angka.",
        "term": "Istilah", "definition": "Definisi",
        "def_to_date_term": "Nilai sampai saat ini",
        "def_to_date": "Angka postingan pada snapshot terbarunya (ekspor atau tarikan API). Postingan terus "
                       "bertambah selama beberapa hari, jadi total minggu ini masih akan naik.",
        "def_age_term": "Umur pembanding",
        "def_age": "Peringkat dan perubahan membandingkan postingan satu platform pada umur yang sama setelah "
                   "terbit, dalam hari: {ages} (konfigurasi: {configured} hari; lebih muda bila belum semua "
                   "postingan minggu ini mencapainya); nilainya diinterpolasi di antara snapshot. Yang berhasil "
                   "memakai umur di konfigurasi.",
        "def_reach_sum": "Jangkauan beberapa postingan adalah jumlahnya: orang yang dijangkau dua postingan "
                         "terhitung dua kali.",
        "def_pooled": "Untuk sekelompok postingan: total interaksi ÷ total penyebut dari postingan yang keduanya "
                      "diketahui.",
        "def_followers": "Pengikut pada hari terakhir yang diketahui di minggu ini dikurangi pengikut pada hari "
                         "terakhir yang diketahui di minggu sebelumnya, dijumlahkan untuk akun yang keduanya "
                         "diketahui.",
        "def_comments": "Komentar (balasan di X) yang dimiliki postingan pada snapshot terbarunya.",
        "def_change_term": "Perubahan",
        "def_change": "Angka minggu ini dibanding minggu lalu dan dibanding rata-rata empat minggu sebelumnya, "
                      "dalam persen (sentimen bersih: dalam poin).",
        "def_consistency_term": "Minggu dengan postingan, jeda terpanjang",
        "def_consistency": "Dalam 12 minggu sampai minggu ini: berapa minggu ISO yang punya sedikitnya satu "
                           "postingan pilar itu, dan hari berturut-turut terbanyak tanpa postingan.",
        "def_worked_term": "Yang berhasil",
        "def_worked": "Median tingkat interaksi pada {age} hari per kelompok dengan interval 95% bebas "
                      "distribusi; sebuah kelompok disebut unggul hanya bila uji permutasi yang memperhitungkan "
                      "pemilihan kelompok teratas menemukan bedanya jelas (peluang temuan palsu di mana pun paling "
                      "banyak 5%).",
        "def_quotes_term": "Komentar yang mewakili",
        "def_quotes": "Komentar terklasifikasi dengan suka terbanyak pada postingan minggu ini, bergiliran "
                      "negatif, positif dan netral; setiap @akun dan nomor telepon disamarkan, pengomentar tidak "
                      "pernah ditampilkan.",
        "def_weeks_term": "Minggu",
        "def_weeks": "Minggu ISO, Senin sampai Minggu, di {zone}; postingan masuk minggu terbitnya.",
        "chart_trend": "Interaksi per postingan pada {age} hari setelah terbit, per platform dan minggu terbit, "
                       "{first} – {last}; minggu yang postingannya belum berumur {age} hari belum punya titik",
        "chart_pillars": "Postingan per pilar minggu ini",
        "chart_sentiment": "Porsi komentar terklasifikasi per minggu (postingan minggu itu)",
        "chart_calendar": "Postingan menurut hari dan jam ({zone}), 12 minggu terakhir",
        "axis_week": "minggu (Senin)", "axis_engagements": "interaksi per postingan", "axis_posts": "postingan (jumlah)",
        "axis_share": "porsi komentar (%)", "axis_hour": "jam", "axis_weekday": "hari",
        "weekday_short": ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
        "cli_written": "Ditulis: {path}",
    },
}  # fmt: skip
