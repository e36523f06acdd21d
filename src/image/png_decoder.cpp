// PNG decoding through libpng's low-level API: palette expanded, grey replicated, 16-bit samples
// scaled with rounding (png_set_scale_16), alpha dropped with colour channels as stored (no
// compositing), gamma and ICC ignored (no colour management), Adam7 handled by libpng.
//
// libpng reports errors through our error function, which longjmps back to the one setjmp in
// RunPngRead. Everything with a destructor lives in DecodePng's frame, above the setjmp.
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "image/decoders.h"

namespace clearhost::image::internal {
namespace {

// Trivially destructible: it may be abandoned by longjmp.
struct PngContext {
  const uint8_t* data;
  size_t size;
  size_t offset;
  bool truncated;
  bool over_dimension_limit;
  char message[256];
};

// Pixel buffers owned by DecodePng's frame.
struct PngBuffers {
  DecodedImage out;
  std::vector<uint8_t> rows;  // one row, or the whole image when interlaced
  std::vector<png_bytep> row_pointers;
};

void OnPngError(png_structp png, png_const_charp message) {
  auto* context = static_cast<PngContext*>(png_get_error_ptr(png));
  std::snprintf(context->message, sizeof(context->message), "%s", message);
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp png, png_const_charp message) {
  // png_set_user_limits refusals arrive as this warning, then the error "Invalid IHDR data".
  if (std::strstr(message, "exceeds user limit") != nullptr) {
    static_cast<PngContext*>(png_get_error_ptr(png))->over_dimension_limit = true;
  }
}

void ReadPngBytes(png_structp png, png_bytep out, size_t length) {
  auto* context = static_cast<PngContext*>(png_get_io_ptr(png));
  if (length > context->size - context->offset) {
    context->truncated = true;
    png_error(png, "truncated PNG data");
  }
  std::memcpy(out, context->data + context->offset, length);
  context->offset += length;
}

// Ancillary chunks that cost memory or CPU (compressed text, ICC profiles) and that we never use.
constexpr png_byte kIgnoredChunks[] = "iCCP\0iTXt\0tEXt\0zTXt\0eXIf\0sPLT";
constexpr int kIgnoredChunkCount = 6;

void ConvertRow(const uint8_t* in, int channels, uint32_t width, uint8_t* out) {
  for (uint32_t x = 0; x < width; ++x, in += channels, out += 3) {
    if (channels <= 2) {  // grey, grey + alpha
      out[0] = out[1] = out[2] = in[0];
    } else {  // RGB, RGBA
      std::memcpy(out, in, 3);
    }
  }
}

// Runs libpng from signature to last row; false when it stopped early, with the context or
// `early_error` saying why. Locals here are trivially destructible.
bool RunPngRead(png_structp png, png_infop info, const DecodeOptions& options, PngBuffers& buffers,
                Status& early_error) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_set_user_limits(png, uint32_t{kMaxDimension}, uint32_t{kMaxDimension});
  png_set_chunk_cache_max(png, 1000);
  png_set_chunk_malloc_max(png, 16 << 20);
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, kIgnoredChunks, kIgnoredChunkCount);
  png_read_info(png, info);
  const uint32_t width = png_get_image_width(png, info);
  const uint32_t height = png_get_image_height(png, info);
  early_error = CheckPixelLimit(width, height, options);
  if (!early_error.ok()) return false;
  const int color_type = png_get_color_type(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if ((color_type & PNG_COLOR_MASK_COLOR) == 0 && bit_depth < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const int channels = png_get_channels(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  if (png_get_bit_depth(png, info) != 8 || channels < 1 || channels > 4 ||
      row_bytes != size_t(width) * channels) {
    early_error = absl::InvalidArgumentError("unsupported PNG pixel layout");
    return false;
  }
  buffers.out.stored_width = int(width);
  buffers.out.stored_height = int(height);
  buffers.out.image = MakeRgbImage(int(width), int(height));
  uint8_t* rgb = buffers.out.image.rgb.data();
  if (passes == 1) {
    buffers.rows.resize(row_bytes);
    for (uint32_t y = 0; y < height; ++y) {
      png_read_row(png, buffers.rows.data(), nullptr);
      ConvertRow(buffers.rows.data(), channels, width, rgb + size_t(y) * width * 3);
    }
    return true;
  }
  buffers.rows.resize(row_bytes * height);
  buffers.row_pointers.resize(height);
  for (uint32_t y = 0; y < height; ++y) buffers.row_pointers[y] = &buffers.rows[y * row_bytes];
  png_read_image(png, buffers.row_pointers.data());
  for (uint32_t y = 0; y < height; ++y) {
    ConvertRow(buffers.row_pointers[y], channels, width, rgb + size_t(y) * width * 3);
  }
  return true;
}

// The limit check on IHDR, the first chunk, straight from the bytes: libpng's png_read_info only
// returns after the chunks that precede IDAT, and a lying header must be refused even then.
// Layout: 8-byte signature, then length(4) "IHDR" width(4) height(4), big-endian.
Status CheckIhdrLimit(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  if (bytes.size() < 24 || std::memcmp(&bytes[12], "IHDR", 4) != 0) return absl::OkStatus();
  auto be32 = [&](size_t at) {
    return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 |
           uint32_t(bytes[at + 2]) << 8 | uint32_t(bytes[at + 3]);
  };
  return CheckPixelLimit(be32(16), be32(20), options);
}

}  // namespace

Result<DecodedImage> DecodePng(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  CLEARHOST_RETURN_IF_ERROR(CheckIhdrLimit(bytes, options));
  PngBuffers buffers;
  Status early_error;
  PngContext context{};
  context.data = bytes.data();
  context.size = bytes.size();
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, OnPngError, OnPngWarning);
  if (png == nullptr) return absl::ResourceExhaustedError("cannot create a PNG reader");
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return absl::ResourceExhaustedError("cannot create a PNG reader");
  }
  struct Destroy {
    png_structp png;
    png_infop info;
    ~Destroy() { png_destroy_read_struct(&png, &info, nullptr); }
  } destroy{png, info};
  png_set_read_fn(png, &context, ReadPngBytes);
  if (RunPngRead(png, info, options, buffers, early_error)) return std::move(buffers.out);
  if (!early_error.ok()) return early_error;
  if (context.truncated) return absl::DataLossError("truncated PNG data");
  if (context.over_dimension_limit) {
    return absl::ResourceExhaustedError(
        absl::StrCat("PNG width or height is over the limit of ", kMaxDimension, " pixels"));
  }
  return absl::DataLossError(absl::StrCat("corrupt PNG data: ", context.message));
}

}  // namespace clearhost::image::internal
