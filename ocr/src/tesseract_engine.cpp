// The only file of ocr/ that includes Tesseract and Leptonica.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/osdetect.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cesp/core/error.h"
#include "cesp/ocr/mrz_glyphs.h"
#include "cesp/ocr/ocr_engine.h"

namespace cesp::ocr {
namespace {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};

PixPtr to_pix(const ingest::PageImage& page) {
  PixPtr pix(pixCreate(page.width, page.height, 8));
  if (!pix) throw Error(ErrorCode::internal, "pixCreate");
  l_uint32* data = pixGetData(pix.get());
  const l_int32 wpl = pixGetWpl(pix.get());
  for (int y = 0; y < page.height; ++y) {
    l_uint32* line = data + static_cast<std::size_t>(y) * wpl;
    const std::uint8_t* in = page.gray.data() + static_cast<std::size_t>(y) * page.width;
    for (int x = 0; x < page.width; ++x) SET_DATA_BYTE(line, x, in[x]);
  }
  return pix;
}

// Replaces `pix` by `next` when the operation succeeded.
void take(PixPtr& pix, PIX* next) {
  if (next) pix.reset(next);
}

// Upright, straight, evenly lit, at a size where body text is ~25-40 px high.
PixPtr prepare(const ingest::PageImage& page, int rotate_quadrants, int target_long_side) {
  PixPtr pix = to_pix(page);
  if (rotate_quadrants % 4 != 0) take(pix, pixRotateOrth(pix.get(), rotate_quadrants % 4));
  const int long_side = std::max(pixGetWidth(pix.get()), pixGetHeight(pix.get()));
  if (long_side > target_long_side * 9 / 8 || long_side < target_long_side * 2 / 3) {
    const float factor = static_cast<float>(target_long_side) / static_cast<float>(long_side);
    // No unsharp masking (pixScale's default): it doubles the cost of the
    // scaling and the LSTM reads the softer image as well.
    take(pix, pixScaleGeneral(pix.get(), factor, factor, 0.0f, 0));
  }
  take(pix, pixBackgroundNormSimple(pix.get(), nullptr, nullptr));
  take(pix, pixDeskew(pix.get(), 0));
  pixSetResolution(pix.get(), 300, 300);
  return pix;
}

struct PlacedLine {
  OcrLine line;
  int left = 0, top = 0, right = 0, bottom = 0;
};

std::vector<PlacedLine> recognise_lines(tesseract::TessBaseAPI& api) {
  std::vector<PlacedLine> lines;
  if (api.Recognize(nullptr) != 0) return lines;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return lines;
  do {
    std::unique_ptr<char, TextDeleter> text(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
    if (!text) continue;
    std::string line(text.get());
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    PlacedLine placed{{line, it->Confidence(tesseract::RIL_TEXTLINE)}};
    it->BoundingBox(tesseract::RIL_TEXTLINE, &placed.left, &placed.top, &placed.right, &placed.bottom);
    lines.push_back(std::move(placed));
  } while (it->Next(tesseract::RIL_TEXTLINE));
  return lines;
}

std::vector<OcrLine> collect_lines(tesseract::TessBaseAPI& api) {
  std::vector<OcrLine> lines;
  for (auto& placed : recognise_lines(api)) lines.push_back(std::move(placed.line));
  return lines;
}

// Tesseract reads a page by blocks: a form's labels come out as one column
// and their values as another, far from each other. Lines are put back
// side by side when they share most of their height and do not overlap
// across: a row is what a reader sees as one line of the form.
std::vector<OcrLine> collect_rows(tesseract::TessBaseAPI& api) {
  auto lines = recognise_lines(api);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const PlacedLine& a, const PlacedLine& b) { return a.top < b.top; });
  std::vector<std::vector<PlacedLine>> rows;
  for (auto& line : lines) {
    std::vector<PlacedLine>* best = nullptr;
    int best_overlap = 0;
    for (auto& row : rows) {
      bool fits = true;
      int overlap = 0;
      for (const auto& other : row) {
        const int shared = std::min(line.bottom, other.bottom) - std::max(line.top, other.top);
        const int lower = std::min(line.bottom - line.top, other.bottom - other.top);
        fits = fits && shared * 2 >= lower && (line.right <= other.left || other.right <= line.left);
        overlap = std::max(overlap, shared);
      }
      if (fits && overlap > best_overlap) {
        best = &row;
        best_overlap = overlap;
      }
    }
    if (best)
      best->push_back(std::move(line));
    else
      rows.push_back({std::move(line)});
  }
  std::vector<OcrLine> out;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(),
              [](const PlacedLine& a, const PlacedLine& b) { return a.left < b.left; });
    OcrLine joined;
    double confidence = 0, weight = 0;
    for (const auto& part : row) {
      joined.text += (joined.text.empty() ? "" : "\t") + part.line.text;
      confidence += part.line.confidence * static_cast<double>(part.line.text.size());
      weight += static_cast<double>(part.line.text.size());
    }
    joined.confidence = weight > 0 ? static_cast<float>(confidence / weight) : 0.0f;
    out.push_back(std::move(joined));
  }
  return out;
}

// `init_only`: parameters Tesseract reads while loading (SetVariable after
// Init has no effect on them).
void init(tesseract::TessBaseAPI& api, const OcrEngineOptions& options, const char* language,
          std::vector<std::string> init_names = {}, std::vector<std::string> init_values = {}) {
  const char* dir = options.tessdata_dir.empty() ? nullptr : options.tessdata_dir.c_str();
  if (api.Init(dir, language, tesseract::OEM_LSTM_ONLY, nullptr, 0, &init_names, &init_values, false) != 0)
    throw Error(ErrorCode::unavailable, "Moteur OCR indisponible.", "OCR engine unavailable.",
                std::string("tesseract language ") + language);
  api.SetVariable("debug_file", "/dev/null");
  // Pieces are dark text on light paper: do not re-read every doubtful line
  // inverted (Tesseract 5's default), which costs time for nothing here.
  api.SetVariable("tessedit_do_invert", "0");
}

void configure_mrz(tesseract::TessBaseAPI& api) {
  api.SetVariable("tessedit_char_whitelist", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
  api.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
}

}  // namespace

struct OcrEngine::Impl {
  OcrEngineOptions options;
  tesseract::TessBaseAPI text;
  tesseract::TessBaseAPI mrz;
  // Orientation detection (legacy engine, osd.traineddata): loaded the first
  // time a page needs it, so that upright pieces never pay for it.
  std::unique_ptr<tesseract::TessBaseAPI> osd;
  bool osd_unavailable = false;
  // The French model with the MRZ alphabet: loaded the first time an MRZ
  // fails its check digits (a second opinion, see MrzModel).
  std::unique_ptr<tesseract::TessBaseAPI> mrz_french;

  tesseract::TessBaseAPI& mrz_api(MrzModel model) {
    if (model == MrzModel::english) return mrz;
    if (!mrz_french) {
      auto api = std::make_unique<tesseract::TessBaseAPI>();
      init(*api, options, "fra", {"load_system_dawg", "load_freq_dawg"}, {"0", "0"});
      configure_mrz(*api);
      mrz_french = std::move(api);
    }
    return *mrz_french;
  }
};

OcrEngine::OcrEngine(OcrEngineOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  // One thread per engine: parallelism comes from worker processes, and
  // OpenMP threads on a shared core only slow Tesseract down (measured: 4x
  // the CPU time, spinning). libgomp reads OMP_THREAD_LIMIT when it is
  // loaded, before main, and Tesseract's num_threads clauses override
  // omp_set_num_threads: worker processes get the variable in their
  // environment (ingest::WorkerPool); in-process callers must start with it.
  setenv("OMP_THREAD_LIMIT", "1", 0);
  setMsgSeverity(L_SEVERITY_NONE);
  init(impl_->text, options, options.language.c_str());
  impl_->text.SetPageSegMode(tesseract::PSM_AUTO);
  // No English dictionary for the MRZ: its "words" are codes and fillers.
  init(impl_->mrz, options, "eng", {"load_system_dawg", "load_freq_dawg"}, {"0", "0"});
  configure_mrz(impl_->mrz);
}

OcrEngine::~OcrEngine() = default;

std::vector<OcrLine> OcrEngine::read_page(const ingest::PageImage& page, int rotate_quadrants,
                                          int long_side) {
  PixPtr pix = prepare(page, rotate_quadrants, long_side);
  impl_->text.SetImage(pix.get());
  auto rows = collect_rows(impl_->text);
  impl_->text.Clear();
  return rows;
}

std::vector<OcrLine> OcrEngine::read_mrz(const ingest::PageImage& page, MrzRegion region,
                                         int rotate_quadrants, int long_side, MrzModel model) {
  PixPtr pix = prepare(page, rotate_quadrants, long_side);
  const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  tesseract::TessBaseAPI& api = impl_->mrz_api(model);
  api.SetImage(pix.get());
  if (region == MrzRegion::bottom_band) api.SetRectangle(0, h * 55 / 100, w, h - h * 55 / 100);
  auto lines = collect_lines(api);
  api.Clear();
  return lines;
}

std::vector<OcrLine> OcrEngine::read_mrz_glyphs(const ingest::PageImage& page, MrzRegion region,
                                                int rotate_quadrants, int long_side) {
  PixPtr pix = prepare(page, rotate_quadrants, long_side);
  if (pixGetDepth(pix.get()) != 8) take(pix, pixConvertTo8(pix.get(), 0));
  const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  const int top = region == MrzRegion::bottom_band ? h * 55 / 100 : 0;
  ingest::PageImage band;
  band.width = w;
  band.height = h - top;
  band.gray.resize(static_cast<std::size_t>(band.width) * static_cast<std::size_t>(band.height));
  const l_uint32* data = pixGetData(pix.get());
  const l_int32 wpl = pixGetWpl(pix.get());
  for (int y = 0; y < band.height; ++y) {
    const l_uint32* line = data + static_cast<std::size_t>(y + top) * wpl;
    for (int x = 0; x < w; ++x)
      band.gray[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] =
          static_cast<std::uint8_t>(GET_DATA_BYTE(line, x));
  }
  std::vector<OcrLine> lines;
  for (auto& reading : read_ocrb_lines(band))
    lines.push_back(
        {std::move(reading.text), static_cast<float>(std::min(100.0, 100.0 * reading.min_margin))});
  return lines;
}

std::optional<int> OcrEngine::upright_turns(const ingest::PageImage& page) {
  if (impl_->osd_unavailable) return std::nullopt;
  if (!impl_->osd) {
    auto osd = std::make_unique<tesseract::TessBaseAPI>();
    const char* dir = impl_->options.tessdata_dir.empty() ? nullptr : impl_->options.tessdata_dir.c_str();
    if (osd->Init(dir, "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
      impl_->osd_unavailable = true;
      return std::nullopt;
    }
    osd->SetVariable("debug_file", "/dev/null");
    osd->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    impl_->osd = std::move(osd);
  }
  PixPtr pix = prepare(page, 0, 1500);
  impl_->osd->SetImage(pix.get());
  int degrees = 0;
  float orientation_confidence = 0.0f, script_confidence = 0.0f;
  const char* script = nullptr;
  const bool found =
      impl_->osd->DetectOrientationScript(&degrees, &orientation_confidence, &script, &script_confidence);
  impl_->osd->Clear();
  // Measured on our pieces: text pages say 7-13, ID cards (OCR-B capitals,
  // little text) say anything below 6, often wrongly.
  if (!found || orientation_confidence < 3.0f) return std::nullopt;
  // Tesseract reports how far the page is turned clockwise; undo it.
  return (4 - (degrees / 90) % 4) % 4;
}

}  // namespace cesp::ocr
