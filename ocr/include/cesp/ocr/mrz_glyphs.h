// A reader of OCR-B lines (the MRZ) by template matching, independent of
// Tesseract: a second opinion for combine_mrz_readings.
//
// Tesseract's LSTM models were not trained on OCR-B and misread some of its
// glyphs whatever the scale (a '9' as 'O', 'Q' or 'Y', an 'I' inserted
// after a 'J'), most often in the alphanumeric document number where no
// field alphabet can correct them. OCR-B is the one font ICAO 9303 allows:
// its glyphs are separate, each one connected piece, on a fixed pitch, so
// cutting the band into connected components and comparing each with the
// font's own glyphs reads what the LSTM cannot. Pure C++ on a grey image.
#pragma once

#include <string>
#include <vector>

#include "cesp/ingest/intake.h"

namespace cesp::ocr {

struct GlyphReading {
  std::string text;  // one line, characters of [0-9A-Z<], no spaces
  // The lowest difference, over the line's glyphs, between the best and the
  // second best template's correlation (0..2): small means a doubtful glyph.
  double min_margin = 0.0;
};

// Every line of at least `min_glyphs` separate glyphs in `image` (upright,
// dark ink on light paper, ~20-80 px high characters), top to bottom, each
// glyph read as the closest OCR-B character. Lines of other fonts come out
// as noise, which parse_mrz skips.
std::vector<GlyphReading> read_ocrb_lines(const ingest::PageImage& image, std::size_t min_glyphs = 20);

}  // namespace cesp::ocr
