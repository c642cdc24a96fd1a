// Private: the per-kind checks, sharing one view of the piece's pages.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "cesp/ocr/mrz.h"
#include "cesp/ocr/ocr_engine.h"
#include "cesp/ocr/piece_checker.h"

namespace cesp::ocr::detail {

// The MRZ readings of one page in one orientation, and who made each
// ("english", "french", "glyphs"), for combine_mrz_readings.
struct MrzReadings {
  std::vector<std::vector<std::string>> texts;
  std::vector<std::string> readers;
  void add(std::vector<std::string> text, std::string reader) {
    texts.push_back(std::move(text));
    readers.push_back(std::move(reader));
  }
};

// The pages of a piece, with their text read at most once.
class PieceView {
 public:
  PieceView(OcrEngine& engine, const std::vector<ingest::PageImage>& pages)
      : engine_(&engine), pages_(pages) {}
  // A view of text read elsewhere (e.g. by the tesseract command line): no engine.
  explicit PieceView(std::vector<OcrLine> lines)
      : pages_(no_pages_), lines_(std::move(lines)), text_read_(true) {}

  // Text lines of every page (the PDF text layer when there is one). A page
  // whose first reading makes no sense is turned upright (orientation
  // detection, then the other quarter turns) and read again.
  const std::vector<OcrLine>& lines();
  // The text of the OCR-read pages read again, the way lines() turned them,
  // with the page scaled to `long_side`: another scale misreads other
  // characters, a second opinion on a field that disagrees with a
  // checksum-protected one. Empty without an engine or without such a page.
  std::vector<OcrLine> lines_read_again(int long_side);
  // The MRZ, trying the cheap region first and rotations only when needed.
  // `quick`: the bottom band of the upright pages only (the OCR-B glyph
  // reader, then Tesseract when the check digits fail), to tell an identity
  // piece from others cheaply; the full search runs once and is remembered.
  enum class MrzSearch { quick, thorough };
  std::optional<MrzData> mrz(double& confidence, MrzSearch search = MrzSearch::thorough);
  // After mrz(): whether the MRZ it returned, when its check digits fail,
  // was read the same way (every check-covered character) by at least two
  // readings, i.e. the failing digit is printed so. Text given to the view
  // (no engine) counts as read consistently.
  bool mrz_read_consistently() const { return !engine_ || mrz_agreeing_ >= 2; }
  // The names (no check digit covers them) as every reading of the MRZ
  // returned by mrz() gives them, reading the band again with the other
  // readers first when it was read fewer than 4 times: when the chosen
  // reading's names differ from the candidate's, one misread letter is more
  // likely than another person. Empty without an engine.
  std::vector<MrzData> mrz_name_readings();
  bool text_read() const { return text_read_; }

 private:
  // `turned`: the quarter turns of the reading returned.
  std::vector<OcrLine> read_upright(const ingest::PageImage& page, int& turned);

  OcrEngine* engine_ = nullptr;
  inline static const std::vector<ingest::PageImage> no_pages_{};
  const std::vector<ingest::PageImage>& pages_;
  std::vector<OcrLine> lines_;
  bool text_read_ = false;
  std::vector<int> page_turns_;         // per page, after lines(): quarter turns read, -1 for a text layer
  bool band_read_ = false;              // the quick search ran
  std::vector<bool> upright_mrz_like_;  // per page: its upright band showed filler runs
  // Per page: the MRZ readings of its upright band (combined by
  // combine_mrz_readings as more scales and models are tried).
  std::vector<MrzReadings> upright_readings_;
  int mrz_agreeing_ = 0;       // readings agreeing with mrz_'s check-covered characters
  int mrz_source_ = -1;        // page index * 4 + quarter turns of the readings mrz_ comes from
  bool mrz_searched_ = false;  // the thorough search ran: mrz_ is final
  std::optional<MrzData> mrz_;
  double mrz_confidence_ = 0.0;
};

// Text that classifies as one of our kinds at a decent confidence: the page
// was read the right way up.
bool reads_upright(const std::vector<OcrLine>& lines);

bool wants(const CheckRequest& request, const std::string& check);
std::vector<std::string> texts(const std::vector<OcrLine>& lines);
double mean_confidence(const std::vector<OcrLine>& lines);

void check_identity(PieceView& view, const CheckRequest& request, Verdict& verdict);
void check_bank(PieceView& view, const CheckRequest& request, Verdict& verdict);
void check_enrollment(PieceView& view, const CheckRequest& request, Verdict& verdict);
// Classification and the per-kind checks, once the text can be read.
void check_kind(PieceView& view, const CheckRequest& request, Verdict& verdict);
std::string classify(const std::vector<OcrLine>& lines);

}  // namespace cesp::ocr::detail
