#!/usr/bin/env python3
"""Other layouts of the same pieces: other fonts, wordings, tables.

The checks were first written against the layouts of generate.py; real RIBs
and certificates come from hundreds of banks and universities. These layouts
(drawn like generate.py's, with ImageMagick, from Debian's Liberation and
URW fonts) say how the checks carry over:

  rib "boxed"       labels on their own lines, the holder under "Intitulé du
                    compte", a ruled table, an 8-letter BIC
  rib "inline"      serif, "Code banque : 30006  Code guichet : ..." on label
                    lines, the IBAN printed without spaces, "Code BIC"
  certificate "letter"  a letter: the student named without a label, the
                    birth date in words ("née le 4 mars 2001 à Lyon"),
                    "4e année" with its code
  certificate "form"    a form: labels without colons, a local student
                    number beside the INE, the year as 2027/2028
  rib "columns"     labels in one column, values in another (Tesseract reads
                    them as two blocks), no "RIB" title
  certificate "attestation"  "attestation de scolarité", the student after
                    "Étudiant(e) :", "Date et lieu de naissance", the level in
                    words only

  rib "stacked"      every label above its value, no table, narrow font
  certificate "bilingual"  "Nom / Surname : X", an ISO birth date, the level
                    as "DFASM1 (4e année / year 4)"

Each pair after the first was held out: drawn for 40 people and measured
once before the checks were changed for it. "columns"/"attestation": 182/240
before, 239/240 after; "stacked"/"bilingual": 159/240 before, 238/240 after
(bench/RESULTS.md).

generate.py draws a few samples with them, bench/national-stock/make_pieces.py
a pool (`--layouts other`); `python3 layouts.py OUT` draws one of each.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402

LIB_SANS = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
LIB_SANS_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
LIB_SERIF = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
LIB_SERIF_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"
HELVETICA = "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"
HELVETICA_BOLD = "/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf"
PALATINO = "/usr/share/fonts/opentype/urw-base35/P052-Roman.otf"
PALATINO_BOLD = "/usr/share/fonts/opentype/urw-base35/P052-Bold.otf"
NARROW = "/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Regular.otf"
NARROW_BOLD = "/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Bold.otf"
CENTURY = "/usr/share/fonts/opentype/urw-base35/C059-Roman.otf"
CENTURY_BOLD = "/usr/share/fonts/opentype/urw-base35/C059-Bold.otf"

RIB_LAYOUTS = ("boxed", "inline", "columns", "stacked")
CERTIFICATE_LAYOUTS = ("letter", "form", "attestation", "bilingual")

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def words_date(iso):
    day = int(iso[8:10])
    return "%s %s %s" % ("1er" if day == 1 else str(day), MONTHS[int(iso[5:7]) - 1], iso[0:4])


def title_case(given_names):
    return " ".join(w[:1].upper() + w[1:].lower() for w in given_names.split())


def draw_page(out, w, h, texts, rectangles=()):
    args = ["-size", "%dx%d" % (w, h), "xc:white", "-fill", "none", "-stroke", "black", "-strokewidth", "3"]
    for x0, y0, x1, y1 in rectangles:
        args += ["-draw", "rectangle %d,%d %d,%d" % (x0, y0, x1, y1)]
    args += ["-stroke", "none"]
    for font, size, x, y, value in texts:
        args += g.text(font, size, x, y, value)
    g.convert(args + ["-colorspace", "Gray", "-density", "300", "-units", "PixelsPerInch"], out)


def rib(out, p, bank, branch, account, key, iban, bic, holder, layout):
    """Draws `p`'s RIB in `layout` to `out` (PNG)."""
    if layout == "boxed":
        cells = [("Banque", bank, 150, 520), ("Guichet", branch, 520, 890), ("N° de compte", account, 890, 1560),
                 ("Clé", key, 1560, 1780)]
        texts = [
            (LIB_SANS_BOLD, 58, 150, 190, "Relevé d'Identité Bancaire"),
            (LIB_SANS, 40, 150, 290, "BANQUE FICTIVE DU CENTRE - Agence de Valmont"),
            (LIB_SANS_BOLD, 40, 150, 400, "Intitulé du compte"),
            (LIB_SANS, 44, 150, 465, holder),
            (LIB_SANS, 40, 150, 530, "12 rue des Tilleuls 35000 VALMONT"),
        ]
        for label, value, x0, _ in cells:
            texts += [(LIB_SANS, 34, x0 + 25, 690, label), (LIB_SANS, 44, x0 + 25, 790, value)]
        texts += [
            (LIB_SANS_BOLD, 38, 150, 930, "IBAN (International Bank Account Number)"),
            (LIB_SANS, 46, 150, 1000, g.spaced(iban)),
            (LIB_SANS_BOLD, 38, 150, 1110, "BIC (Bank Identifier Code)"),
            (LIB_SANS, 46, 150, 1180, bic),
        ]
        boxes = [(x0, 630, x1, 820) for _, _, x0, x1 in cells] + [(x0, 630, x1, 715) for _, _, x0, x1 in cells]
        draw_page(out, 2480, 1350, texts, boxes)
    elif layout == "inline":
        draw_page(out, 2480, 1300, [
            (LIB_SERIF_BOLD, 60, 150, 190, "RELEVÉ D'IDENTITÉ BANCAIRE"),
            (LIB_SERIF, 46, 150, 300, "Titulaire : " + holder),
            (LIB_SERIF, 46, 150, 380, "Établissement : Caisse Fictive de l'Ouest"),
            (LIB_SERIF, 46, 150, 500, "Code banque : %s      Code guichet : %s" % (bank, branch)),
            (LIB_SERIF, 46, 150, 580, "Numéro de compte : %s      Clé RIB : %s" % (account, key)),
            (LIB_SERIF, 46, 150, 720, "IBAN " + iban),
            (LIB_SERIF, 46, 150, 800, "Code BIC : " + bic),
            (LIB_SERIF, 38, 150, 940, "Domiciliation : CFO VALMONT GARE"),
        ])
    elif layout == "columns":
        texts = [
            (HELVETICA_BOLD, 50, 150, 180, "BANQUE POSTALE FICTIVE"),
            (HELVETICA, 40, 150, 250, "Relevé d'identité bancaire / IBAN"),
        ]
        for i, (label, value) in enumerate((("Titulaire du compte", holder),
                                            ("Domiciliation", "LA BANQUE POSTALE FICTIVE - CENTRE FINANCIER"))):
            texts += [(HELVETICA, 40, 150, 400 + i * 80, label), (HELVETICA, 44, 800, 400 + i * 80, value)]
        texts += [(HELVETICA_BOLD, 40, 150, 640, "Références bancaires")]
        for x, label, value in ((150, "Banque", bank), (500, "Guichet", branch), (850, "N° compte", account),
                                (1350, "Clé", key)):
            texts += [(HELVETICA, 36, x, 720, label), (HELVETICA, 44, x, 790, value)]
        texts += [(HELVETICA, 40, 150, 930, "IBAN"), (HELVETICA, 44, 800, 930, g.spaced(iban)),
                  (HELVETICA, 40, 150, 1010, "BIC"), (HELVETICA, 44, 800, 1010, bic)]
        draw_page(out, 2480, 1200, texts)
    elif layout == "stacked":
        texts = [(NARROW_BOLD, 56, 150, 180, "Coordonnées bancaires"),
                 (NARROW, 38, 150, 240, "Document à remettre à votre employeur ou organisme payeur")]
        y = 360
        for label, value in (("Titulaire", holder), ("IBAN", g.spaced(iban)), ("BIC", bic),
                             ("Banque", "Crédit Fictif Mutuel - Agence Montclar")):
            texts += [(NARROW_BOLD, 38, 150, y, label), (NARROW, 46, 150, y + 62, value)]
            y += 170
        draw_page(out, 2480, 1200, texts)
    else:
        raise ValueError("unknown RIB layout " + layout)


def certificate(out, p, year, level_code, level_text, year_of_study, ine, discipline, layout,
                student_number="21904417"):
    """Draws `p`'s certificat de scolarité in `layout` to `out` (PNG)."""
    female = p["sex"] == "F"
    field = "d'odontologie" if discipline == "odontologie" else "de médecine"
    if layout == "letter":
        draw_page(out, 2480, 2300, [
            (CENTURY_BOLD, 54, 150, 210, "Université Fictive de Lorval"),
            (CENTURY, 42, 150, 285, "Faculté des sciences de santé"),
            (CENTURY_BOLD, 62, 560, 480, "CERTIFICAT DE SCOLARITÉ"),
            (CENTURY, 44, 150, 620, "Année universitaire %s" % year),
            (CENTURY, 44, 150, 760, "Le directeur de la scolarité certifie que"),
            (CENTURY, 46, 150, 860, "%s %s %s" % ("Madame" if female else "Monsieur", title_case(p["given_names"]),
                                                  p["surname"])),
            (CENTURY, 44, 150, 950, "%s le %s à Rennes (35)" % ("née" if female else "né", words_date(p["birth_date"]))),
            (CENTURY, 44, 150, 1040, "Identifiant national étudiant (INE) : " + ine),
            (CENTURY, 44, 150, 1180, "est %s en %de année %s (%s)" % ("inscrite" if female else "inscrit",
                                                                     year_of_study, field, level_code)),
            (CENTURY, 44, 150, 1260, "pour l'année universitaire %s." % year),
            (CENTURY, 44, 150, 1420, "Fait à Lorval, le 2 octobre %s" % year[:4]),
        ])
    elif layout == "form":
        rows = [("Nom de naissance", p["surname"]), ("Prénoms", p["given_names"]),
                ("Date de naissance", g.fr_date(p["birth_date"])), ("N° étudiant", student_number),
                ("INE", ine), ("Année universitaire", year.replace("-", "/")), ("Formation", level_code),
                ("Intitulé", level_text), ("Régime", "Formation initiale")]
        texts = [
            (LIB_SANS_BOLD, 52, 150, 200, "UNIVERSITÉ DE BRÉVAL"),
            (LIB_SANS, 40, 150, 270, "UFR Santé - Scolarité"),
            (LIB_SANS_BOLD, 60, 150, 450, "Certificat de scolarité"),
        ]
        for i, (label, value) in enumerate(rows):
            texts += [(LIB_SANS, 40, 150, 600 + i * 90, label), (LIB_SANS, 42, 750, 600 + i * 90, value)]
        texts += [(LIB_SANS, 38, 150, 1500, "Document délivré le 30/09/%s pour servir et valoir ce que de droit."
                   % year[:4])]
        draw_page(out, 2480, 2000, texts)
    elif layout == "attestation":
        long_year = {"DFASM1": "1re", "DFASO1": "1re"}.get(level_code, "%de" % (year_of_study - 3))
        programme = ("Diplôme de formation approfondie en sciences %s - %s année"
                     % ("odontologiques" if discipline == "odontologie" else "médicales", long_year))
        draw_page(out, 2480, 2000, [
            (PALATINO, 40, 150, 170, "RÉPUBLIQUE FRANÇAISE"),
            (PALATINO_BOLD, 52, 150, 260, "Université Fictive de Montclar"),
            (PALATINO, 40, 150, 330, "Direction des études et de la vie étudiante"),
            (PALATINO_BOLD, 60, 640, 520, "ATTESTATION DE SCOLARITÉ"),
            (PALATINO, 44, 150, 660, "Année universitaire : %s - %s" % (year[:4], year[5:])),
            (PALATINO, 44, 150, 780, "Étudiant(e) : %s %s %s" % ("Mme" if female else "M.",
                                                                  p["given_names"].split()[0], p["surname"])),
            (PALATINO, 44, 150, 860, "Date et lieu de naissance : %s à Nantes" % g.fr_date(p["birth_date"])),
            (PALATINO, 44, 150, 940, "N° INE : " + ine),
            (PALATINO, 44, 150, 1060, "Inscription principale : " + programme),
            (PALATINO, 44, 150, 1140, "Cycle : 2e cycle des études %s" % ("odontologiques" if discipline ==
                                                                          "odontologie" else "médicales")),
            (PALATINO, 40, 150, 1300, "Le responsable de la scolarité"),
        ])
    elif layout == "bilingual":
        rows = [("Nom / Surname", p["surname"]), ("Prénom(s) / First name(s)", p["given_names"]),
                ("Date de naissance / Date of birth", p["birth_date"]), ("INE / Student ID", ine),
                ("Année universitaire / Academic year", year),
                ("Niveau / Level", "%s (%de année / year %d)" % (level_code, year_of_study, year_of_study))]
        texts = [(LIB_SERIF_BOLD, 50, 150, 200, "Université Fictive de Saint-Loup"),
                 (LIB_SERIF, 40, 150, 265, "UFR des sciences de santé / Faculty of Health Sciences"),
                 (LIB_SERIF_BOLD, 56, 150, 440, "CERTIFICAT DE SCOLARITÉ / CERTIFICATE OF ENROLMENT")]
        for i, (label, value) in enumerate(rows):
            texts.append((LIB_SERIF, 42, 150, 600 + i * 85, "%s : %s" % (label, value)))
        draw_page(out, 2480, 1800, texts)
    else:
        raise ValueError("unknown certificate layout " + layout)


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    os.makedirs(out, exist_ok=True)
    p = {"surname": "DUPONT-MOREAU", "given_names": "Chloé Marie", "birth_date": "2001-03-04", "sex": "F"}
    bank, branch, account = "30006", "00001", "1234567M901"
    key = g.rib_key(bank, branch, account)
    iban = g.make_iban(bank, branch, account, key)
    for layout in RIB_LAYOUTS:
        rib(os.path.join(out, "rib_%s.png" % layout), p, bank, branch, account, key, iban, "CFFRFRPP",
            "Mme Chloé DUPONT-MOREAU", layout)
    for layout in CERTIFICATE_LAYOUTS:
        certificate(os.path.join(out, "certificat_%s.png" % layout), p, "2027-2028", "DFASM1",
                    "Diplôme de formation approfondie en sciences médicales, 1re année", 4, "0912345678K",
                    "medecine", layout)
    print(out)


if __name__ == "__main__":
    main()
