// Benign synthetic pictures for tests, benchmarks and the demo: smooth colour waves and a disc,
// varied by a seed, plus the edits a re-upload typically gets (resize, recompression, crop), and
// PNG/JPEG encoders. Nothing here reads any outside data.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "image/image.h"

namespace clearhost::synth {

// A deterministic picture; `seed` varies frequencies, phase and the disc.
image::RgbImage MakePicture(int width, int height, uint32_t seed);

// Nearest-neighbour resize (an "edited copy" of a picture).
image::RgbImage Resize(const image::RgbImage& picture, int width, int height);

// Keeps the rectangle [x, x+width) x [y, y+height).
image::RgbImage Crop(const image::RgbImage& picture, int x, int y, int width, int height);

std::vector<uint8_t> EncodePng(const image::RgbImage& picture);
std::vector<uint8_t> EncodeJpeg(const image::RgbImage& picture, int quality, bool progressive);

void WriteBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

}  // namespace clearhost::synth
