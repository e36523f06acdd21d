// JPEG decoding through libjpeg-turbo with its default settings (JDCT_ISLOW, fancy upsampling),
// which give exactly ImageMagick's pixels; optional DCT-domain downscaling for the fast mode.
//
// libjpeg reports errors by calling error_exit, which must not return: ours longjmps back to the
// one setjmp in RunDecompress. Everything with a destructor lives in DecodeJpeg's frame (above
// the setjmp), so the jump skips no destructor.
// clang-format off
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include <csetjmp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"
#include "image/orientation.h"

namespace clearhost::image::internal {
namespace {

// A real progressive JPEG has about 10 scans; thousands of tiny scans are a CPU bomb
// (each scan re-walks the whole coefficient buffer).
constexpr int kMaxScans = 500;

enum class JpegFailure { kNone, kLibraryError, kTruncated, kTooManyScans };

// Trivially destructible: it may be abandoned by longjmp.
struct JpegContext {
  jpeg_decompress_struct cinfo;
  jpeg_error_mgr error_manager;
  jpeg_progress_mgr progress;
  std::jmp_buf jump;
  JpegFailure failure;
  char message[JMSG_LENGTH_MAX];
};

JpegContext& ContextOf(j_common_ptr cinfo) {
  return *static_cast<JpegContext*>(cinfo->client_data);
}

[[noreturn]] void Fail(j_common_ptr cinfo, JpegFailure failure) {
  JpegContext& context = ContextOf(cinfo);
  context.failure = failure;
  if (failure == JpegFailure::kLibraryError) (*cinfo->err->format_message)(cinfo, context.message);
  std::longjmp(context.jump, 1);
}

void OnError(j_common_ptr cinfo) {
  Fail(cinfo, JpegFailure::kLibraryError);
}

// Warnings (level -1) about corrupt entropy data are tolerated as ImageMagick does, except
// running out of input: a truncated file is an error, not a grey bottom half.
void OnMessage(j_common_ptr cinfo, int msg_level) {
  if (msg_level >= 0) return;  // trace messages
  if (cinfo->err->msg_code == JWRN_JPEG_EOF) Fail(cinfo, JpegFailure::kTruncated);
  cinfo->err->num_warnings++;
}

void OnProgress(j_common_ptr cinfo) {
  if (reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > kMaxScans) {
    Fail(cinfo, JpegFailure::kTooManyScans);
  }
}

uint64_t CeilDiv(uint64_t value, uint64_t divisor) {
  return (value + divisor - 1) / divisor;
}

// The largest of 8, 4, 2 whose scaled width and height both stay >= min_dimension; else 1.
unsigned ScaleDenominator(uint64_t width, uint64_t height, int min_dimension) {
  if (min_dimension <= 0) return 1;
  for (unsigned denominator : {8u, 4u, 2u}) {
    if (CeilDiv(width, denominator) >= uint64_t(min_dimension) &&
        CeilDiv(height, denominator) >= uint64_t(min_dimension)) {
      return denominator;
    }
  }
  return 1;
}

// Adobe CMYK as Photoshop writes it is stored inverted; libjpeg hands the stored values back, and
// ImageMagick's conversion reduces to R = C * K / 255 on them, rounded.
uint8_t CmykToChannel(unsigned ink, unsigned black) {
  return uint8_t((ink * black + 127) / 255);
}

void ConvertRow(const uint8_t* in, int components, int width, uint8_t* out) {
  for (int x = 0; x < width; ++x, out += 3, in += components) {
    if (components == 1) {
      out[0] = out[1] = out[2] = in[0];
    } else {  // CMYK
      out[0] = CmykToChannel(in[0], in[3]);
      out[1] = CmykToChannel(in[1], in[3]);
      out[2] = CmykToChannel(in[2], in[3]);
    }
  }
}

// Runs libjpeg from header to last scanline; false when it stopped early, with `context.failure`
// or `early_error` saying why. Locals here are trivially destructible.
bool RunDecompress(JpegContext& context, std::span<const uint8_t> bytes,
                   const DecodeOptions& options, DecodedImage& out, std::vector<uint8_t>& row,
                   Status& early_error) {
  if (setjmp(context.jump) != 0) return false;
  jpeg_decompress_struct& cinfo = context.cinfo;
  jpeg_create_decompress(&cinfo);  // keeps err and client_data
  cinfo.progress = &context.progress;
  jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
    early_error = absl::InvalidArgumentError("JPEG has tables but no image");
    return false;
  }
  early_error = CheckPixelLimit(cinfo.image_width, cinfo.image_height, options);
  if (!early_error.ok()) return false;
  out.stored_width = int(cinfo.image_width);
  out.stored_height = int(cinfo.image_height);
  for (jpeg_saved_marker_ptr marker = cinfo.marker_list; marker; marker = marker->next) {
    const std::span<const uint8_t> payload(marker->data, marker->data_length);
    if (marker->marker == JPEG_APP0 + 1 && IsExifPayload(payload)) {
      out.exif_orientation = ReadExifOrientation(payload);
      break;
    }
  }
  switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
      cinfo.out_color_space = JCS_GRAYSCALE;
      break;
    case JCS_CMYK:
    case JCS_YCCK:  // libjpeg converts YCCK to (inverted) CMYK
      cinfo.out_color_space = JCS_CMYK;
      break;
    case JCS_RGB:
    case JCS_YCbCr:
      cinfo.out_color_space = JCS_RGB;
      break;
    default:
      early_error = absl::InvalidArgumentError(
          absl::StrCat("JPEG with ", cinfo.num_components, " colour components is not supported"));
      return false;
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom =
      ScaleDenominator(cinfo.image_width, cinfo.image_height, options.jpeg_min_dimension);
  jpeg_start_decompress(&cinfo);
  out.image = MakeRgbImage(int(cinfo.output_width), int(cinfo.output_height));
  const int components = cinfo.output_components;
  if (components != 3) row.resize(size_t(cinfo.output_width) * components);
  while (cinfo.output_scanline < cinfo.output_height) {
    uint8_t* target = &out.image.rgb[size_t(cinfo.output_scanline) * cinfo.output_width * 3];
    JSAMPROW scanline = components == 3 ? target : row.data();
    if (jpeg_read_scanlines(&cinfo, &scanline, 1) != 1) {
      early_error = absl::DataLossError("truncated JPEG data");
      return false;
    }
    if (components != 3) ConvertRow(row.data(), components, int(cinfo.output_width), target);
  }
  // No jpeg_finish_decompress: every pixel is decoded, and a missing EOI marker or trailing
  // bytes after the image must not fail the picture.
  return true;
}

}  // namespace

Result<DecodedImage> DecodeJpeg(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  DecodedImage out;
  std::vector<uint8_t> row;
  Status early_error;
  JpegContext context{};
  context.cinfo.err = jpeg_std_error(&context.error_manager);
  context.cinfo.client_data = &context;
  context.error_manager.error_exit = OnError;
  context.error_manager.emit_message = OnMessage;
  context.progress.progress_monitor = OnProgress;
  // Frees libjpeg's memory on every path (safe on a never-created, zeroed struct too).
  struct Destroy {
    jpeg_decompress_struct* cinfo;
    ~Destroy() { jpeg_destroy_decompress(cinfo); }
  } destroy{&context.cinfo};
  if (RunDecompress(context, bytes, options, out, row, early_error)) return out;
  if (!early_error.ok()) return early_error;
  switch (context.failure) {
    case JpegFailure::kTruncated:
      return absl::DataLossError("truncated JPEG data");
    case JpegFailure::kTooManyScans:
      return absl::ResourceExhaustedError(absl::StrCat("JPEG has more than ", kMaxScans, " scans"));
    case JpegFailure::kLibraryError:
    case JpegFailure::kNone:
      break;
  }
  const int code = context.error_manager.msg_code;
  if (code == JERR_BAD_PRECISION || code == JERR_NOT_COMPILED || code == JERR_CONVERSION_NOTIMPL) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported JPEG: ", context.message));
  }
  return absl::DataLossError(absl::StrCat("corrupt JPEG data: ", context.message));
}

}  // namespace clearhost::image::internal
