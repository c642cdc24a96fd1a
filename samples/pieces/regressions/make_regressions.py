#!/usr/bin/env python3
"""Draws the OCR regression pieces: people of bench/national-stock/make_pieces.py
whose pieces the checks once got wrong, and a forged twin, with regressions.json.

    samples/pieces/regressions/make_regressions.py

- p0000 ID card 2021 (clean): document number 9JVJGTKWG, which Tesseract's
  models read "OJVJIGTKWG" whatever the scale (OCR-B '9' and 'J').
- the same card with a wrong document-number check digit (must never be accepted).
- p0003 RIB (clean): account 4780480M897 read "478048OM897" ('0' next to a letter).
- p0021 passport (phone photo): number M9SAA04EK read "M9SAAO4EK" by every reader.
- p0004 RIB (phone photo): the table's branch code 13523 read "19523" at the usual scale
  while the IBAN reads right; a second reading at another scale agrees with the IBAN.
- p0016 RIB (phone photo): holder MME CHLOÉ MARTIN read "MME CHLOÉË MARTIN"; a second
  reading at another scale reads the name right.
- p0003 RIB in layouts.py's "inline" layout (clean): the IBAN printed without spaces,
  FR08..., read "FRO08..." (one glyph too many); the table agrees with the IBAN once
  the extra glyph is dropped.
- p0009 certificate in the "letter" layout (clean): the level code DFASO2 read
  "DFASOZ2"; the words "5e année d'odontologie" on the same line name the level.
- p0014 certificate in the "form" layout (clean): INE 789341797JK read "7893417979K";
  a second reading at another scale reads the record's INE.
- p0030 RIB in the "columns" layout (clean): Tesseract reads the labels and their values
  as two blocks, far apart (rows put them back side by side), and reads the BIC
  CFFRFRPPXXX as "CFFREFRPPXXX"; a second reading at another scale reads it right.
- p0031 RIB in the "stacked" layout (clean, no table): the IBAN's "6M24" read "6GM24";
  a second reading at another scale reads the IBAN right (both checksums hold).
- p0009 certificate in the "bilingual" layout as a scanner's PDF: poppler's rendering of
  the page reads the level code DFASO2 as "DFASO?" (the JPEG itself reads right); the
  "(5e année / year 5)" beside it names the level.
- p0004 certificate in the "bilingual" layout scanned at 200 dpi (JPEG): DFASM2 read
  "DFASMP2"; the "(5e année / year 5)" beside it names the level.
- Layouts of the third held-out set (../layouts_held_out.py):
  - p0200 RIB "postale": "Titulaire du compte" and "Domiciliation" side by side, read
    as one line over the holder's and the agency's names.
  - p0213 RIB "lettre": a monospaced font whose dotted zero reads "@".
  - p0210 certificate "pegase": a header row over the student's row, and
    "Étape : 1ère année du DFASM" read "lère année".
  - p0207 certificate "pegase": INE 163538211ZS read "16353821127S", then
    "1635382117S" (well-formed, wrong) at another scale: a review, no reading taken.
  - p0241 RIB "lettre", forged: the table prints clé 67 where the IBAN (right)
    says 26; the table reads so at both scales.
Deterministic (same ImageMagick, same fonts): the files are committed.
"""
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "samples", "pieces"))
sys.path.insert(0, os.path.join(ROOT, "bench", "national-stock"))
import generate as g  # noqa: E402
import layouts  # noqa: E402
import layouts_held_out  # noqa: E402
import make_pieces  # noqa: E402

YEAR = "2026-2027"


def main():
    work = tempfile.mkdtemp()
    try:
        g.HERE = work
        os.makedirs(os.path.join(work, "clean"))
        people = {i: make_pieces.person(i, YEAR) for i in (0, 3, 21, 4, 16, 9, 14, 30, 31)}
        for p in people.values():
            g.PEOPLE[p["id"]] = p
        pieces = []

        def keep(src, name, kind, who, verdict, reasons):
            shutil.copy(src, os.path.join(HERE, name))
            pieces.append({"file": name, "kind": kind, "candidate": who + ".json", "verdict": verdict,
                           "reasons": reasons})

        p = people[0]
        path, _ = g.identity("p0000_identity", p["id"], p["document"], "cni", "2035-06-30")
        keep(path, "cni_p0000.png", "identity", p["id"], "accepted", [])
        path, _ = g.identity("p0000_identity_bad_check", p["id"], p["document"], "cni", "2035-06-30", corrupt=True)
        # Never accepted. Review, not rejected: only the glyph reader reads its
        # number as printed, the LSTM readings all differ, so nothing says the
        # print rather than the reading is wrong.
        keep(path, "cni_p0000_bad_check.png", "identity", p["id"], "review", ["mrz_check_digit"])
        p = people[3]
        path, _, _ = g.rib("p0003_bank", p["id"], *p["bank"])
        keep(path, "rib_p0003.png", "bank", p["id"], "accepted", [])
        p = people[21]
        path, _ = g.identity("p0021_identity", p["id"], p["document"], "passport", "2034-02-28")
        phone = os.path.join(work, "p0021_identity.jpg")
        make_pieces.phone_photo(path, phone)
        keep(phone, "passport_p0021_phone.jpg", "identity", p["id"], "accepted", [])
        for i in (4, 16):
            p = people[i]
            path, _, _ = g.rib(p["id"] + "_bank", p["id"], *p["bank"])
            phone = os.path.join(work, p["id"] + "_bank.jpg")
            make_pieces.phone_photo(path, phone)
            keep(phone, "rib_%s_phone.jpg" % p["id"], "bank", p["id"], "accepted", [])
        p = people[3]
        path = os.path.join(work, "p0003_bank_inline.png")
        key = g.rib_key(*p["bank"])
        layouts.rib(path, p, *p["bank"], key, g.make_iban(*p["bank"], key), "CFFRFRPPXXX",
                    make_pieces.holder_line(p, "inline"), "inline")
        keep(path, "rib_p0003_inline.png", "bank", p["id"], "accepted", [])
        for i, layout in ((30, "columns"), (31, "stacked")):
            p = people[i]
            path = os.path.join(work, "%s_bank_%s.png" % (p["id"], layout))
            key = g.rib_key(*p["bank"])
            layouts.rib(path, p, *p["bank"], key, g.make_iban(*p["bank"], key), "CFFRFRPPXXX",
                        make_pieces.holder_line(p, layout), layout)
            keep(path, "rib_%s_%s.png" % (p["id"], layout), "bank", p["id"], "accepted", [])
        for i, layout in ((9, "letter"), (14, "form")):
            p = people[i]
            path = os.path.join(work, "%s_enrollment_%s.png" % (p["id"], layout))
            layouts.certificate(path, p, YEAR, p["level"], p["level_text"], p["year_of_study"], p["ine"],
                                p["discipline"], layout)
            keep(path, "certificat_%s_%s.png" % (p["id"], layout), "enrollment", p["id"], "accepted", [])
        p = people[9]
        path = os.path.join(work, "p0009_enrollment_bilingual.png")
        layouts.certificate(path, p, YEAR, p["level"], p["level_text"], p["year_of_study"], p["ine"],
                            p["discipline"], "bilingual")
        scan = os.path.join(work, "p0009_enrollment_bilingual.jpg")
        g.convert([path, "-quality", "88"], scan)
        pdf = os.path.join(work, "p0009_enrollment_bilingual.pdf")
        g.image_only_pdf(scan, pdf, 300)
        keep(pdf, "certificat_p0009_bilingual_scan.pdf", "enrollment", p["id"], "accepted", [])
        p = people[4]
        path = os.path.join(work, "p0004_enrollment_bilingual.png")
        layouts.certificate(path, p, YEAR, p["level"], p["level_text"], p["year_of_study"], p["ine"],
                            p["discipline"], "bilingual")
        scan = os.path.join(work, "p0004_enrollment_bilingual_200dpi.jpg")
        g.convert([path, "-resize", "66.667%", "-density", "200", "-quality", "75"], scan)
        keep(scan, "certificat_p0004_bilingual_200dpi.jpg", "enrollment", p["id"], "accepted", [])
        for i in (200, 213, 210, 207, 241):
            people[i] = make_pieces.person(i, YEAR)
        for i, layout, verdict, reasons, key_printed in ((200, "postale", "accepted", [], None),
                                                         (213, "lettre", "accepted", [], None),
                                                         (241, "lettre", "rejected", ["rib_key_invalid"], "67")):
            p = people[i]
            key = g.rib_key(*p["bank"])
            path = os.path.join(work, "%s_bank_%s.png" % (p["id"], layout))
            layouts_held_out.rib(path, i, p, *p["bank"], key_printed or key, g.make_iban(*p["bank"], key), layout)
            name = "rib_%s_%s%s.png" % (p["id"], layout, "_forged_key" if key_printed else "")
            keep(path, name, "bank", p["id"], verdict, reasons)
        for i, verdict, reasons in ((210, "accepted", []), (207, "review", ["ine_invalid"])):
            p = people[i]
            path = os.path.join(work, "%s_enrollment_pegase.png" % p["id"])
            layouts_held_out.certificate(path, i, p, YEAR, "pegase")
            keep(path, "certificat_%s_pegase.png" % p["id"], "enrollment", p["id"], verdict, reasons)
        for p in people.values():
            with open(os.path.join(HERE, p["id"] + ".json"), "w") as f:
                record = {"surname": p["surname"], "given_names": p["given_names"], "birth_date": p["birth_date"]}
                if p["id"] == "p0014":  # the record's INE, which the certificate is held against
                    record["ine"] = p["ine"]
                json.dump(record, f, ensure_ascii=False)
                f.write("\n")
        with open(os.path.join(HERE, "regressions.json"), "w") as f:
            json.dump({"today": "2026-11-22", "campaign_year": YEAR, "pieces": pieces}, f, ensure_ascii=False,
                      indent=1)
            f.write("\n")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
