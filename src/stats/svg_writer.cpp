#include "stats/svg_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace clearhost::stats {
namespace {

std::string Number(double value) {
  return absl::StrFormat("%.2f", value);
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

SvgWriter::SvgWriter(int width, int height) : width_(width), height_(height) {}

void SvgWriter::Rect(double x, double y, double width, double height, std::string_view fill) {
  absl::StrAppend(&body_, "<rect x=\"", Number(x), "\" y=\"", Number(y), "\" width=\"",
                  Number(width), "\" height=\"", Number(height), "\" fill=\"", XmlEscape(fill),
                  "\"/>\n");
}

void SvgWriter::Line(double x1, double y1, double x2, double y2, std::string_view stroke,
                     double stroke_width) {
  absl::StrAppend(&body_, "<line x1=\"", Number(x1), "\" y1=\"", Number(y1), "\" x2=\"", Number(x2),
                  "\" y2=\"", Number(y2), "\" stroke=\"", XmlEscape(stroke), "\" stroke-width=\"",
                  Number(stroke_width), "\"/>\n");
}

void SvgWriter::Polyline(const std::vector<std::pair<double, double>>& points,
                         std::string_view stroke, double stroke_width) {
  std::string coordinates;
  for (const auto& [x, y] : points) {
    absl::StrAppend(&coordinates, coordinates.empty() ? "" : " ", Number(x), ",", Number(y));
  }
  absl::StrAppend(&body_, "<polyline points=\"", coordinates, "\" fill=\"none\" stroke=\"",
                  XmlEscape(stroke), "\" stroke-width=\"", Number(stroke_width), "\"/>\n");
}

void SvgWriter::Circle(double x, double y, double radius, std::string_view fill) {
  absl::StrAppend(&body_, "<circle cx=\"", Number(x), "\" cy=\"", Number(y), "\" r=\"",
                  Number(radius), "\" fill=\"", XmlEscape(fill), "\"/>\n");
}

void SvgWriter::Text(double x, double y, std::string_view text, double font_size, TextAnchor anchor,
                     std::string_view fill, double rotate, bool bold) {
  const char* anchor_name = anchor == TextAnchor::kStart    ? "start"
                            : anchor == TextAnchor::kMiddle ? "middle"
                                                            : "end";
  absl::StrAppend(&body_, "<text x=\"", Number(x), "\" y=\"", Number(y), "\" font-size=\"",
                  Number(font_size), "\" text-anchor=\"", anchor_name, "\" fill=\"",
                  XmlEscape(fill), "\"", bold ? " font-weight=\"bold\"" : "");
  if (rotate != 0) {
    absl::StrAppend(&body_, " transform=\"rotate(", Number(rotate), " ", Number(x), " ", Number(y),
                    ")\"");
  }
  absl::StrAppend(&body_, ">", XmlEscape(text), "</text>\n");
}

void SvgWriter::Title(std::string_view title) {
  absl::StrAppend(&body_, "<title>", XmlEscape(title), "</title>\n");
}

std::string SvgWriter::Finish() const {
  return absl::StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"", width_,
                      "\" height=\"", height_, "\" viewBox=\"0 0 ", width_, " ", height_,
                      "\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\">\n",
                      "<rect width=\"", width_, "\" height=\"", height_, "\" fill=\"#ffffff\"/>\n",
                      body_, "</svg>\n");
}

}  // namespace clearhost::stats
