// Writes the demo's benign pictures: N originals (PNG and JPEG, 640-1600 px) into DIR/originals
// and, for each, edited copies into DIR/uploads (JPEG recompression, resize, slight crop) plus
// unrelated pictures, so the demo can show that edited copies stay within a few bits.
// Usage: make_demo_pictures DIR [COUNT]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "picture_synth.h"

namespace fs = std::filesystem;
using namespace clearhost;

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s DIR [COUNT]\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  const int count = argc == 3 ? std::atoi(argv[2]) : 6;
  if (count < 1 || count > 1000) {
    std::fprintf(stderr, "%s: COUNT must be 1..1000, got '%s'\n", argv[0], argv[2]);
    return 2;
  }
  try {
    fs::create_directories(dir / "originals");
    fs::create_directories(dir / "uploads");
    for (int i = 0; i < count; ++i) {
      const int width = 640 + 160 * (i % 6), height = 480 + 120 * (i % 5);
      const image::RgbImage original = synth::MakePicture(width, height, 1000 + i);
      const std::string name = "picture-" + std::to_string(i);
      synth::WriteBytes(dir / "originals" / (name + ".png"), synth::EncodePng(original));
      synth::WriteBytes(dir / "uploads" / (name + "-recompressed.jpg"),
                        synth::EncodeJpeg(original, 70, false));
      synth::WriteBytes(
          dir / "uploads" / (name + "-half-size.jpg"),
          synth::EncodeJpeg(synth::Resize(original, width / 2, height / 2), 85, true));
      const image::RgbImage cropped =
          synth::Crop(original, width / 50, height / 50, width - width / 25, height - height / 25);
      synth::WriteBytes(dir / "uploads" / (name + "-cropped.png"), synth::EncodePng(cropped));
      synth::WriteBytes(dir / "uploads" / ("unrelated-" + std::to_string(i) + ".jpg"),
                        synth::EncodeJpeg(synth::MakePicture(width, height, 5000 + i), 90, false));
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
    return 1;
  }
  return 0;
}
