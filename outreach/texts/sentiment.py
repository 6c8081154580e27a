"""Texts of `outreach sentiment` and `outreach score-text`: counts, the review sheet, corrections,
training, and the errors of each (they name the file, row and column, and the fix)."""

TEXTS = {
    "en": {
        "scored": "Scored {comments} comments and {captions} captions with model {model}.",
        "comments": "Comments: {positive} positive, {neutral} neutral, {negative} negative ({corrected} corrected "
                    "by officers); net sentiment {net} = (positive - negative) / (positive + negative).",
        "not_available": "n/a",
        "review_wrote": "Wrote {n} comments to {path}; fill in corrected_label, then: outreach sentiment import {path}",
        "review_empty": "Wrote an empty sheet to {path}: no scored, uncorrected comments "
                        "(run: outreach sentiment score)",
        "imported": "Stored {n} corrections from {path}; they win over the model in counts and net sentiment.",
        "training": "Training on {texts} SmSA texts and {corrections} corrections ...",
        "trained": "Wrote model {version} to {path} ({n} corrections); `outreach sentiment score` now uses it. "
                   "Run: outreach sentiment score --rescore",
        "text_scored": "Scored {n} rows of {path} with model {model}; wrote {out}.",
        "err_model_missing": "the local sentiment model {path} is missing; run `outreach sentiment train` again, "
                             "or add --shipped-model to use the shipped model",
        "err_write": "cannot write {path}: {reason}; choose another --out path",
        "err_read": "cannot read {path}: {reason}",
        "err_utf8": "{path}, line {line}: not UTF-8 text; save the file as 'CSV UTF-8' and try again",
        "err_columns": "{path}: no column {missing} (found: {found}); use the sheet written by "
                       "`outreach sentiment review`",
        "or": " or ",
        "none": "none",
        "err_label": "{path}: row {row}, column corrected_label: '{value}' is not a label; use {labels} "
                     "(or positif, netral, negatif), or leave it blank",
        "err_comment_id": "{path}: row {row}, column comment_id: '{value}' is not a comment id; use the ids from "
                          "`outreach sentiment review`",
        "err_unknown_comment": "{path}: row {row}, column comment_id: no comment with id {id} in this database; "
                               "use the ids from `outreach sentiment review` on the same database",
        "err_not_label": "'{value}' is not a label; use positive, neutral or negative",
        "err_no_comment": "no comment with id {id} in this database",
        "err_sklearn": "training needs scikit-learn; install it with: pip install 'outreach[train]'",
        "err_smsa": "give the SmSA training data with --smsa DIR (the folder with train_preprocess.tsv from "
                    "IndoNLU's dataset/smsa_doc-sentiment-prosa), or set OUTREACH_SMSA_DIR",
        "err_smsa_file": "{path} not found; --smsa must be the folder holding train_preprocess.tsv",
        "err_same_file": "--out {out} is the input file; write to another file",
        "err_text_column": "{path} has no column '{column}'; its columns are: {columns} (use --column)",
    },
    "id": {
        "scored": "{comments} komentar dan {captions} keterangan dinilai dengan model {model}.",
        "comments": "Komentar: {positive} positif, {neutral} netral, {negative} negatif ({corrected} dikoreksi "
                    "petugas); sentimen bersih {net} = (positif - negatif) / (positif + negatif).",
        "not_available": "t/a",
        "review_wrote": "{n} komentar ditulis ke {path}; isi corrected_label, lalu: outreach sentiment import {path}",
        "review_empty": "Lembar kosong ditulis ke {path}: tidak ada komentar yang sudah dinilai dan belum "
                        "dikoreksi (jalankan: outreach sentiment score)",
        "imported": "{n} koreksi dari {path} disimpan; koreksi mengalahkan model dalam hitungan dan "
                    "sentimen bersih.",
        "training": "Melatih dengan {texts} teks SmSA dan {corrections} koreksi ...",
        "trained": "Model {version} ditulis ke {path} ({n} koreksi); `outreach sentiment score` kini memakainya. "
                   "Jalankan: outreach sentiment score --rescore",
        "text_scored": "{n} baris dari {path} dinilai dengan model {model}; {out} ditulis.",
        "err_model_missing": "model sentimen lokal {path} tidak ada; jalankan `outreach sentiment train` lagi, "
                             "atau tambahkan --shipped-model untuk memakai model bawaan",
        "err_write": "tidak bisa menulis {path}: {reason}; pilih path --out lain",
        "err_read": "tidak bisa membaca {path}: {reason}",
        "err_utf8": "{path}, baris {line}: bukan teks UTF-8; simpan berkas sebagai 'CSV UTF-8' lalu coba lagi",
        "err_columns": "{path}: tidak ada kolom {missing} (yang ada: {found}); gunakan lembar dari "
                       "`outreach sentiment review`",
        "or": " atau ",
        "none": "tidak ada",
        "err_label": "{path}: baris {row}, kolom corrected_label: '{value}' bukan label; gunakan {labels} "
                     "(atau positif, netral, negatif), atau biarkan kosong",
        "err_comment_id": "{path}: baris {row}, kolom comment_id: '{value}' bukan id komentar; gunakan id dari "
                          "`outreach sentiment review`",
        "err_unknown_comment": "{path}: baris {row}, kolom comment_id: tidak ada komentar dengan id {id} di "
                               "basis data ini; gunakan id dari `outreach sentiment review` pada basis data "
                               "yang sama",
        "err_not_label": "'{value}' bukan label; gunakan positive, neutral atau negative",
        "err_no_comment": "tidak ada komentar dengan id {id} di basis data ini",
        "err_sklearn": "pelatihan memerlukan scikit-learn; pasang dengan: pip install 'outreach[train]'",
        "err_smsa": "berikan data latih SmSA dengan --smsa DIR (folder berisi train_preprocess.tsv dari "
                    "dataset/smsa_doc-sentiment-prosa IndoNLU), atau atur OUTREACH_SMSA_DIR",
        "err_smsa_file": "{path} tidak ditemukan; --smsa harus folder yang berisi train_preprocess.tsv",
        "err_same_file": "--out {out} adalah berkas masukan; tulis ke berkas lain",
        "err_text_column": "{path} tidak punya kolom '{column}'; kolomnya: {columns} (gunakan --column)",
    },
}  # fmt: skip
