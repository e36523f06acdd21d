// A small SVG writer for the charts: rectangles, lines, polylines and text, in user units
// (pixels), with every attribute value escaped. Output is a standalone SVG 1.1 document that
// also embeds in HTML. Text uses a generic sans-serif font so no font file is needed.
// Thread-safety: an SvgWriter is used by one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clearhost::stats {

enum class TextAnchor { kStart, kMiddle, kEnd };

class SvgWriter {
 public:
  SvgWriter(int width, int height);

  void Rect(double x, double y, double width, double height, std::string_view fill);
  void Line(double x1, double y1, double x2, double y2, std::string_view stroke,
            double stroke_width = 1.0);
  void Polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                double stroke_width = 2.0);
  void Circle(double x, double y, double radius, std::string_view fill);
  // `rotate` in degrees about (x, y); font size in pixels.
  void Text(double x, double y, std::string_view text, double font_size,
            TextAnchor anchor = TextAnchor::kStart, std::string_view fill = "#222",
            double rotate = 0, bool bold = false);
  // A <title> for accessibility.
  void Title(std::string_view title);

  // The document, with the closing tag.
  std::string Finish() const;

 private:
  std::string body_;
  int width_;
  int height_;
};

// `text` with &, <, >, " and ' escaped for XML.
std::string XmlEscape(std::string_view text);

}  // namespace clearhost::stats
