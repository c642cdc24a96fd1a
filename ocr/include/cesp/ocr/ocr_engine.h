// Text recognition of page images (Tesseract 5 LSTM with Leptonica
// preprocessing). One engine holds its Tesseract instances, initialised
// once: create one per worker process and reuse it for every piece.
// Not thread-safe: one engine per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/ingest/intake.h"

namespace cesp::ocr {

struct OcrLine {
  std::string text;         // UTF-8
  float confidence = 0.0f;  // 0..100, Tesseract's mean word confidence
};

struct OcrEngineOptions {
  std::string tessdata_dir;      // empty: Tesseract's default (or TESSDATA_PREFIX)
  std::string language = "fra";  // for page text; the MRZ uses "eng" with its own alphabet
};

// Which part of the page to read the MRZ from.
enum class MrzRegion { bottom_band, whole_page };

// The model an MRZ is read with: English without dictionaries (the first
// choice), or the French model (also without dictionaries, loaded on first
// use), whose mistakes on OCR-B fall elsewhere: a second opinion when the
// first readings fail their check digits.
enum class MrzModel { english, french };

class OcrEngine {
 public:
  // Throws Error(unavailable) when Tesseract or its language data is missing.
  explicit OcrEngine(OcrEngineOptions options = {});
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // Every row of text of the page, top to bottom (deskewed, background
  // normalised, scaled to a resolution the LSTM reads well). Lines that
  // Tesseract reads apart but that sit side by side (a label and its value
  // in two columns, the cells of a table) make one row, their texts joined
  // by a tab in reading order.
  // `rotate_quadrants` turns the page by 90° steps first. `long_side`: the
  // size the page is scaled to (another size is a second reading whose
  // misreadings fall elsewhere).
  std::vector<OcrLine> read_page(const ingest::PageImage& page, int rotate_quadrants = 0,
                                 int long_side = 1800);

  // Lines read with the MRZ alphabet only ([A-Z0-9<]) from `region`.
  // `long_side`: the size the page is scaled to first (other sizes are a
  // second chance when the first reading fails its check digits).
  std::vector<OcrLine> read_mrz(const ingest::PageImage& page, MrzRegion region, int rotate_quadrants = 0,
                                int long_side = 1500, MrzModel model = MrzModel::english);

  // The MRZ lines of `region` read by OCR-B template matching instead of
  // Tesseract (read_ocrb_lines on the same prepared image): another opinion
  // whose mistakes are not the LSTM's. Confidence: 100 x the smallest
  // margin between a glyph's best and second-best template, capped at 100.
  std::vector<OcrLine> read_mrz_glyphs(const ingest::PageImage& page, MrzRegion region,
                                       int rotate_quadrants = 0, int long_side = 1500);

  // Quarter turns (clockwise, as `rotate_quadrants` takes them) that make a
  // page of text upright, from Tesseract's orientation detection
  // (osd.traineddata, loaded on first use). Reliable on pages with a few
  // lines of ordinary text (RIB, certificate); nullopt when it cannot tell
  // (little text, e.g. an ID card, or no osd data installed). Costs about
  // half a page reading: call it only when a first reading failed.
  std::optional<int> upright_turns(const ingest::PageImage& page);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cesp::ocr
