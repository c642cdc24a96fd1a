// Private: the per-kind checks, sharing one view of the piece's pages.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "cesp/ocr/mrz.h"
#include "cesp/ocr/ocr_engine.h"
#include "cesp/ocr/piece_checker.h"

namespace cesp::ocr::detail {

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
  // The MRZ, trying the cheap region first and rotations only when needed.
  // `quick`: the bottom band of the upright pages only (one reading per
  // page), to tell an identity piece from others cheaply; the full search
  // runs once and is remembered.
  enum class MrzSearch { quick, thorough };
  std::optional<MrzData> mrz(double& confidence, MrzSearch search = MrzSearch::thorough);
  bool text_read() const { return text_read_; }

 private:
  std::vector<OcrLine> read_upright(const ingest::PageImage& page);

  OcrEngine* engine_ = nullptr;
  inline static const std::vector<ingest::PageImage> no_pages_{};
  const std::vector<ingest::PageImage>& pages_;
  std::vector<OcrLine> lines_;
  bool text_read_ = false;
  bool band_read_ = false;              // the quick search ran
  std::vector<bool> upright_mrz_like_;  // per page: its upright band showed filler runs
  bool mrz_searched_ = false;           // the thorough search ran: mrz_ is final
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
