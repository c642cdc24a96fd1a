#!/usr/bin/env python3
"""Held-out layouts (set 3): 2 RIBs, 2 certificates, drawn with ImageMagick by a helper
who had not read the parsers (2026-11-23), measured once before any change for them
(bench/RESULTS.md).

  rib "postale"     La Banque Postale / Crédit Agricole style: a logo (filled
                    ellipse with white letters), sections "Identifiant national
                    de compte bancaire - RIB" (ruled 4-column table Banque |
                    Guichet | N° de compte | Clé), "Identifiant international
                    de compte bancaire" (IBAN in groups of 4, "BIC (Bank
                    Identifier Code)"), then two side-by-side blocks
                    "Titulaire du compte" (name + 2-line address) and
                    "Domiciliation" (agency + address). URW Gothic / DejaVu
                    Sans Condensed.
  rib "lettre"      A bank letter (logo = filled polygon, customer address
                    block, "Objet : vos coordonnées bancaires", paragraph) with
                    a compact RIB box below a dashed cut line: "Titulaire :
                    M. Jean DUPONT" / "Mme DUPONT Marie", the RIB on one line
                    under small headers, IBAN without spaces (even people) or
                    with spaces (odd), BIC of 8 or 11 chars. NimbusRoman /
                    Liberation Sans Narrow.
  certificate "apogee"    University certificate "CERTIFICAT DE SCOLARITÉ"
                    + "ANNÉE UNIVERSITAIRE 2027/2028", "Numéro étudiant",
                    "N° INE", "M./Mme NOM Prénom", "Né(e) le JJ/MM/AAAA à
                    Ville", "est inscrit(e) en : DFASM1 - 4ème année Médecine",
                    "Inscription administrative principale", signature line,
                    round stamp. URW Bookman.
  certificate "pegase"    "ATTESTATION D'INSCRIPTION" with a ruled 4-column
                    table (Nom de naissance | Prénom(s) | Né(e) le | INE),
                    "Formation", "Étape : 2ème année du DFASM", "Période :
                    2027/2028". URW Gothic / DejaVu Sans Condensed.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402

URW = "/usr/share/fonts/opentype/urw-base35/"
DJV = "/usr/share/fonts/truetype/dejavu/"
LIB = "/usr/share/fonts/truetype/liberation/"
GOTHIC = URW + "URWGothic-Book.otf"
GOTHIC_DEMI = URW + "URWGothic-Demi.otf"
BOOKMAN = URW + "URWBookman-Light.otf"
BOOKMAN_DEMI = URW + "URWBookman-Demi.otf"
BOOKMAN_ITALIC = URW + "URWBookman-LightItalic.otf"
ROMAN = URW + "NimbusRoman-Regular.otf"
ROMAN_BOLD = URW + "NimbusRoman-Bold.otf"
ROMAN_ITALIC = URW + "NimbusRoman-Italic.otf"
CONDENSED = DJV + "DejaVuSansCondensed.ttf"
CONDENSED_BOLD = DJV + "DejaVuSansCondensed-Bold.ttf"
NARROW = LIB + "LiberationSansNarrow-Regular.ttf"
NARROW_BOLD = LIB + "LiberationSansNarrow-Bold.ttf"
MONO = "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf"

RIB_LAYOUTS = ("postale", "lettre")
CERTIFICATE_LAYOUTS = ("apogee", "pegase")

CITIES = ["Lyon 3e Arrondissement", "Rennes", "Saint-Denis (974)", "Clermont-Ferrand", "Besançon", "Pointe-à-Pitre",
          "Nîmes", "Metz", "Créteil", "Aix-en-Provence"]
STREETS = ["12 rue des Tilleuls", "4 bis avenue Jean Jaurès", "27 boulevard de la Liberté", "8 impasse des Lilas",
           "Résidence Les Érables, Bât. C", "115 route de Saint-Malo", "3 place du Général Leclerc"]
TOWNS = ["69003 LYON", "35000 RENNES", "97400 SAINT-DENIS", "63000 CLERMONT-FERRAND", "25000 BESANÇON",
         "30000 NÎMES", "57000 METZ"]


def title_case(name):
    return " ".join("-".join(w[:1].upper() + w[1:].lower() for w in part.split("-")) for part in name.split())


def draw(out, w, h, texts, rects=(), filled=(), lines=(), extra=()):
    """texts: (font, size, x, y, value[, fill]); rects: outlined boxes; filled: (-draw primitive, fill colour);
    lines: (x0, y0, x1, y1, width[, dash])."""
    args = ["-size", "%dx%d" % (w, h), "xc:white"]
    for prim, colour in filled:
        args += ["-fill", colour, "-stroke", "none", "-draw", prim]
    args += ["-fill", "none", "-stroke", "black", "-strokewidth", "3"]
    for x0, y0, x1, y1 in rects:
        args += ["-draw", "rectangle %d,%d %d,%d" % (x0, y0, x1, y1)]
    for ln in lines:
        x0, y0, x1, y1, width = ln[:5]
        dash = ln[5] if len(ln) > 5 else None
        args += ["-strokewidth", str(width)]
        if dash:
            args += ["-draw", "stroke-dasharray %d %d line %d,%d %d,%d" % (dash, dash, x0, y0, x1, y1)]
        else:
            args += ["-draw", "line %d,%d %d,%d" % (x0, y0, x1, y1)]
    args += list(extra)
    args += ["-stroke", "none"]
    for t in texts:
        font, size, x, y, value = t[:5]
        fill = t[5] if len(t) > 5 else "black"
        args += g.text(font, size, x, y, value, fill)
    subprocess.run(["convert"] + args + ["-colorspace", "Gray", "-density", "300", "-units", "PixelsPerInch", out],
                   check=True)


# --------------------------------------------------------------------------- RIBs

def rib(out, index, p, bank, branch, account, key, iban, layout):
    female = p["sex"] == "F"
    first = p["given_names"]
    street = STREETS[index % len(STREETS)]
    town = TOWNS[index % len(TOWNS)]
    if layout == "postale":
        holder = "%s %s %s" % ("MME" if female else "M", first.upper(), p["surname"])
        bic = "PSSTFRPPLIL" if index % 4 else "AGRIFRPP879"
        cells = [("Banque", bank, 150, 520), ("Guichet", branch, 520, 890), ("N° de compte", account, 890, 1580),
                 ("Clé", key, 1580, 1800)]
        texts = [
            (GOTHIC_DEMI, 54, 185, 212, "BP", "white"),
            (GOTHIC_DEMI, 46, 380, 190, "LA BANQUE FICTIVE"),
            (GOTHIC, 34, 380, 240, "Centre financier de Lille"),
            (GOTHIC_DEMI, 56, 1150, 215, "RELEVÉ D'IDENTITÉ BANCAIRE"),
            (GOTHIC, 30, 150, 360, "Ce relevé est destiné à être remis, sur leur demande, à vos créanciers ou débiteurs "
                                   "appelés à faire inscrire des opérations à votre compte."),
            (GOTHIC_DEMI, 38, 150, 470, "Identifiant national de compte bancaire - RIB"),
        ]
        for label, value, x0, _ in cells:
            texts += [(GOTHIC, 34, x0 + 25, 560, label), (CONDENSED, 44, x0 + 25, 655, value)]
        texts += [
            (GOTHIC_DEMI, 38, 150, 790, "Identifiant international de compte bancaire"),
            (GOTHIC, 36, 150, 870, "IBAN"),
            (CONDENSED, 46, 400, 870, g.spaced(iban)),
            (GOTHIC, 36, 150, 950, "BIC (Bank Identifier Code)"),
            (CONDENSED, 46, 700, 950, bic),
            (GOTHIC_DEMI, 38, 150, 1110, "Titulaire du compte"),
            (CONDENSED, 42, 150, 1180, holder),
            (CONDENSED, 38, 150, 1240, street.upper()),
            (CONDENSED, 38, 150, 1295, town),
            (GOTHIC_DEMI, 38, 1350, 1110, "Domiciliation"),
            (CONDENSED, 38, 1350, 1180, "LA BANQUE FICTIVE"),
            (CONDENSED, 38, 1350, 1240, "CENTRE FINANCIER DE LILLE"),
            (CONDENSED, 38, 1350, 1295, "59900 LILLE CEDEX 9"),
        ]
        rects = [(x0, 510, x1, 690) for _, _, x0, x1 in cells] + [(x0, 510, x1, 585) for _, _, x0, x1 in cells]
        rects += [(120, 1050, 1200, 1340), (1320, 1050, 2330, 1340)]
        filled = [("ellipse 230,195 110,70 0,360", "#303030")]
        draw(out, 2480, 1420, texts, rects, filled)
    elif layout == "lettre":
        given = title_case(first)
        holder = ("Mme %s %s" % (p["surname"], given)) if female else ("M. %s %s" % (given, p["surname"]))
        iban_txt = iban if index % 2 == 0 else g.spaced(iban)
        bic = "CMCIFR2A" if index % 3 else "CEPAFRPP751"
        civ = "Madame" if female else "Monsieur"
        texts = [
            (ROMAN_BOLD, 58, 330, 200, "Caisse Régionale Fictive"),
            (ROMAN_ITALIC, 36, 330, 255, "La banque qui vous ressemble"),
            (ROMAN, 38, 1450, 420, "%s %s %s" % (civ, given, p["surname"])),
            (ROMAN, 38, 1450, 475, street),
            (ROMAN, 38, 1450, 530, town),
            (ROMAN, 36, 150, 680, "Agence de Montclar-Centre, le 14 septembre 2027"),
            (ROMAN_BOLD, 38, 150, 780, "Objet : vos coordonnées bancaires"),
            (ROMAN, 38, 150, 880, "%s," % civ),
            (ROMAN, 38, 150, 960, "Vous trouverez ci-dessous le relevé d'identité bancaire de votre compte de dépôt."),
            (ROMAN, 38, 150, 1020, "Il vous permet de communiquer vos coordonnées pour recevoir des virements ou"),
            (ROMAN, 38, 150, 1080, "mettre en place des prélèvements. Conservez-le précieusement."),
            (ROMAN, 38, 150, 1160, "Nous vous prions d'agréer, %s, l'expression de nos salutations distinguées." % civ),
            (ROMAN_ITALIC, 36, 1500, 1260, "Votre conseiller, Paul Ferrand"),
            (NARROW, 28, 150, 1375, "Découpez suivant le pointillé"),
            (NARROW_BOLD, 40, 180, 1480, "Vos coordonnées bancaires"),
            (NARROW, 34, 1600, 1480, "Compte de dépôt n° %s" % account),
            (NARROW, 36, 180, 1560, "Titulaire : " + holder),
            (NARROW, 30, 180, 1650, "Banque"),
            (NARROW, 30, 430, 1650, "Guichet"),
            (NARROW, 30, 680, 1650, "N° compte"),
            (NARROW, 30, 1100, 1650, "Clé RIB"),
            (MONO, 38, 180, 1705, bank),
            (MONO, 38, 430, 1705, branch),
            (MONO, 38, 680, 1705, account),
            (MONO, 38, 1100, 1705, key),
            (NARROW, 36, 1400, 1650, "Domiciliation"),
            (NARROW, 36, 1400, 1705, "CRF MONTCLAR CENTRE"),
            (NARROW_BOLD, 36, 180, 1800, "IBAN"),
            (MONO, 38, 330, 1800, iban_txt),
            (NARROW_BOLD, 36, 180, 1870, "BIC"),
            (MONO, 38, 330, 1870, bic),
        ]
        filled = [("polygon 150,140 290,140 290,210 220,270 150,210", "#404040"),
                  ("circle 220,185 220,160", "white")]
        lines = [(150, 1330, 2330, 1330, 3, 18)]
        rects = [(150, 1410, 2330, 1920)]
        draw(out, 2480, 2000, texts, rects, filled, lines)
    else:
        raise ValueError(layout)


# --------------------------------------------------------------------------- certificates

def certificate(out, index, p, year, layout):
    female = p["sex"] == "F"
    y0, y1 = year[:4], year[5:]
    code = p["level"]
    yos = p["year_of_study"]
    medicine = p["discipline"] != "odontologie"
    city = CITIES[index % len(CITIES)]
    student_no = "%08d" % (21900000 + index * 137)
    birth = g.fr_date(p["birth_date"])
    if layout == "apogee":
        name_line = "%s %s %s" % ("Mme" if female else "M.", p["surname"], title_case(p["given_names"]))
        texts = [
            (BOOKMAN_DEMI, 48, 380, 200, "UNIVERSITÉ FICTIVE"),
            (BOOKMAN_DEMI, 48, 380, 262, "CÔTE D'OPALE"),
            (BOOKMAN, 34, 1500, 190, "UFR Santé - Service de scolarité"),
            (BOOKMAN, 34, 1500, 240, "1 place de l'Université"),
            (BOOKMAN, 34, 1500, 290, "62200 Boulogne-sur-Mer"),
            (BOOKMAN_DEMI, 58, 620, 480, "CERTIFICAT DE SCOLARITÉ"),
            (BOOKMAN_DEMI, 44, 700, 560, "ANNÉE UNIVERSITAIRE %s/%s" % (y0, y1)),
            (BOOKMAN, 40, 150, 700, "Le Président de l'Université certifie que :"),
            (BOOKMAN_DEMI, 44, 150, 800, name_line),
            (BOOKMAN, 40, 150, 870, "Numéro étudiant : %s" % student_no),
            (BOOKMAN, 40, 150, 935, "N° INE : %s" % p["ine"]),
            (BOOKMAN, 40, 150, 1000, "Né(e) le %s à %s" % (birth, city)),
            (BOOKMAN, 40, 150, 1120, "est inscrit(e) en : %s - %dème année %s" % (code, yos,
                                                                                   "Médecine" if medicine else
                                                                                   "Odontologie")),
            (BOOKMAN, 40, 150, 1185, "Inscription administrative principale"),
            (BOOKMAN, 40, 150, 1250, "Régime : formation initiale - Statut : étudiant"),
            (BOOKMAN, 40, 150, 1315, "Cursus : Diplôme de formation approfondie en sciences %s"
             % ("médicales" if medicine else "odontologiques")),
            (BOOKMAN, 38, 1300, 1500, "Fait à Boulogne-sur-Mer, le %02d/09/%s" % (10 + index % 18, y0)),
            (BOOKMAN, 38, 1300, 1570, "Pour le Président et par délégation,"),
            (BOOKMAN, 38, 1300, 1630, "la Responsable de la scolarité"),
            (BOOKMAN_ITALIC, 40, 1400, 1800, "C. Delattre"),
            (BOOKMAN, 22, 540, 1700, "UNIVERSITÉ FICTIVE", "#555555"),
            (BOOKMAN, 22, 555, 1745, "SCOLARITÉ SANTÉ", "#555555"),
            (BOOKMAN, 26, 150, 2100, "Certificat à conserver - aucun duplicata ne sera délivré. "
                                     "Vérifiable en ligne : scol.univ-fictive.fr"),
        ]
        filled = [("rectangle 150,150 340,300", "#3a3a3a"), ("rectangle 185,185 305,265", "white"),
                  ("rectangle 215,205 275,245", "#3a3a3a")]
        lines = [(1300, 1840, 2000, 1840, 2)]
        extra = ["-stroke", "#777777", "-strokewidth", "4", "-draw", "circle 660,1722 660,1572",
                 "-strokewidth", "2", "-draw", "circle 660,1722 660,1590"]
        draw(out, 2480, 2300, texts, (), filled, lines, extra)
    elif layout == "pegase":
        step_no = yos - 3
        step = "%s année du %s" % ("1ère" if step_no == 1 else "%dème" % step_no, code[:5])
        cells = [("Nom de naissance", p["surname"], 150, 830), ("Prénom(s)", p["given_names"], 830, 1380),
                 ("Né(e) le", birth, 1380, 1780), ("INE", p["ine"], 1780, 2330)]
        texts = [
            (GOTHIC_DEMI, 46, 150, 190, "Université Fictive Rhône-Alpes"),
            (GOTHIC, 34, 150, 245, "Faculté de Médecine et d'Odontologie - Pôle formation"),
            (CONDENSED_BOLD, 60, 700, 430, "ATTESTATION D'INSCRIPTION"),
            (CONDENSED, 38, 150, 560, "Période : %s/%s" % (y0, y1)),
            (CONDENSED, 38, 1300, 560, "Numéro apprenant : %s" % student_no),
            (CONDENSED, 38, 150, 660, "La Direction de la formation atteste l'inscription de l'apprenant(e) :"),
        ]
        for label, value, x0, _ in cells:
            texts += [(CONDENSED_BOLD, 32, x0 + 20, 750, label), (CONDENSED, 40, x0 + 20, 840, value)]
        texts += [
            (CONDENSED, 38, 150, 980, "Lieu de naissance : %s" % city),
            (CONDENSED_BOLD, 40, 150, 1100, "Formation"),
            (CONDENSED, 38, 150, 1165, "Diplôme de formation approfondie en sciences %s (DFAS%s)"
             % ("médicales" if medicine else "odontologiques", "M" if medicine else "O")),
            (CONDENSED, 38, 150, 1235, "Étape : %s" % step),
            (CONDENSED, 38, 150, 1305, "Type d'inscription : principale - Statut : inscrit(e) administrativement"),
            (CONDENSED, 38, 150, 1375, "Droits d'inscription acquittés le %02d/07/%s" % (3 + index % 25, y0)),
            (CONDENSED, 34, 150, 1560, "Document édité le %02d/09/%s" % (2 + index % 20, y0)),
            (GOTHIC, 36, 1450, 1560, "Le Doyen de la Faculté"),
            (GOTHIC, 30, 1450, 1620, "Cachet et signature"),
        ]
        rects = [(x0, 700, x1, 870) for _, _, x0, x1 in cells] + [(x0, 700, x1, 775) for _, _, x0, x1 in cells]
        rects += [(1440, 1650, 2100, 1900)]
        filled = [("rectangle 0,0 2480,40", "#606060")]
        draw(out, 2480, 2050, texts, rects, filled)
    else:
        raise ValueError(layout)
