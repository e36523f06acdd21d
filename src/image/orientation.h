// Internal to image/: the EXIF orientation tag (also TIFF's Orientation tag, same values) and the
// pixel transforms it asks for, so a picture comes out as a person sees it.
//
// Values (EXIF 2.3, tag 0x0112): 1 as stored; 2 mirror horizontally; 3 rotate 180; 4 mirror
// vertically; 5 transpose (mirror across the main diagonal); 6 rotate 90 clockwise; 7 transverse
// (mirror across the anti-diagonal); 8 rotate 90 counter-clockwise (270 clockwise).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>

#include "image/image.h"

namespace clearhost::image::internal {

// The orientation (1..8) in a JPEG APP1 payload ("Exif\0\0" + TIFF header + IFD0), read with
// every offset bounds-checked; 1 when the payload is not EXIF, is malformed, or has no valid tag.
int ReadExifOrientation(std::span<const uint8_t> app1_payload);

// True when `app1_payload` starts with the EXIF identifier "Exif\0\0".
bool IsExifPayload(std::span<const uint8_t> app1_payload);

// The picture transformed as `orientation` asks (5..8 swap width and height). Orientation 1 or a
// value outside 1..8 returns the picture unchanged.
RgbImage ApplyOrientation(RgbImage image, int orientation);

}  // namespace clearhost::image::internal
