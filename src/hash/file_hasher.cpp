#include "hash/file_hasher.h"

#include "core/file_io.h"
#include "hash/reference_tool.h"

namespace clearhost::hash {

FileHashRecord FileHasher::HashFile(const std::filesystem::path& path) {
  auto bytes = ReadFileLimited(path, options_.max_file_bytes);
  if (!bytes.ok()) {
    FileHashRecord record;
    record.error = bytes.status();
    return record;
  }
  return HashBytes(*bytes);
}

FileHashRecord FileHasher::HashBytes(std::span<const uint8_t> bytes) {
  FileHashRecord record;
  record.bytes = bytes.size();
  auto digests = ComputeDigests(bytes);
  if (!digests.ok()) {
    record.error = digests.status();
    return record;
  }
  record.digests = *std::move(digests);
  record.format = image::SniffImageFormat(bytes);

  image::DecodeOptions decode;
  decode.max_pixels = options_.max_pixels;
  decode.apply_exif_orientation = options_.mode != HashMode::kReferenceTool;
  if (options_.mode == HashMode::kFast) decode.jpeg_min_dimension = options_.fast_min_dimension;
  auto decoded = image::DecodeImage(bytes, decode);
  if (!decoded.ok()) {
    record.error = decoded.status();
    return record;
  }
  const image::RgbImage& picture = decoded->image;
  record.width = picture.width;
  record.height = picture.height;

  RgbView view{picture.rgb.data(), picture.width, picture.height, size_t(picture.width) * 3};
  LumaSource luma = LumaSource::kWeightedRgb;
  if (options_.mode == HashMode::kReferenceTool) {
    luma = LumaSource::kGreyWhenAllGrey;
    if (ReferenceToolResizes(view.width, view.height)) view = ReferenceToolResize(view, resized_);
  }
  if (options_.dihedral) {
    record.pdq = pdq_.HashDihedral(view, luma);
  } else {
    const PdqHash single = pdq_.Hash(view, luma);
    PdqDihedralHashes hashes;
    hashes.hashes[0] = single.hash;
    hashes.quality = single.quality;
    record.pdq = hashes;
  }
  return record;
}

}  // namespace clearhost::hash
