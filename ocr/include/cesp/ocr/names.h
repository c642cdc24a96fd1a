// Comparing people's names as they appear on pieces (MRZ, RIB holder line,
// certificate) with the candidate record: case, accents, hyphens,
// apostrophes, several given names, birth vs usage name, MRZ truncation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cesp/core/candidate.h"

namespace cesp::ocr {

// UTF-8 name -> upper-case ASCII words: accents folded (É -> E, Œ -> OE,
// ß -> SS), apostrophes dropped (D'ARC -> DARC, as ICAO 9303 does), hyphens,
// '<' and other separators split words. "Jean-Noël d'Arc" -> {"JEAN","NOEL","DARC"}.
std::vector<std::string> name_words(std::string_view utf8);
// The words joined without separators: "JEANNOELDARC".
std::string name_key(std::string_view utf8);

// The document's surname is the candidate's birth name or usage name (or
// both, in either order). `truncated`: the document field was full, so the
// document's name may be a cut prefix of the real one (at least 10 letters kept).
bool surname_matches(std::string_view document_surname, const Candidate& candidate, bool truncated = false);

// Given names agree when the first ones are equal and one list starts with
// the other (a piece may show only the first given name, or all of them).
bool given_names_match(std::string_view document_given, std::string_view candidate_given,
                       bool truncated = false);

// True when the two names differ by at most one letter once folded
// (LEFEVREX / LEFEVRE): an OCR slip on a field no checksum protects, worth
// a human look rather than a rejection.
bool names_nearly_match(std::string_view a, std::string_view b);

// A RIB holder line ("M. JEAN-PIERRE DUPONT", "MME MARTIN NEE DUPONT
// CLAIRE", "DUPONT J.") names the candidate: one of their surnames appears as
// whole words and so does the first given name (or its initial).
// Civilities and "née/épouse/ou" are ignored.
bool holder_matches(std::string_view holder, const Candidate& candidate);

// holder_matches once one word of the holder line is replaced by a word of
// the candidate's names that is one letter away from it (CHLOEE for CHLOE):
// an OCR slip on a line no checksum protects, for a human to look at rather
// than a refusal.
bool holder_nearly_matches(std::string_view holder, const Candidate& candidate);

}  // namespace cesp::ocr
