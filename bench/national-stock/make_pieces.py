#!/usr/bin/env python3
"""Draws the pieces of the national-stock benchmark: a pool of fictional people.

    bench/national-stock/make_pieces.py OUT_DIR [--people 100] [--year 2026-2027] [--jobs 2]

Each person gets the three pieces of a student's dossier (ID card 2021 or
passport, RIB, certificat de scolarité) in three renderings: a clean 300 dpi
scan (PNG), a phone photo (JPEG, turned, uneven light, noise) and an
image-only scanner PDF. People and pieces are drawn with the functions of
samples/pieces/generate.py, so they are the layouts the checks are tested on;
`--layouts other` draws RIBs and certificates in samples/pieces/layouts.py's
layouts instead (`all`: every layout in turn), to see how the checks carry over;
`--layouts held-out` draws them in samples/pieces/layouts_held_out.py's.
OUT_DIR/truth.json and OUT_DIR/candidates/ make the pool an accuracy corpus
for `cesp bench ocr OUT_DIR` (every piece valid, checked against its person).

Rendering with ImageMagick costs 1-2 s per phone photo of a page, so the 4,500
candidates of the run share a pool of people (the run driver makes every
uploaded file's bytes unique). OUT_DIR/people.json lists each person's
identity, bank details and files. Existing complete output is reused.
"""
import argparse
import json
import multiprocessing
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "pieces"))
import generate as g  # noqa: E402
import layouts  # noqa: E402
import layouts_held_out  # noqa: E402

SURNAMES = ["LEFÈVRE", "N'GUESSAN", "MÜLLER", "DE SAINT-AUBIN", "DUPONT-MOREAU", "GARNIER", "O'NEILL", "BÉRANGER",
            "CHÂTEAU", "NGUYEN", "DA SILVA", "LE GALL", "FRANÇOIS", "BENAÏSSA", "D'ALMEIDA", "KOWALSKI", "MARTIN",
            "ROUSSEAU", "PÉREZ", "LAURENT-PETIT", "FAURE", "BOYER", "CÔTÉ", "GUÉRIN", "HOARAU"]
GIVEN_F = ["Anaïs", "Zoé Héloïse", "Éloïse", "Chloé Marie", "Maëlle", "Inès", "Léa", "Agnès", "Hélène Sophie",
           "Noémie", "Camille", "Océane"]
GIVEN_M = ["Jean-Noël", "Rémi François", "Maël", "Théo", "Jérôme", "Loïc Pierre", "Hugo", "Benoît", "Noé", "Joël",
           "Mathéo", "Grégoire"]
LEVELS = {
    ("medecine", 4): ("DFASM1", "Diplôme de formation approfondie en sciences médicales, 1re année"),
    ("medecine", 5): ("DFASM2", "Diplôme de formation approfondie en sciences médicales, 2e année"),
    ("medecine", 6): ("DFASM3", "Diplôme de formation approfondie en sciences médicales, 3e année"),
    ("odontologie", 4): ("DFASO1", "Diplôme de formation approfondie en sciences odontologiques, 1re année"),
    ("odontologie", 5): ("DFASO2", "Diplôme de formation approfondie en sciences odontologiques, 2e année"),
}


def person(index, year):
    rnd = random.Random(index)
    sex = "F" if index % 2 == 0 else "M"
    discipline = "odontologie" if index % 10 == 9 else "medecine"
    year_of_study = 4 + index % (2 if discipline == "odontologie" else 3)
    birth_year = int(year[:4]) - 18 - year_of_study - rnd.randint(0, 2)
    bank, branch = rnd.choice(["30006", "20041", "10278", "17515", "30004"]), "%05d" % rnd.randint(1, 99999)
    account = "%011d" % rnd.randint(0, 10**11 - 1)
    if index % 7 == 3:  # some account numbers carry letters
        account = account[:7] + "M" + account[8:]
    level_code, level_text = LEVELS[(discipline, year_of_study)]
    return {
        "id": "p%04d" % index,
        "surname": SURNAMES[index % len(SURNAMES)],
        "given_names": rnd.choice(GIVEN_F if sex == "F" else GIVEN_M),
        "birth_date": "%04d-%02d-%02d" % (birth_year, rnd.randint(1, 12), rnd.randint(1, 28)),
        "sex": sex,
        "discipline": discipline,
        "year_of_study": year_of_study,
        "level": level_code,
        "level_text": level_text,
        "ine": "%09d%s" % (rnd.randint(0, 10**9 - 1), "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))),
        "document": "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9)),
        "passport": index % 4 == 1,
        "bank": [bank, branch, account],
    }


def phone_photo(clean, phone):
    """The phone photo of a clean rendering; its turn and noise follow from the file's name."""
    base = os.path.splitext(os.path.basename(clean))[0]
    g.phone_version(clean, phone, (-1) ** len(base) * (1.5 + len(base) % 3), len(base))


def layout_names(choice):
    """`choice` ("classic", "other", "all" or layout names separated by commas) as (RIB, certificate) layouts."""
    names = {"classic": ["classic"], "other": list(layouts.RIB_LAYOUTS + layouts.CERTIFICATE_LAYOUTS),
             "held-out": list(layouts_held_out.RIB_LAYOUTS + layouts_held_out.CERTIFICATE_LAYOUTS),
             "all": ["classic"] + list(layouts.RIB_LAYOUTS + layouts.CERTIFICATE_LAYOUTS)}.get(choice)
    names = names or choice.split(",")
    rib_layouts = ("classic",) + layouts.RIB_LAYOUTS + layouts_held_out.RIB_LAYOUTS
    certificate_layouts = ("classic",) + layouts.CERTIFICATE_LAYOUTS + layouts_held_out.CERTIFICATE_LAYOUTS
    ribs = [n for n in names if n in rib_layouts] or ["classic"]
    certificates = [n for n in names if n in certificate_layouts] or ["classic"]
    unknown = set(names) - set(ribs) - set(certificates)
    if unknown:
        raise SystemExit("unknown layouts: " + ", ".join(sorted(unknown)))
    return ribs, certificates


def layouts_of(index, choice):
    """The (RIB, certificate) layouts of person `index`, every combination in turn."""
    ribs, certificates = layout_names(choice)
    return ribs[index % len(ribs)], certificates[index // len(ribs) % len(certificates)]


def holder_line(p, rib_layout):
    surname = p.get("usage_name") or p["surname"]
    first = p["given_names"].split()[0]
    if rib_layout == "boxed":  # "Mme Chloé MARTIN"
        return "%s %s %s" % ("Mme" if p["sex"] == "F" else "M.", first, surname)
    if rib_layout in ("columns", "stacked"):  # "MME CHLOÉ MARTIN"
        return "%s %s %s" % ("MME" if p["sex"] == "F" else "M.", first.upper(), surname)
    return "%s %s %s" % ("MME" if p["sex"] == "F" else "M.", surname, first.upper())  # surname first


def draw(args):
    p, out, year, choice = args
    g.HERE = out
    g.PEOPLE[p["id"]] = p
    files = {}
    if p["passport"]:
        path, _ = g.identity(p["id"] + "_identity", p["id"], p["document"], "passport", "2034-02-28")
    else:
        path, _ = g.identity(p["id"] + "_identity", p["id"], p["document"], "cni", "2035-06-30")
    files["identity"] = path
    rib_layout, certificate_layout = layouts_of(int(p["id"][1:]), choice)
    index = int(p["id"][1:])
    if rib_layout == "classic":
        path, _, _ = g.rib(p["id"] + "_bank", p["id"], *p["bank"])
    elif rib_layout in layouts_held_out.RIB_LAYOUTS:
        path = os.path.join(out, "clean", p["id"] + "_bank.png")
        key = g.rib_key(*p["bank"])
        layouts_held_out.rib(path, index, p, *p["bank"], key, g.make_iban(*p["bank"], key), rib_layout)
    else:
        path = os.path.join(out, "clean", p["id"] + "_bank.png")
        key = g.rib_key(*p["bank"])
        bic = "CFFRFRPP" if rib_layout == "boxed" else "CFFRFRPPXXX"
        layouts.rib(path, p, *p["bank"], key, g.make_iban(*p["bank"], key), bic, holder_line(p, rib_layout),
                    rib_layout)
    files["bank"] = path
    if certificate_layout == "classic":
        faculty = "UFR d'Odontologie" if p["discipline"] == "odontologie" else "UFR de Médecine"
        files["enrollment"] = g.certificate(p["id"] + "_enrollment", p["id"], year, p["level"], p["level_text"],
                                            p["ine"], faculty=faculty)
    elif certificate_layout in layouts_held_out.CERTIFICATE_LAYOUTS:
        files["enrollment"] = os.path.join(out, "clean", p["id"] + "_enrollment.png")
        layouts_held_out.certificate(files["enrollment"], index, p, year, certificate_layout)
    else:
        files["enrollment"] = os.path.join(out, "clean", p["id"] + "_enrollment.png")
        layouts.certificate(files["enrollment"], p, year, p["level"], p["level_text"], p["year_of_study"], p["ine"],
                            p["discipline"], certificate_layout)
    renderings = {}
    for kind, clean in files.items():
        base = os.path.splitext(os.path.basename(clean))[0]
        phone = os.path.join(out, "phone", base + ".jpg")
        phone_photo(clean, phone)
        scan = os.path.join(out, "pdf", base + ".jpg")
        g.convert([clean, "-quality", "88"], scan)
        pdf = os.path.join(out, "pdf", base + ".pdf")
        g.image_only_pdf(scan, pdf, 300)
        os.remove(scan)
        renderings[kind] = {r: os.path.relpath(f, out) for r, f in (("clean", clean), ("phone", phone), ("pdf", pdf))}
    return dict(p, files=renderings)


def write_truth(out, year, people):
    """truth.json in the format of samples/pieces/truth.json: every piece accepted for its person."""
    os.makedirs(os.path.join(out, "candidates"), exist_ok=True)
    pieces = []
    for p in people:
        candidate = os.path.join("candidates", p["id"] + ".json")
        with open(os.path.join(out, candidate), "w") as f:
            json.dump({"surname": p["surname"], "given_names": p["given_names"], "birth_date": p["birth_date"],
                       "ine": p["ine"]}, f, ensure_ascii=False)
        for kind, renderings in p["files"].items():
            for path in renderings.values():
                pieces.append({"files": [path], "kind": kind, "candidate": candidate, "verdict": "accepted",
                               "reasons": []})
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump({"today": year[:4] + "-10-01", "campaign_year": year, "pieces": pieces}, f, ensure_ascii=False,
                  indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--people", type=int, default=100)
    ap.add_argument("--year", default="2026-2027", help="academic year printed on the certificates")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--layouts", default="classic",
                    help="RIB and certificate layouts: classic (generate.py's, the benchmark's), other "
                         "(layouts.py's), all, or names separated by commas (boxed,letter...)")
    args = ap.parse_args()
    layout_names(args.layouts)
    out = os.path.abspath(args.out)
    index_path = os.path.join(out, "people.json")
    if os.path.exists(index_path):
        done = json.load(open(index_path))
        if (done.get("year") == args.year and done.get("layouts", "classic") == args.layouts
                and len(done["people"]) >= args.people):
            write_truth(out, args.year, done["people"])
            print("%s: %d people already drawn" % (index_path, len(done["people"])))
            return
    for d in ("clean", "phone", "pdf"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    people = [person(i, args.year) for i in range(args.people)]
    drawn = []
    with multiprocessing.Pool(args.jobs) as pool:
        for i, result in enumerate(pool.imap(draw, [(p, out, args.year, args.layouts) for p in people])):
            drawn.append(result)
            sys.stderr.write("\rdrawing pieces: %d/%d people" % (i + 1, len(people)))
    sys.stderr.write("\n")
    json.dump({"year": args.year, "layouts": args.layouts, "people": drawn}, open(index_path, "w"), ensure_ascii=False, indent=1)
    write_truth(out, args.year, drawn)
    print("%s: %d people, %d files" % (index_path, len(drawn), 9 * len(drawn)))


if __name__ == "__main__":
    main()
