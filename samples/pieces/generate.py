#!/usr/bin/env python3
"""Generates the project's synthetic pieces (fictional people) and truth.json.

Standard library only, plus ImageMagick's `convert` (apt imagemagick) with the
OCR-B (apt fonts-ocr-b), DejaVu, Liberation (fonts-liberation) and URW
(fonts-urw-base35) fonts. Run from anywhere:
    samples/pieces/generate.py            # rewrites clean/, phone/, pdf/, hostile/, truth.json
Output is deterministic (fixed noise seed) so regenerating changes nothing.
"""
import json
import os
import struct
import subprocess
import zlib
import io
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
TODAY = "2025-11-15"
CAMPAIGN = "2025-2026"

# --- checksums (the same algorithms the C++ code implements) ---------------

def mrz_cd(text):
    total = 0
    for i, c in enumerate(text):
        v = 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)

def mrz_name(text):
    out = ""
    for c in text.upper():
        c = {"É": "E", "È": "E", "Ê": "E", "Ë": "E", "À": "A", "Â": "A", "Ä": "A", "Ï": "I", "Î": "I",
             "Ô": "O", "Ö": "O", "Ù": "U", "Û": "U", "Ü": "U", "Ç": "C", "Œ": "OE", "Æ": "AE"}.get(c, c)
        if c in "-  ":
            out += "<"
        elif c == "'":
            continue
        else:
            out += c
    return out

def pad(text, n):
    return (text + "<" * n)[:n]

def td1(doc_no, birth, sex, expiry, surname, given, corrupt=False):
    l1 = "IDFRA" + pad(doc_no, 9) + mrz_cd(pad(doc_no, 9)) + "<" * 15
    if corrupt:  # a wrong document-number check digit, everything else consistent
        l1 = l1[:14] + str((int(l1[14]) + 3) % 10) + l1[15:]
    l2 = birth + mrz_cd(birth) + sex + expiry + mrz_cd(expiry) + "FRA" + "<" * 11
    l2 += mrz_cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = pad(mrz_name(surname) + "<<" + "<".join(mrz_name(g) for g in given.split()), 30)
    return [l1, l2, l3]

def td3(doc_no, birth, sex, expiry, surname, given, nationality="FRA"):
    l1 = pad("P<" + nationality + mrz_name(surname) + "<<" + "<".join(mrz_name(g) for g in given.split()), 44)
    personal = "<" * 14
    l2 = pad(doc_no, 9) + mrz_cd(pad(doc_no, 9)) + nationality + birth + mrz_cd(birth) + sex + expiry
    l2 += mrz_cd(expiry) + personal + mrz_cd(personal).replace("0", "<")
    l2 += mrz_cd(l2[0:10] + l2[13:20] + l2[21:43])
    return [l1, l2]

def cni_old(doc_no, birth, sex, surname, given, office="692013"):
    l1 = "IDFRA" + pad(mrz_name(surname), 25) + office
    l2 = doc_no + mrz_cd(doc_no) + pad("<<".join(mrz_name(g) for g in given.split()), 14) + birth + mrz_cd(birth) + sex
    l2 += mrz_cd(l1 + l2)
    return [l1, l2]

def mod97(digits):
    return int(digits) % 97

def iban_digits(s):
    return "".join(c if c.isdigit() else str(ord(c) - 55) for c in s)

def make_iban(bank, branch, account, key):
    bban = bank + branch + account + key
    check = 98 - mod97(iban_digits(bban + "FR00"))
    return "FR%02d%s" % (check, bban)

def rib_key(bank, branch, account):
    table = {c: str(i + 1) for i, group in enumerate(["AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"]) for c in group}
    acc = "".join(table.get(c, c) for c in account)
    return "%02d" % (97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97)

def spaced(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))

# --- drawing -----------------------------------------------------------------

def convert(args, out):
    subprocess.run(["convert"] + args + [out], check=True)

def text(font, size, x, y, value, fill="black"):
    return ["-font", font, "-pointsize", str(size), "-fill", fill, "-annotate", "+%d+%d" % (x, y), value]

def card_image(out, w, h, tint, header, fields, mrz_lines, mrz_top):
    args = ["-size", "%dx%d" % (w, h), "gradient:white-%s" % tint, "-stroke", "none"]
    args += text(SANS_BOLD, 30, 40, 60, header[0], "#1a2a5a")
    args += text(SANS, 22, 40, 95, header[1], "#1a2a5a")
    args += ["-fill", "#c8c8c8", "-draw", "rectangle 40,120 280,%d" % (mrz_top - 40)]
    y = 145
    for label, value in fields:
        args += text(SANS, 17, 310, y, label, "#444444")
        args += text(SANS_BOLD, 26, 310, y + 30, value)
        y += 72
    for i, line in enumerate(mrz_lines):
        args += text(OCRB, 42, 45, mrz_top + 50 + i * 58, line)
    convert(args + ["-colorspace", "Gray", "-density", "300", "-units", "PixelsPerInch"], out)

def page_image(out, w, h, lines):
    args = ["-size", "%dx%d" % (w, h), "xc:white"]
    for font, size, x, y, value in lines:
        args += text(font, size, x, y, value)
    convert(args + ["-colorspace", "Gray", "-density", "300", "-units", "PixelsPerInch"], out)

def phone_version(src, out, angle, seed):
    """~200 dpi JPEG photo: on a table, turned a few degrees, uneven light, noise."""
    convert([src, "-resize", "66%", "-bordercolor", "#f4f4f4", "-border", "30",
             "-background", "#6b6258", "-rotate", str(angle), "-bordercolor", "#6b6258", "-border", "60",
             "(", "+clone", "-sparse-color", "Barycentric", "0,0 gray55 %w,%h white", ")",
             "-compose", "multiply", "-composite", "-seed", str(seed), "-attenuate", "0.35", "+noise", "Gaussian",
             "-blur", "0x0.5", "-quality", "84", "-strip"], out)

def image_only_pdf(jpeg_path, out, dpi):
    """A one-page PDF whose only content is the JPEG, as a scanner makes."""
    data = open(jpeg_path, "rb").read()
    w, h = jpeg_size(data)
    pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
    content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>" % (pw, ph),
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(data)) + data + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    write_pdf(out, objs)

def write_pdf(out, objs, root=1):
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        buf.write(b"%010d 00000 n \n" % off)
    buf.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref))
    open(out, "wb").write(buf.getvalue())

def jpeg_size(data):
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    raise ValueError("no SOF")

# --- the fictional people and their pieces ------------------------------------

PEOPLE = {
    "anais": {"surname": "LEFÈVRE-DUPRÉ", "given_names": "Anaïs Marie", "birth_date": "2001-03-14", "sex": "F"},
    "jean-noel": {"surname": "N'GUESSAN", "given_names": "Jean-Noël", "birth_date": "1999-11-02", "sex": "M"},
    "zoe": {"surname": "MÜLLER", "usage_name": "MARTIN", "given_names": "Zoé Héloïse", "birth_date": "2000-07-21", "sex": "F"},
    "remi": {"surname": "DE SAINT-AUBIN", "given_names": "Rémi François", "birth_date": "1998-05-30", "sex": "M"},
}

def yymmdd(iso):
    return iso[2:4] + iso[5:7] + iso[8:10]

def fr_date(iso):
    return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]

def identity(name, who, doc, kind="cni", expiry="2033-06-30", corrupt=False):
    p = PEOPLE[who]
    given = p["given_names"]
    fields = [("NOM / Surname", p["surname"]), ("Prénoms / Given names", given.replace(" ", ", ")),
              ("Sexe / Sex   Nationalité", p["sex"] + "    FRA"), ("Date de naissance", fr_date(p["birth_date"]))]
    out = os.path.join(HERE, "clean", name + ".png")
    if kind == "cni":
        lines = td1(doc, yymmdd(p["birth_date"]), p["sex"], yymmdd(expiry), p["surname"], given, corrupt)
        fields.append(("N° du document   Date d'expiration", doc + "   " + fr_date(expiry)))
        card_image(out, 1011, 638, "#d9e4f2", ("RÉPUBLIQUE FRANÇAISE", "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD"),
                   fields[:3], lines, 430)
    elif kind == "passport":
        lines = td3(doc, yymmdd(p["birth_date"]), p["sex"], yymmdd(expiry), p["surname"], given)
        fields.append(("Passeport N°   Date d'expiration", doc + "   " + fr_date(expiry)))
        card_image(out, 1476, 1039, "#e8dcef", ("RÉPUBLIQUE FRANÇAISE", "PASSEPORT / PASSPORT"), fields, lines, 880)
    else:
        lines = cni_old(doc, yymmdd(p["birth_date"]), p["sex"], p["surname"], given)
        card_image(out, 1240, 874, "#eadfc8", ("RÉPUBLIQUE FRANÇAISE", "CARTE NATIONALE D'IDENTITÉ"), fields, lines, 720)
    return out, lines

def rib(name, who, bank, branch, account, key=None, bic="CFFRFRPPXXX", iban_override=None, holder=None):
    p = PEOPLE[who]
    key = key or rib_key(bank, branch, account)
    iban = iban_override or make_iban(bank, branch, account, key)
    civ = "MME" if p["sex"] == "F" else "M."
    holder = holder or "%s %s %s" % (civ, p["given_names"].split()[0].upper(), p.get("usage_name") or p["surname"])
    out = os.path.join(HERE, "clean", name + ".png")
    page_image(out, 2480, 1400, [
        (SANS_BOLD, 64, 150, 200, "RELEVÉ D'IDENTITÉ BANCAIRE"),
        (SANS, 46, 150, 320, "Banque : Crédit Fictif de France"),
        (SANS, 46, 150, 400, "Titulaire du compte : " + holder),
        (SANS, 46, 150, 480, "Domiciliation : CFF Valmont Centre"),
        (SANS, 40, 150, 620, "Code banque     Code guichet     Numéro de compte     Clé RIB"),
        (SANS, 46, 150, 700, "%s             %s              %s            %s" % (bank, branch, account, key)),
        (SANS, 46, 150, 840, "IBAN : " + spaced(iban)),
        (SANS, 46, 150, 920, "BIC : " + bic),
    ])
    return out, iban, key

def certificate(name, who, year, level_code, level_text, ine, faculty="UFR de Médecine"):
    p = PEOPLE[who]
    out = os.path.join(HERE, "clean", name + ".png")
    page_image(out, 2480, 2300, [
        (SERIF, 60, 150, 220, "UNIVERSITÉ DE VALMONT"),
        (SERIF, 48, 150, 300, faculty),
        (SANS_BOLD, 64, 600, 500, "CERTIFICAT DE SCOLARITÉ"),
        (SANS, 46, 150, 640, "Année universitaire " + year),
        (SANS, 46, 150, 780, "Le doyen certifie que l'étudiant(e) :"),
        (SANS, 46, 150, 880, "Nom : " + p["surname"]),
        (SANS, 46, 150, 960, "Prénom(s) : " + p["given_names"]),
        (SANS, 46, 150, 1040, "Né(e) le : " + fr_date(p["birth_date"])),
        (SANS, 46, 150, 1120, "N° INE : " + ine),
        (SANS, 46, 150, 1260, "est régulièrement inscrit(e) en " + level_code),
        (SANS, 46, 150, 1340, level_text),
        (SANS, 46, 150, 1500, "Fait à Valmont, le 15/09/" + year[:4]),
    ])
    return out

def candidate_file(who):
    p = PEOPLE[who]
    path = os.path.join(HERE, "candidates", who + ".json")
    data = {k: p[k] for k in ("surname", "given_names", "birth_date")}
    if "usage_name" in p:
        data["usage_name"] = p["usage_name"]
    open(path, "w").write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return os.path.relpath(path, HERE)

def main():
    for d in ("clean", "phone", "pdf", "rotated", "hostile", "candidates"):
        os.makedirs(os.path.join(HERE, d), exist_ok=True)
    pieces = []

    def add(path, kind, who, verdict, reasons, fields):
        pieces.append({"files": [os.path.relpath(path, HERE)], "kind": kind, "candidate": candidate_file(who),
                       "verdict": verdict, "reasons": reasons, "fields": fields})

    def variants(path, kind, who, verdict, reasons, fields, seed, phone=True, pdf=False):
        add(path, kind, who, verdict, reasons, fields)
        base = os.path.splitext(os.path.basename(path))[0]
        if phone or pdf:
            jpg = os.path.join(HERE, "phone", base + ".jpg")
            phone_version(path, jpg, (-1) ** seed * (1.5 + seed % 3), seed)
            if phone:
                add(jpg, kind, who, verdict, reasons, fields)
            if pdf:
                scan = os.path.join(HERE, "pdf", base + ".jpg")
                convert([path, "-quality", "88"], scan)
                out = os.path.join(HERE, "pdf", base + ".pdf")
                image_only_pdf(scan, out, 300)
                os.remove(scan)
                add(out, kind, who, verdict, reasons, fields)
            if not phone:
                os.remove(jpg)

    # Identity pieces.
    path, lines = identity("cni_anais", "anais", "X4RTBPFW4", "cni", "2031-03-13")
    variants(path, "identity", "anais", "accepted", [],
             {"document_type": "cni", "surname": "LEFEVRE DUPRE", "given_names": "ANAIS MARIE", "birth_date": "2001-03-14",
              "document_number": "X4RTBPFW4", "expiry_date": "2031-03-13", "sex": "F", "mrz": lines}, 1, pdf=True)
    path, lines = identity("cni_anais_bad_check", "anais", "X4RTBPFW4", "cni", "2031-03-13", corrupt=True)
    variants(path, "identity", "anais", "rejected", ["mrz_check_digit"], {"document_type": "cni"}, 2)
    path, lines = identity("cni_remi_expired", "remi", "T7Y2K9LQ3", "cni", "2024-05-01")
    variants(path, "identity", "remi", "rejected", ["expired"], {"document_type": "cni", "expiry_date": "2024-05-01"}, 3)
    path, lines = identity("passport_zoe", "zoe", "21AB12345", "passport", "2030-10-04")
    variants(path, "identity", "zoe", "accepted", [],
             {"document_type": "passport", "surname": "MULLER", "given_names": "ZOE HELOISE", "birth_date": "2000-07-21",
              "document_number": "21AB12345", "expiry_date": "2030-10-04", "mrz": lines}, 4)
    path, lines = identity("cni_old_jean_noel", "jean-noel", "190369201234", "cni_old")
    variants(path, "identity", "jean-noel", "accepted", [],
             {"document_type": "cni_old", "surname": "NGUESSAN", "given_names": "JEAN NOEL", "birth_date": "1999-11-02",
              "document_number": "190369201234", "mrz": lines}, 5)
    # The right card for the wrong person.
    add(os.path.join(HERE, "clean", "cni_anais.png"), "identity", "remi", "rejected", ["name_mismatch", "birth_date_mismatch"], {})

    # Bank pieces.
    path, iban, key = rib("rib_anais", "anais", "30006", "00001", "12345678901")
    variants(path, "bank", "anais", "accepted", [],
             {"iban": iban, "bic": "CFFRFRPPXXX", "bank_code": "30006", "branch_code": "00001",
              "account_number": "12345678901", "rib_key": key}, 6, pdf=True)
    path, iban, key = rib("rib_zoe_letters", "zoe", "20041", "01005", "0500013M026")
    variants(path, "bank", "zoe", "accepted", [], {"iban": iban, "account_number": "0500013M026", "rib_key": key}, 7)
    good = make_iban("17515", "90000", "08123456789", rib_key("17515", "90000", "08123456789"))
    bad_iban = good[:10] + str((int(good[10]) + 1) % 10) + good[11:]
    path, iban, key = rib("rib_remi_bad_iban", "remi", "17515", "90000", "08123456789", iban_override=bad_iban)
    variants(path, "bank", "remi", "rejected", ["iban_invalid"], {"iban": bad_iban}, 8)
    wrong_key = "%02d" % ((int(rib_key("10278", "07300", "00020112345")) + 7) % 97)
    path, iban, key = rib("rib_jean_noel_bad_key", "jean-noel", "10278", "07300", "00020112345", key=wrong_key)
    variants(path, "bank", "jean-noel", "rejected", ["rib_key_invalid"], {"rib_key": wrong_key}, 9)
    path, iban, key = rib("rib_anais_other_holder", "anais", "30006", "00001", "98765432109", holder="M. PAUL DURAND")
    variants(path, "bank", "anais", "rejected", ["holder_mismatch"], {}, 10, phone=False)

    # Enrollment certificates.
    path = certificate("certificat_anais", "anais", CAMPAIGN, "DFASM2",
                       "Diplôme de formation approfondie en sciences médicales, 2e année", "0912345678K")
    variants(path, "enrollment", "anais", "accepted", [],
             {"academic_year": CAMPAIGN, "level": "DFASM2", "ine": "0912345678K", "surname": "LEFÈVRE-DUPRÉ",
              "birth_date": "2001-03-14", "institution": "UNIVERSITÉ DE VALMONT"}, 11, pdf=True)
    path = certificate("certificat_remi_wrong_year", "remi", "2024-2025", "DFASM3",
                       "Diplôme de formation approfondie en sciences médicales, 3e année", "123456789AB")
    variants(path, "enrollment", "remi", "rejected", ["wrong_academic_year"], {"academic_year": "2024-2025"}, 12)
    path = certificate("certificat_jean_noel_dfgsm", "jean-noel", CAMPAIGN, "DFGSM2",
                       "Diplôme de formation générale en sciences médicales, 2e année", "0123456789X")
    variants(path, "enrollment", "jean-noel", "rejected", ["level_not_eligible"], {"level": "DFGSM2"}, 13)
    path = certificate("certificat_zoe_odonto", "zoe", CAMPAIGN, "DFASO1",
                       "Diplôme de formation approfondie en sciences odontologiques, 1re année", "234567890CD",
                       faculty="UFR d'Odontologie")
    variants(path, "enrollment", "zoe", "accepted", [], {"level": "DFASO1", "ine": "234567890CD"}, 14, phone=False)

    # Other layouts (layouts.py): other fonts, wordings and tables than the
    # ones above, which the checks were first written against.
    import layouts

    def layout_rib(name, who, layout, bank, branch, account, holder, bic, key=None):
        key = key or rib_key(bank, branch, account)
        iban = make_iban(bank, branch, account, key)
        path = os.path.join(HERE, "clean", name + ".png")
        layouts.rib(path, PEOPLE[who], bank, branch, account, key, iban, bic, holder, layout)
        return path, iban, key

    def layout_certificate(name, who, layout, year, level, year_of_study, ine, discipline="medecine"):
        long_forms = {"DFASM1": "Diplôme de formation approfondie en sciences médicales, 1re année",
                      "DFASM3": "Diplôme de formation approfondie en sciences médicales, 3e année",
                      "DFASO2": "Diplôme de formation approfondie en sciences odontologiques, 2e année"}
        path = os.path.join(HERE, "clean", name + ".png")
        layouts.certificate(path, PEOPLE[who], year, level, long_forms[level], year_of_study, ine, discipline, layout)
        return path

    path, iban, key = layout_rib("rib_anais_boxed", "anais", "boxed", "30004", "00822", "00010239744",
                                 "Mme Anaïs LEFÈVRE-DUPRÉ", "BNPAFRPP")
    variants(path, "bank", "anais", "accepted", [],
             {"iban": iban, "bic": "BNPAFRPP", "bank_code": "30004", "branch_code": "00822",
              "account_number": "00010239744", "rib_key": key}, 15)
    wrong_key = "%02d" % ((int(rib_key("10278", "07300", "00020112345")) + 11) % 97)
    path, iban, key = layout_rib("rib_jean_noel_inline_bad_key", "jean-noel", "inline", "10278", "07300",
                                 "00020112345", "M. N'GUESSAN JEAN-NOËL", "CMCIFR2A", key=wrong_key)
    variants(path, "bank", "jean-noel", "rejected", ["rib_key_invalid"], {"rib_key": wrong_key}, 16, phone=False)
    path = layout_certificate("certificat_zoe_letter", "zoe", "letter", CAMPAIGN, "DFASO2", 5, "345678901EF",
                              "odontologie")
    variants(path, "enrollment", "zoe", "accepted", [],
             {"level": "DFASO2", "ine": "345678901EF", "birth_date": "2000-07-21", "academic_year": CAMPAIGN}, 17)
    path = layout_certificate("certificat_remi_form_wrong_year", "remi", "form", "2024-2025", "DFASM3", 6,
                              "456789012GH")
    variants(path, "enrollment", "remi", "rejected", ["wrong_academic_year"], {"academic_year": "2024-2025"}, 18,
             phone=False)
    # Labels and values in two columns, which Tesseract reads as two blocks.
    path, iban, key = layout_rib("rib_zoe_columns", "zoe", "columns", "20041", "01005", "0612345K021",
                                 "MME ZOÉ MARTIN", "PSSTFRPPXXX")
    variants(path, "bank", "zoe", "accepted", [],
             {"iban": iban, "bic": "PSSTFRPPXXX", "holder": "MME ZOÉ MARTIN", "bank_code": "20041",
              "branch_code": "01005", "account_number": "0612345K021", "rib_key": key}, 20)
    path = layout_certificate("certificat_jean_noel_attestation", "jean-noel", "attestation", CAMPAIGN, "DFASM1", 4,
                              "0123456789X")
    variants(path, "enrollment", "jean-noel", "accepted", [],
             {"level": "DFASM1", "ine": "0123456789X", "birth_date": "1999-11-02", "academic_year": CAMPAIGN}, 21)
    # Every label above its value, no table; bilingual labels, an ISO birth date.
    path, iban, key = layout_rib("rib_remi_stacked", "remi", "stacked", "30002", "00550", "0000157841Z",
                                 "M. RÉMI DE SAINT-AUBIN", "CRLYFRPPXXX")
    # Its account's final Z reads as a 2, which fails both checksums: a human looks.
    variants(path, "bank", "remi", "review", ["iban_invalid"], {"bic": "CRLYFRPPXXX"}, 22, phone=False)
    path = layout_certificate("certificat_anais_bilingual", "anais", "bilingual", CAMPAIGN, "DFASM1", 4,
                              "0912345678K")
    variants(path, "enrollment", "anais", "accepted", [],
             {"level": "DFASM1", "ine": "0912345678K", "birth_date": "2001-03-14"}, 23,
             phone=False)
    # A letter naming another student: nobody to compare with the candidate.
    other = dict(PEOPLE["anais"], surname="DURAND", given_names="Claire")
    PEOPLE["claire"] = other
    path = layout_certificate("certificat_anais_letter_other_student", "claire", "letter", CAMPAIGN, "DFASM1", 4,
                              "0912345678K")
    del PEOPLE["claire"]
    variants(path, "enrollment", "anais", "review", ["name_mismatch"], {}, 19, phone=False)

    # Pieces turned a quarter or a half turn (a scan fed sideways, a photo
    # taken upside down), with no EXIF tag to say so: the checker must find
    # the orientation itself. Same truth as the upright piece they come from.
    for source, degrees in (("clean/cni_anais.png", 90), ("phone/cni_old_jean_noel.jpg", 270),
                            ("phone/passport_zoe.jpg", 180), ("clean/rib_anais.png", 180),
                            ("clean/rib_remi_bad_iban.png", 90), ("clean/certificat_anais.png", 270)):
        upright = next(p for p in pieces if p["files"] == [source])
        base, ext = os.path.splitext(os.path.basename(source))
        out = os.path.join(HERE, "rotated", "%s_%d%s" % (base, degrees, ext))
        convert([os.path.join(HERE, source), "-rotate", str(degrees), "-strip"] + (["-quality", "84"] if ext == ".jpg" else []),
                out)
        pieces.append(dict(upright, files=[os.path.relpath(out, HERE)], rotation=degrees))

    hostile = make_hostile()
    truth = {"today": TODAY, "campaign_year": CAMPAIGN, "pieces": pieces, "hostile": hostile}
    open(os.path.join(HERE, "truth.json"), "w").write(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def make_hostile():
    d = os.path.join(HERE, "hostile")
    out = []

    def put(name, data, reason):
        open(os.path.join(d, name), "wb").write(data)
        out.append({"file": "hostile/" + name, "reason": reason})

    put("empty.pdf", b"", "unreadable")
    clean_png = open(os.path.join(HERE, "clean", "cni_anais.png"), "rb").read()
    put("truncated.png", clean_png[:len(clean_png) // 3], "unreadable")
    pdf = open(os.path.join(HERE, "pdf", "cni_anais.pdf"), "rb").read()
    put("truncated.pdf", pdf[:len(pdf) // 2], "unreadable")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("rib.txt", "not a pdf")
    put("zip_named.pdf", zbuf.getvalue(), "unsupported_type")
    # A 100000 x 100000 PNG whose header is valid: decoding it would need 10 GB.
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 100001 * 4, 9)
    put("bomb.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""),
        "too_many_pixels")
    # 200 real (blank) pages.
    n = 200
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + i) for i in range(n)) + b"] /Count %d >>" % n]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    buf_path = os.path.join(d, "many_pages.pdf")
    write_pdf(buf_path, objs)
    out.append({"file": "hostile/many_pages.pdf", "reason": "too_many_pages"})
    # A page of 20 x 20 metres: rendering it would be a pixel bomb.
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 1 >>"]
    write_pdf(os.path.join(d, "huge_page.pdf"), objs)
    out.append({"file": "hostile/huge_page.pdf", "reason": "too_many_pixels"})
    put("text_named.jpg", "Titulaire : M. DUPONT\nIBAN FR76...\n".encode(), "unsupported_type")
    put("animation.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "unsupported_type")
    put("jpeg_header_only.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", "unreadable")
    return out

if __name__ == "__main__":
    main()
