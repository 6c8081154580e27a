"""The hand-written words of the demo office: captions, campaign messages, comments.

Everything is fictional: Kabupaten Sukamaju, its villages, its app "SiMaju", the
people who comment (their handles are assembled from made-up pieces). Captions
are written the way a regency's PR office writes them, so the shipped pillar
keywords (``outreach/defaults/pillars.toml``) find them the way they would find
real ones. ``generate.py`` fills the ``{slots}`` and decides when things are posted.
"""

from __future__ import annotations

# --- places and slot values -------------------------------------------------------------

KECAMATAN = [
    "Sukamaju Utara", "Sukamaju Selatan", "Cibening", "Sindangsari", "Karangmulya",
    "Pasirjaya", "Mekarwangi", "Tegalsari", "Sumberrejo", "Wonokerto",
]  # fmt: skip
DESA = [
    "Cibening", "Cikaret", "Sukaresmi", "Margaluyu", "Jatisari", "Ngasem", "Kedungrejo",
    "Pagerwangi", "Tanjungsari", "Bojongloa", "Sidomulyo", "Ciherang",
]  # fmt: skip
VENUES = [
    "Alun-alun Sukamaju", "Pendopo Kabupaten", "GOR Sukamaju", "Taman Kota Sukamaju",
    "Gedung Serbaguna Cibening", "Lapangan Pasirjaya",
]  # fmt: skip

# --- regular posts, per pillar ---------------------------------------------------------------
# Each entry: (format, caption). format is the preferred Instagram type: image, carousel or
# reel. A caption may use {kecamatan}, {desa}, {venue}, {day} (a day later that week, e.g.
# "Rabu, 14 Oktober"), {sabtu} (the coming Saturday), {hour} (e.g. "08.00"), {n} (a small
# number) and {ispu}. The first paragraph doubles as the short text on X and TikTok.

REGULAR: dict[str, list[tuple[str, str]]] = {
    "governance": [
        (
            "carousel",
            (
                "Mal Pelayanan Publik Sukamaju kini buka juga hari Sabtu 🏢\n\n"
                "Mulai {sabtu}, layanan perizinan, adminduk, BPJS dan pajak kendaraan bisa diurus pukul "
                "{hour}–12.00 WIB. Bawa berkas asli dan fotokopi ya.\n\n#PelayananPublik #SukamajuMelayani"
            ),
        ),
        (
            "image",
            (
                "Jemput bola adminduk! 🪪 Disdukcapil hadir di Kantor Kecamatan {kecamatan} pada {day} "
                "untuk perekaman KTP-el, cetak Kartu Identitas Anak dan akta kelahiran.\n\n"
                "Gratis, tanpa calo. #Adminduk #Dukcapil #PelayananPublik"
            ),
        ),
        (
            "reel",
            (
                "Punya keluhan soal layanan publik? Sampaikan lewat SP4N-LAPOR! 📢\n\n"
                "Setiap pengaduan dicatat, diteruskan ke OPD terkait dan bisa dipantau statusnya. "
                "Admin kami menjawab setiap hari kerja.\n\n#SP4NLapor #Pengaduan #Sukamaju"
            ),
        ),
        (
            "carousel",
            (
                "Musrenbang Kecamatan {kecamatan} hari ini 🗳️\n\n"
                "Usulan warga dari {n} desa dibahas bersama Bappeda: perbaikan irigasi, penerangan jalan "
                "dan pelatihan kerja jadi prioritas. Terima kasih atas partisipasinya!\n\n#Musrenbang #Sukamaju"
            ),
        ),
        (
            "image",
            (
                "Transparansi anggaran 📊 Ringkasan APBD Perubahan Kabupaten Sukamaju 2026 bisa "
                "diunduh di laman PPID. Yuk ikut mengawasi penggunaan anggaran daerah.\n\n"
                "#KeterbukaanInformasi #PPID"
            ),
        ),
        (
            "image",
            (
                "Batas pembayaran PBB-P2 tahun 2026 tinggal {n} hari lagi ⏰\n\n"
                "Bayar pajak daerah bisa lewat bank, minimarket atau QRIS. Pajak Anda kembali untuk "
                "membangun Sukamaju.\n\n#PajakDaerah #Bapenda"
            ),
        ),
        (
            "reel",
            (
                "Pelantikan {n} pejabat administrator di lingkungan Pemkab Sukamaju 🤝\n\n"
                "Bupati berpesan: jaga integritas, jauhi pungli, dan layani masyarakat dengan hati."
                "\n\n#ZonaIntegritas #ASNBerAKHLAK"
            ),
        ),
    ],
    "branding": [
        (
            "reel",
            (
                "Pagi berkabut di Curug Cikaret, Kecamatan {kecamatan} 🌄\n\nDestinasi wisata alam ini cuma 40 "
                "menit dari pusat kota. Tiket masuk Rp10.000, dikelola Pokdarwis setempat.\n\n"
                "#WisataSukamaju #ExploreSukamaju"
            ),
        ),
        (
            "carousel",
            (
                "Festival Budaya Sukamaju 2026 resmi dibuka! 🎉\n\nPawai {n} kelompok kesenian, "
                "tari jaipong, gamelan dan bazar kuliner khas memeriahkan {venue} sampai Minggu malam."
                "\n\n#FestivalBudayaSukamaju #CintaBudaya"
            ),
        ),
        (
            "image",
            (
                "Batik Sukamaju motif Daun Pakis kini tercatat sebagai kekayaan intelektual "
                "komunal 🎨 Dipakai ASN setiap Kamis, dijual perajin di Kampung Batik {desa}."
                "\n\n#BatikSukamaju #WarisanBudaya"
            ),
        ),
        (
            "reel",
            (
                "Desa Wisata {desa} masuk 50 besar Anugerah Desa Wisata Indonesia 🏆\n\n"
                "Homestay, kopi robusta dan paket susur sawah siap menyambut wisatawan. Dukung terus ya!"
                "\n\n#DesaWisata #PesonaIndonesia"
            ),
        ),
        (
            "image",
            (
                "Selamat Hari Jadi Kabupaten Sukamaju ke-187! 🎂\n\nMaju bersama, cerdas bersama, "
                "tetap menjaga tradisi leluhur.\n\n#HariJadiSukamaju #SukamajuCerdas"
            ),
        ),
        (
            "carousel",
            (
                "Situs Candi Sukamulya di {desa} dibuka untuk kunjungan edukasi 🏛️\n\n"
                "Pemandu dari museum daerah menemani rombongan sekolah setiap Selasa–Jumat, pendaftaran "
                "lewat DM.\n\n#CagarBudaya #WisataSejarah"
            ),
        ),
    ],
    "economy": [
        (
            "image",
            (
                "Pasar murah hadir lagi! 🛒 {day} pukul {hour} WIB di {venue}.\n\nBeras, minyak "
                "goreng, gula dan telur dengan harga di bawah pasar untuk menjaga inflasi tetap terkendali."
                "\n\n#PasarMurah #TPIDSukamaju"
            ),
        ),
        (
            "reel",
            (
                "Bayar di Pasar Kliwon kini bisa pakai QRIS 📱\n\n{n}0 pedagang sudah siap transaksi "
                "non tunai. Lebih cepat, tidak perlu repot uang kembalian.\n\n#QRIS #PasarRakyat"
            ),
        ),
        (
            "carousel",
            (
                "BUMDes {desa} panen omzet dari wisata pemancingan dan unit simpan pinjam 💰\n\n"
                "Tahun ini pendapatan asli desa naik dua kali lipat. Inspirasi untuk BUMDes lain!"
                "\n\n#BUMDes #EkonomiDesa"
            ),
        ),
        (
            "image",
            (
                "Pelatihan digital marketing gratis untuk {n}0 pelaku UMKM 💻\n\nMateri: foto produk "
                "pakai HP, jualan di marketplace dan sertifikasi halal. Kuota terbatas!\n\n#UMKMNaikKelas"
            ),
        ),
        (
            "image",
            (
                "Update harga bahan pokok di Pasar Induk Sukamaju hari ini 📋\n\nCabai rawit turun, "
                "bawang merah stabil, beras medium Rp12.800/kg. Stok aman sampai akhir tahun.\n\n#InfoHarga"
            ),
        ),
        (
            "reel",
            (
                "Job fair Disnaker Sukamaju: {n}00 lowongan kerja dari 35 perusahaan 👔\n\n"
                "{day} di {venue}, bawa CV dan kartu kuning. Gratis!\n\n#LowonganKerja #JobFairSukamaju"
            ),
        ),
    ],
    "living": [
        (
            "reel",
            (
                "Cek kesehatan gratis di Puskesmas {kecamatan} 🩺\n\nCukup bawa KTP, semua warga "
                "bisa periksa tekanan darah, gula darah dan kolesterol. Buka Senin–Sabtu.\n\n"
                "#CekKesehatanGratis #Germas"
            ),
        ),
        (
            "image",
            (
                "Posyandu serentak se-Kabupaten Sukamaju 👶\n\nTimbang balita, imunisasi dan "
                "pemberian makanan tambahan untuk cegah stunting. Ajak tetangga ya, Bu!\n\n#CegahStunting #AyoImunisasi"
            ),
        ),
        (
            "carousel",
            (
                "Perbaikan jalan ruas {desa}–{kecamatan} sepanjang {n} km dimulai pekan ini 🚧\n\n"
                "Mohon maaf atas ketidaknyamanannya, gunakan jalur alternatif lewat Jalan Raya Pasirjaya."
                "\n\n#InfrastrukturSukamaju"
            ),
        ),
        (
            "image",
            (
                "Keadaan darurat? Hubungi Call Center 112 🚨\n\nGratis, 24 jam, untuk kebakaran, "
                "kecelakaan, ambulans dan gangguan keamanan. Jangan untuk iseng ya.\n\n#CallCenter112"
            ),
        ),
        (
            "reel",
            (
                "Ambulans desa siaga di {n} desa 🚑\n\nWarga yang butuh rujukan ke RSUD Sukamaju "
                "cukup menghubungi kepala desa atau 112. Layanan ini gratis bagi peserta JKN.\n\n#JKN #SukamajuSehat"
            ),
        ),
        (
            "image",
            (
                "Waspada DBD di musim hujan 🦟 Lakukan 3M Plus: menguras, menutup, mendaur ulang, "
                "dan pakai lotion anti nyamuk. Ada gejala demam tinggi? Segera ke puskesmas.\n\n#CegahDBD"
            ),
        ),
    ],
    "society": [
        (
            "carousel",
            (
                "Perpustakaan keliling singgah di SD Negeri {n} {desa} 📚\n\nAnak-anak antusias "
                "membaca buku cerita dan ikut lomba mewarnai. Gemar membaca dimulai dari rumah!"
                "\n\n#GemarMembaca #LiterasiSukamaju"
            ),
        ),
        (
            "image",
            (
                "Awas hoaks! ⚠️ Beredar pesan berantai soal bantuan tunai lewat tautan "
                "pendaftaran. Itu PENIPUAN. Informasi resmi hanya dari kanal Pemkab Sukamaju.\n\n"
                "#LawanHoaks #CekFakta"
            ),
        ),
        (
            "reel",
            (
                "Kelas literasi digital untuk ibu-ibu PKK {kecamatan} 📱\n\nBelajar mengenali "
                "penipuan online, menjaga data pribadi dan bijak bermedsos.\n\n#MakinCakapDigital"
            ),
        ),
        (
            "image",
            (
                "Pendaftaran Beasiswa Sukamaju Cerdas dibuka! 🎓\n\nUntuk siswa SMA/SMK dan "
                "mahasiswa berprestasi dari keluarga kurang mampu. Berkas diunggah paling lambat {day}."
                "\n\n#BeasiswaSukamaju #Pendidikan"
            ),
        ),
        (
            "image",
            (
                "Titik WiFi gratis bertambah 📶 Kini {n}0 titik di balai desa, taman dan "
                "perpustakaan. Cari jaringan 'SukamajuConnect', tanpa kata sandi.\n\n#DesaDigital"
            ),
        ),
        (
            "carousel",
            (
                "Karang Taruna {desa} gotong royong membangun pojok baca di pos ronda 🙌\n\n"
                "Buku hasil donasi warga, rak dari kayu bekas. Keren, pemuda Sukamaju!\n\n#PemudaSukamaju"
            ),
        ),
    ],
    "environment": [
        (
            "carousel",
            (
                "Bank Sampah {desa} setor perdana 🧺\n\n{n}0 nasabah menabung sampah plastik "
                "dan kardus, hasilnya bisa ditukar sembako atau ditabung untuk biaya sekolah.\n\n"
                "#BankSampah #PilahSampah"
            ),
        ),
        (
            "reel",
            (
                "Aksi bersih Sungai Cibening bersama relawan dan TNI-Polri 🌊\n\n"
                "{n} karung sampah diangkat dari bantaran sungai. Yuk, jangan buang sampah ke sungai!"
                "\n\n#SungaiBersih #Sukamaju"
            ),
        ),
        (
            "image",
            (
                "Peringatan dini cuaca ekstrem dari BMKG ⛈️\n\nHujan lebat disertai angin kencang "
                "diperkirakan sampai {day}. Warga di daerah rawan longsor dan banjir diminta waspada. "
                "Darurat hubungi BPBD atau 112.\n\n#SiagaBencana"
            ),
        ),
        (
            "image",
            (
                "Jumat Bersih di lingkungan Pemkab Sukamaju 🧹 ASN dan warga kerja bakti "
                "membersihkan saluran air di {kecamatan} menjelang musim hujan.\n\n#JumatBersih"
            ),
        ),
    ],
}

# Posts of the environment office (@dlh.sukamaju) outside the tree campaign.
DLH_REGULAR: list[tuple[str, str]] = [
    (
        "image",
        (
            "Jadwal pengangkutan sampah {kecamatan} berubah mulai {day} 🚛\n\nTruk lewat pukul "
            "{hour} WIB. Pilah sampah organik dan anorganik dari rumah ya.\n\n#PilahSampah #DLHSukamaju"
        ),
    ),
    (
        "carousel",
        (
            "Sosialisasi bank sampah di {desa} 🧺 Warga belajar memilah plastik, kertas dan "
            "logam yang laku dijual. Sudah {n} unit bank sampah aktif di Sukamaju!\n\n#BankSampah"
        ),
    ),
    (
        "reel",
        (
            "Bikin kompos dari sisa dapur? Gampang! 🌱 Cukup ember bekas, tanah dan EM4. "
            "Dalam 3 minggu siap dipakai untuk tanaman.\n\n#Kompos #DietPlastik"
        ),
    ),
    (
        "image",
        (
            "Hasil uji emisi kendaraan dinas: {n} unit lulus, sisanya wajib servis 🚗💨\n\n"
            "Udara bersih dimulai dari kita.\n\n#LangitBiru #UjiEmisi"
        ),
    ),
    (
        "image",
        (
            "Kualitas udara Sukamaju hari ini: BAIK (ISPU {ispu}) 🍃 Tetap kurangi pembakaran "
            "sampah di pekarangan.\n\n#KualitasUdara"
        ),
    ),
    (
        "carousel",
        (
            "TPS3R {desa} resmi beroperasi ♻️ Sampah warga diolah jadi kompos dan bahan daur "
            "ulang, yang ke TPA berkurang hampir separuh.\n\n#EkonomiSirkular #DLHSukamaju"
        ),
    ),
]

# --- campaign posts: campaign key -> variant key -> [(format, caption)] ------------------------
# Each variant is a clearly different way of saying the same thing, marked by the hashtag or
# phrase that outreach.toml gives the variant; every post carries its campaign's hashtag.

CAMPAIGN: dict[str, dict[str, list[tuple[str, str]]]] = {
    "menanam-pohon": {
        "testimoni": [
            (
                "reel",
                (
                    '"Dulu halaman sekolah kami gersang, sekarang anak-anak bisa belajar di bawah pohon '
                    'mangga yang kami tanam tiga tahun lalu." — Bu Guru di {desa} 🌳\n\nSetiap pohon punya '
                    "cerita. Apa cerita pohonmu?\n\n#SukamajuMenanam #CeritaPohonku"
                ),
            ),
            (
                "reel",
                (
                    "Pak RT di {desa} menanam {n} bibit alpukat di bantaran sungai bersama warganya 🥑\n\n"
                    '"Biar anak cucu nanti yang panen," katanya sambil tertawa.\n\n#SukamajuMenanam #CeritaPohonku'
                ),
            ),
            (
                "carousel",
                (
                    "Siswa SMP di {kecamatan} merawat pohon yang mereka tanam sendiri, lengkap dengan "
                    "papan nama dan jadwal siram 💧\n\nBangga sekali melihat generasi muda peduli lingkungan."
                    "\n\n#SukamajuMenanam #CeritaPohonku"
                ),
            ),
            (
                "image",
                (
                    "Kebun bibit Bu Sri di {desa} sudah membagikan ribuan bibit gratis ke tetangga 🌱\n\n"
                    '"Menanam itu menabung," pesannya.\n\n#SukamajuMenanam #CeritaPohonku'
                ),
            ),
            (
                "reel",
                (
                    "Tiga tahun lalu lereng di {desa} sering longsor. Sejak warga menanam bambu dan "
                    'mahoni, tanahnya tidak lagi ambrol tiap musim hujan 🌧️🌳\n\n"Pohon yang menjaga kampung '
                    'kami," kata Pak Kades.\n\n#SukamajuMenanam #CeritaPohonku'
                ),
            ),
        ],
        "informasi": [
            (
                "image",
                (
                    "Jadwal pembagian bibit Gerakan Menanam Pohon pekan ini 📅\n\n{day}, pukul {hour} WIB "
                    "di Kantor Kecamatan {kecamatan}. Jenis: mahoni, trembesi, alpukat dan durian. Bawa KTP, "
                    "maksimal 5 bibit per KK.\n\n#SukamajuMenanam #InfoBibit"
                ),
            ),
            (
                "carousel",
                (
                    "Tahukah kamu? Satu pohon dewasa bisa menyerap sekitar 22 kg karbon dioksida per "
                    "tahun 🌍\n\nIni lokasi penanaman dan jenis pohon yang cocok untuk pekarangan, bantaran "
                    "sungai dan lahan kritis.\n\n#SukamajuMenanam #InfoBibit"
                ),
            ),
            (
                "image",
                (
                    "Cara menanam bibit agar tumbuh subur 🌿 Lubang 40×40 cm, beri pupuk kompos, siram "
                    "pagi atau sore, pasang ajir. Stok bibit di persemaian DLH masih {n} ribu batang."
                    "\n\n#SukamajuMenanam #InfoBibit"
                ),
            ),
            (
                "image",
                (
                    "Rekap sementara: {n}.000 pohon sudah tertanam di 10 kecamatan 🌳 Data per "
                    "kecamatan bisa dilihat di slide berikut.\n\n#SukamajuMenanam #InfoBibit"
                ),
            ),
        ],
        "ajakan": [
            (
                "reel",
                (
                    "Ayo ikut menanam! 🌱 Satu warga, satu pohon. Ambil bibit gratis di kantor kecamatan "
                    "terdekat, tanam, lalu unggah fotonya dengan tagar #SukamajuMenanam\n\n#AyoMenanam"
                ),
            ),
            (
                "image",
                (
                    "Akhir pekan ini mau ngapain? Ayo ikut menanam di lahan kritis {desa}, {sabtu} "
                    "pukul {hour} WIB! Bibit, cangkul dan sarapan disiapkan 😄\n\n#SukamajuMenanam #AyoMenanam"
                ),
            ),
            (
                "reel",
                (
                    "Tantangan untuk kamu: tanam satu pohon minggu ini dan tag 3 temanmu! 🌳🔥\n\n"
                    "#SukamajuMenanam #AyoMenanam"
                ),
            ),
            (
                "image",
                (
                    "Punya lahan kosong di pekarangan? Ayo ikut menanam! Bibit buah gratis menunggu "
                    "di kantor kecamatan, tinggal bawa KTP 🌱\n\n#SukamajuMenanam #AyoMenanam"
                ),
            ),
        ],
    },
    "umkm-ekspor": {
        "cerita-umkm": [
            (
                "reel",
                (
                    "Dari dapur rumah di {desa} ke rak supermarket di Malaysia 🇲🇾\n\nKeripik pisang "
                    '"Mang Odon" lolos kurasi ekspor setelah ikut pendampingan Dinas Koperasi dan UMKM.'
                    "\n\n#SukamajuGoEkspor #CeritaUMKM"
                ),
            ),
            (
                "carousel",
                (
                    'Anyaman bambu Kelompok Perajin {desa} kini dikirim ke Jepang 🎋\n\n"Kuncinya '
                    'konsisten soal kualitas," kata ketua kelompoknya. {n} perajin ikut merasakan hasilnya.'
                    "\n\n#SukamajuGoEkspor #CeritaUMKM"
                ),
            ),
            (
                "reel",
                (
                    "Kopi robusta {kecamatan}: dulu dijual gelondongan, sekarang sudah berlabel dan "
                    "dipesan pembeli dari Korea ☕\n\n#SukamajuGoEkspor #CeritaUMKM #UMKMNaikKelas"
                ),
            ),
            (
                "image",
                (
                    "Gula semut aren dari {desa} menembus pasar Belanda 🍯 Omzet pelaku usahanya naik "
                    "tiga kali lipat sejak lolos kurasi ekspor.\n\n#SukamajuGoEkspor #CeritaUMKM"
                ),
            ),
            (
                "reel",
                (
                    '"Awalnya cuma jualan di pasar desa," cerita Teh Ai, perajin tas pandan dari '
                    "{desa}. Kini pesanan datang dari Australia 👜\n\n#SukamajuGoEkspor #CeritaUMKM"
                ),
            ),
            (
                "carousel",
                (
                    "Sambal roa kemasan buatan ibu-ibu PKK {kecamatan} lolos uji laboratorium dan "
                    "siap dikirim ke Hong Kong 🌶️ Di balik botolnya ada {n} ibu rumah tangga yang kini "
                    "berpenghasilan.\n\n#SukamajuGoEkspor #CeritaUMKM"
                ),
            ),
        ],
        "ajakan-daftar": [
            (
                "image",
                (
                    "Produkmu siap mendunia? 🌏 Daftar sekarang di program kurasi ekspor UMKM Sukamaju "
                    "2026!\n\nGratis: pendampingan label, sertifikasi halal dan temu pembeli. Pendaftaran lewat "
                    "link di bio, kuota {n}0 UMKM.\n\n#SukamajuGoEkspor"
                ),
            ),
            (
                "image",
                (
                    "Tinggal {n} hari lagi! ⏰ Daftar sekarang untuk kurasi ekspor UMKM Sukamaju. "
                    "Syarat: punya NIB, produk sudah dijual minimal 1 tahun.\n\n#SukamajuGoEkspor"
                ),
            ),
            (
                "carousel",
                (
                    "Bingung syarat kurasi ekspor? Ini checklist-nya ✅ NIB, PIRT/BPOM, foto produk, "
                    "kapasitas produksi. Daftar sekarang, tim pendamping siap bantu.\n\n#SukamajuGoEkspor"
                ),
            ),
            (
                "reel",
                (
                    "Tiga langkah ikut kurasi ekspor: isi formulir, kirim sampel, ikut pendampingan. "
                    "Daftar sekarang, gratis untuk UMKM ber-NIB di Kabupaten Sukamaju 📦\n\n#SukamajuGoEkspor"
                ),
            ),
            (
                "image",
                (
                    "Temu pembeli luar negeri digelar {day} di {venue} 🤝 Daftar sekarang agar "
                    "produkmu ikut dipajang di depan buyer.\n\n#SukamajuGoEkspor #UMKMNaikKelas"
                ),
            ),
        ],
    },
    "simaju": {
        "tutorial": [
            (
                "reel",
                (
                    "Cara bikin akun di aplikasi SiMaju dalam 2 menit 📲\n\n1. Unduh di Play Store\n"
                    "2. Masukkan NIK dan nomor HP\n3. Verifikasi OTP\nSelesai! #AyoPakaiSiMaju #TutorialSiMaju"
                ),
            ),
            (
                "carousel",
                (
                    "Tutorial: mengurus surat pindah lewat SiMaju tanpa antre 🧾 Geser untuk "
                    "langkah-langkahnya.\n\n#AyoPakaiSiMaju #TutorialSiMaju"
                ),
            ),
            (
                "reel",
                (
                    "Lapor jalan rusak lewat SiMaju: foto, tandai lokasi, kirim. Laporanmu langsung "
                    "masuk ke dinas terkait 🛣️\n\n#AyoPakaiSiMaju #TutorialSiMaju"
                ),
            ),
            (
                "carousel",
                (
                    "Lupa kata sandi SiMaju? Tenang 🔑 Ketuk 'Lupa sandi', masukkan NIK, lalu "
                    "ikuti tautan yang dikirim lewat SMS. Geser untuk gambarnya.\n\n#AyoPakaiSiMaju #TutorialSiMaju"
                ),
            ),
            (
                "reel",
                (
                    "Cara mengajukan izin usaha mikro lewat SiMaju: pilih menu Perizinan, unggah KTP dan "
                    "foto tempat usaha, tunggu notifikasi 📄\n\n#AyoPakaiSiMaju #TutorialSiMaju"
                ),
            ),
        ],
        "manfaat": [
            (
                "image",
                (
                    "Urus KK, akta dan izin usaha dari rumah? Bisa! 🏠 Aplikasi SiMaju memangkas "
                    "antrean dan ongkos ke kantor dinas.\n\n#AyoPakaiSiMaju #SiMajuMudah"
                ),
            ),
            (
                "reel",
                (
                    "Sudah {n}.000 warga memakai SiMaju 🎉 Rata-rata layanan selesai dalam 2 hari "
                    "kerja, bisa dipantau statusnya dari HP.\n\n#AyoPakaiSiMaju #SiMajuMudah"
                ),
            ),
            (
                "image",
                (
                    "Satu aplikasi untuk 48 layanan publik Kabupaten Sukamaju 📱 Hemat waktu, hemat "
                    "biaya, transparan.\n\n#AyoPakaiSiMaju #SiMajuMudah"
                ),
            ),
            (
                "carousel",
                (
                    "Tidak perlu izin kerja setengah hari hanya untuk mengurus akta 🙌 Dengan "
                    "SiMaju, berkas dikirim dari HP dan dokumen jadi bisa diambil di kecamatan.\n\n"
                    "#AyoPakaiSiMaju #SiMajuMudah"
                ),
            ),
            (
                "reel",
                (
                    "Warga {desa} kini mengurus surat keterangan usaha tanpa ke kantor desa 🏡 "
                    "Semua lewat SiMaju, selesai dalam sehari.\n\n#AyoPakaiSiMaju #SiMajuMudah"
                ),
            ),
        ],
    },
}

# --- comments -----------------------------------------------------------------------------------
# Whole sentences as people write them under a regency's posts; generate.py picks one by mood and
# topic and may add a short opener or an emoji tail (only pieces that fit any sentence of that mood).

PRAISE = [
    "Mantul min, lanjutkan 👍",
    "Keren banget programnya",
    "Alhamdulillah, makin maju Sukamaju",
    "Mantap pemkab, gercep 🔥",
    "Salut sama timnya, kerja nyata",
    "Bagus ini, harus rutin diadain",
    "Terima kasih infonya min 🙏",
    "Semoga istiqomah ya programnya",
    "Bangga jadi warga Sukamaju",
    "Ini baru namanya pelayanan",
    "Videonya bagus, editornya jago",
    "Sukses terus Sukamaju!",
    "Sae pisan 👍",
    "Top markotop",
    "Setuju banget, lanjutkan min",
    "Sukamaju makin keren aja 😍",
    "Adminnya fast respon, mantap",
    "Semoga makin banyak yang ikut",
    "Akhirnya ada juga, udah lama ditunggu",
    "Kerennn, sukses buat semua panitia",
    "Info penting nih, makasih min",
    "Good job pemkab, pertahankan",
    "Ayo warga Sukamaju dukung terus",
    "Desainnya rapi, infonya jelas",
    "Semoga berkah buat semua 🤲",
]
QUESTIONS = [
    "Min, infonya ada di web juga gak?",
    "Kalau warga luar kecamatan boleh ikut gak min?",
    "Min ini berlaku sampai kapan ya?",
    "Syaratnya apa aja min?",
    "Ada narahubungnya gak min? 🙏",
    "Min kalau hari Minggu buka gak?",
    "Ini gratis kan min?",
    "Daftarnya lewat mana ya min?",
    "Min, boleh diwakilkan gak?",
    "Kuotanya masih ada min?",
    "Harus bawa fotokopi KK juga gak min?",
    "Min, jam berapa selesainya?",
    "Link pendaftarannya mana min? Di bio gak ada",
    "Min, anak sekolah boleh ikut?",
]
COMPLAINTS = [
    "Jalan di desa {desa} rusak parah, kapan diperbaiki? 😤",
    "Min, lampu PJU di {desa} udah mati sebulan, tolong ditindaklanjuti",
    "Pelayanannya lambat banget, kecewa",
    "Saya sudah lapor 2 minggu belum ada tanggapan min",
    "Sampah di pinggir jalan {desa} numpuk terus, baunya parah",
    "Antrean di kantor kecamatan kemarin panjang banget, sistemnya error mulu",
    "Tolong dong min drainase di {desa} tiap hujan banjir",
    "Sinyal di {desa} susah, gimana mau daftar online 😩",
    "Udah tiga kali ke kantor desa berkasnya kurang terus, capek",
    "Kapan PJU di jalan {desa} dipasang? Gelap banget tiap malam",
    "Min, air PDAM di {desa} mati dari kemarin",
    "Jalan ke {desa} licin dan berlubang, udah banyak yang jatuh motor",
    "Pengumumannya mepet banget, gak sempat siapin berkas",
    "Websitenya down terus min dari pagi",
    "Truk sampah udah seminggu gak lewat {desa}",
    "Parkir liar di depan pasar bikin macet tiap pagi",
]
SARCASM = [
    "Bagus sih, tapi jalan depan rumah saya kapan? 🙃",
    "Wah keren, semoga bukan cuma pas difoto aja ya",
    "Programnya banyak, realisasinya nanti dulu 😅",
    "Rajin posting, jalannya tetap bolong 🙂",
    "Mantap, tinggal nunggu tahun depan lagi ya 😂",
    "Acaranya bagus, pesertanya itu-itu aja 😅",
    "Kalau pas mau pemilu pasti cepet ya 🙃",
    "Foto-fotonya bagus, jalannya masih kayak dulu",
    "Mantap, semoga anggarannya juga transparan 🙂",
]
JAVANESE = [
    "Apik tenan, matur nuwun pak 🙏",
    "Mugi-mugi lancar sedanten",
    "Sip, ngono kuwi sing tak enteni",
    "Dalane mbok didandani pak, rusak banget",
    "Kapan ana maneh min?",
    "Mantep, lanjutke min",
    "Wis apik, ning dalan desa yo ojo dilalekke",
    "Matur nuwun infone min 🙏",
    "Leres niku, kudu dijaga bareng",
    "Mangga sami dijagi kebersihanipun",
]
ENGLISH = [
    "Great initiative! 👏",
    "Love this, proud of my hometown",
    "Nice program, hope it continues",
    "So beautiful 😍",
    "Finally, good job guys",
    "Can tourists join this too?",
    "Well done Sukamaju! 🙌",
    "This is so wholesome 🥹",
    "Need more programs like this",
    "Wow, didn't know this place exists",
]
EMOJI_ONLY = ["🔥🔥🔥", "👍👍", "😍😍", "🙏🙏🙏", "👏👏👏", "❤️", "💯", "🥰🥰", "👍🏻", "😂😂"]
TAGS = [
    "@{friend} yuk ikut",
    "@{friend} nih yang kamu cari kemarin",
    "@{friend} @{friend2} gas!",
    "@{friend} kesini yuk weekend",
    "@{friend} cek ini deh",
]

# Topic comments: pillar key or campaign/variant key -> (praise, questions).
TOPIC: dict[str, tuple[list[str], list[str]]] = {
    "governance": (
        ["Sekarang bikin KTP cepet, gak nyampe sejam", "Mantap ada layanan Sabtu, pas buat yang kerja"],
        ["Min kalau KTP hilang bisa diurus di sini juga?", "Min cetak KIA harus bawa apa aja?"],
    ),
    "branding": (
        ["Sukamaju ternyata indah banget 😍", "Wajib ke sini pas liburan", "Budaya kita keren, harus dijaga"],
        ["Min, tiket masuknya berapa?", "Parkirnya luas gak min?", "Ada penginapan di dekat situ gak?"],
    ),
    "economy": (
        ["Pasar murahnya ngebantu banget buat emak-emak", "Semoga UMKM Sukamaju makin laris"],
        ["Min, kuota pelatihannya masih ada?", "Pasar murah berikutnya di kecamatan mana min?"],
    ),
    "living": (
        ["Puskesmasnya sekarang ramah-ramah", "Alhamdulillah cek kesehatan gratis sangat membantu"],
        ["Posyandunya jam berapa min?", "Min, perbaikan jalannya sampai kapan?"],
    ),
    "society": (
        ["Anak saya seneng banget perpustakaan keliling datang", "Penting banget edukasi hoaks buat ortu"],
        ["Beasiswanya untuk kuliah di luar Sukamaju bisa min?", "WiFi gratisnya ada di balai desa mana aja?"],
    ),
    "environment": (
        ["Bank sampah mantul, lumayan buat tabungan", "Sungainya jadi bersih, semoga warga ikut jaga"],
        ["Min, bank sampah terdekat dari {desa} di mana?", "Truk sampah lewat jam berapa min?"],
    ),
    "menanam-pohon": (
        ["Ayo tanam pohon, biar Sukamaju adem 🌳", "Udah nanam 2 alpukat di depan rumah 🥑"],
        [
            "Min bibitnya bisa diambil di mana?",
            "Bibit duriannya masih ada gak min?",
            "Kalau mau nanam bareng satu RT daftar ke siapa min?",
        ],
    ),
    "menanam-pohon/testimoni": (
        [
            "Terharu liat ceritanya 😭🌳",
            "Semangat Bu Guru! Pohonnya jadi saksi",
            "Inspiratif banget, jadi pengen nanam",
        ],
        [],
    ),
    "umkm-ekspor": (
        ["Bangga produk lokal bisa ekspor 🇮🇩", "Keripiknya enak banget, udah pernah beli"],
        [
            "Min kapan pendaftarannya dibuka lagi?",
            "Kalau belum punya NIB bisa ikut gak min?",
            "Produk makanan rumahan bisa ikut kurasi gak?",
        ],
    ),
    "umkm-ekspor/cerita-umkm": (
        ["Dari dapur ke luar negeri, merinding bacanya", "Semoga menular ke UMKM lain 🙏"],
        ["Belinya di mana min produknya?"],
    ),
    "simaju": (
        ["Aplikasinya memudahkan banget, gak perlu bolos kerja", "Udah coba, surat pindah jadi 2 hari 👍"],
        [
            "Min SiMaju ada di iPhone gak?",
            "OTP-nya gak masuk-masuk min, gimana?",
            "Min kalau NIK belum terdaftar gimana?",
        ],
    ),
    "simaju/tutorial": (
        ["Tutorialnya jelas, makasih min", "Nah gini dong dijelasin step by step"],
        [],
    ),
}
OPENERS = {
    "praise": ["", "", "", "Wah ", "Wihh ", "Alhamdulillah, ", "Min, "],
    "question": ["", "", "Permisi, ", "Maaf mau tanya, ", "Halo min, "],
}
TAILS = {"praise": ["", "", "", " 👍", " 🙏", "!!", " ❤️"], "question": ["", "", " 🙏", "?", " min 🙏"]}

ADMIN_REPLIES = {
    "question": [
        "Halo Kak, terima kasih sudah bertanya 🙏 Informasi lengkap ada di link bio ya.",
        "Siap Kak, bisa datang langsung ke kantor kecamatan terdekat pada jam kerja ya 😊",
        "Halo Kak, silakan hubungi narahubung di poster atau kirim DM, nanti kami bantu 🙏",
    ],
    "complaint": [
        "Terima kasih laporannya, Kak. Sudah kami teruskan ke dinas terkait 🙏",
        "Halo Kak, mohon kirim detail lokasinya lewat DM agar segera kami tindak lanjuti 🙏",
        "Mohon maaf atas ketidaknyamanannya, Kak. Laporan bisa juga lewat SP4N-LAPOR agar statusnya bisa dipantau.",
    ],
    "praise": ["Terima kasih dukungannya, Kak! 🙌", "Aamiin, terima kasih Kak 🙏"],
}

# Made-up commenter handles are assembled from these pieces.
HANDLE_NAMES = [
    "dewi", "asep", "rina", "bayu", "siti", "eko", "yuni", "fajar", "lilis", "dimas", "nining",
    "agus", "wulan", "ujang", "tika", "joko", "nurul", "rizky", "putri", "hendra", "teteh", "kang",
]  # fmt: skip
HANDLE_TAILS = [
    "sukamaju", "cibening", "88", "_id", "07", "official", "pasirjaya", "2001", "kece", "story",
    "jr", "mekarwangi", "_rmdhn", "art", "99",
]  # fmt: skip

# --- replies the office posts on X to citizens' mentions ------------------------------------------
# (pillar, text); {who} is a made-up handle.

X_REPLIES: list[tuple[str, str]] = [
    (
        "living",
        (
            "@{who} Terima kasih laporannya, Kak 🙏 Jalan rusak di {desa} sudah kami teruskan ke "
            "Dinas PUPR dan masuk jadwal perbaikan jalan bulan ini."
        ),
    ),
    (
        "governance",
        (
            "@{who} Halo Kak, perekaman KTP-el bisa di Mal Pelayanan Publik atau kantor kecamatan "
            "pada jam kerja, tanpa biaya ya."
        ),
    ),
    ("economy", "@{who} Pasar murah berikutnya {day} di {venue}, Kak. Bawa kantong belanja sendiri ya 🛒"),
    (
        "environment",
        "@{who} Terima kasih infonya 🙏 Tim DLH akan mengangkut tumpukan sampah di {desa} besok pagi.",
    ),
    (
        "governance",
        (
            "@{who} Mohon maaf atas kendalanya, Kak. Pengaduan bisa dilanjutkan lewat SP4N-LAPOR "
            "agar bisa dipantau statusnya."
        ),
    ),
    ("living", "@{who} Call Center 112 gratis dan aktif 24 jam, Kak. Semoga lekas pulih 🙏"),
    (
        "society",
        "@{who} Halo Kak, pengumuman Beasiswa Sukamaju Cerdas dijadwalkan akhir bulan ini di laman resmi.",
    ),
    (
        "environment",
        (
            "@{who} Benar, Kak. Warga di sekitar bantaran sungai diminta waspada banjir sampai "
            "{day}. Darurat hubungi BPBD atau 112."
        ),
    ),
]
