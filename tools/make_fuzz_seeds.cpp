// Writes a generated seed corpus for a fuzz target. decode_image: small benign pictures in every
// container the decoders read (PNG, baseline and progressive JPEG, JPEG with EXIF orientation,
// WebP, GIF, TIFF, BMP, PPM/PGM/PBM). plain_list: small valid and broken plain hash lists.
// index_file: small index files. list_formats: small valid and broken lists in every format of
// lists/list_format.h, padded with line feeds so that the fuzzer reads each in its own format.
// list_signature: minisign public keys, secret keys and signatures (good, legacy, bad, CRLF),
// each behind the selector byte fuzz/list_signature_fuzzer.cpp reads. decode_video: tiny
// generated videos in several containers and codecs (tools/video_synth), and an audio-only file.
// scan_archive: archives of every format the scanner opens, nested ones and a small bomb.
// stats_csv: the stats input CSVs (reports, population, countries, regions, notices);
// prefix_table: delegated and pfx2as. as_org: CAIDA as2org files. mmdb: small MaxMind databases
// (tools/mmdb_synth.h) of both kinds and families, and broken ones.
// Usage: make_fuzz_seeds TARGET DIR
#include <tiffio.h>
#include <webp/encode.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../fuzz/list_signature_fuzz_key.h"
#include "archive_synth.h"
#include "index/index_file.h"
#include "lists/list_format.h"
#include "lists/list_signature.h"
#include "lists/signing_keys.h"
#include "mmdb_synth.h"
#include "notice_mail_synth.h"
#include "picture_synth.h"
#include "video_synth.h"

namespace fs = std::filesystem;
using namespace clearhost;

namespace {

void Put16(std::vector<uint8_t>& out, uint16_t v) {
  out.insert(out.end(), {uint8_t(v), uint8_t(v >> 8)});
}
void Put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(uint8_t(v >> shift));
}

std::vector<uint8_t> Bmp24(const image::RgbImage& p) {
  const int row = (p.width * 3 + 3) & ~3;
  std::vector<uint8_t> out = {'B', 'M'};
  Put32(out, 54 + row * p.height);
  Put32(out, 0);
  Put32(out, 54);
  Put32(out, 40);
  Put32(out, p.width);
  Put32(out, p.height);
  Put16(out, 1);
  Put16(out, 24);
  for (int i = 0; i < 6; ++i) Put32(out, 0);
  for (int y = p.height - 1; y >= 0; --y) {
    for (int x = 0; x < p.width; ++x) {
      const uint8_t* px = &p.rgb[(size_t(y) * p.width + x) * 3];
      out.insert(out.end(), {px[2], px[1], px[0]});
    }
    out.resize(out.size() + (row - p.width * 3), 0);
  }
  return out;
}

std::vector<uint8_t> Ppm(const image::RgbImage& p) {
  const std::string header =
      "P6\n# seed\n" + std::to_string(p.width) + " " + std::to_string(p.height) + "\n255\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  out.insert(out.end(), p.rgb.begin(), p.rgb.end());
  return out;
}

std::vector<uint8_t> Text(const std::string& text) {
  return {text.begin(), text.end()};
}

// A 2x2 two-colour GIF89a (global palette, one LZW-coded frame).
std::vector<uint8_t> TinyGif() {
  return {'G', 'I',  'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0, 255,  0,    0,    0, 0,
          255, 0x2c, 0,   0,   0,   0,   2, 0, 2, 0, 0,    2, 3, 0x84, 0x1d, 0x05, 0, 0x3b};
}

// A JPEG with an APP1 EXIF segment saying orientation 6.
std::vector<uint8_t> JpegWithExif(const image::RgbImage& p) {
  std::vector<uint8_t> jpeg = synth::EncodeJpeg(p, 80, false);
  const std::vector<uint8_t> app1 = {0xff, 0xe1, 0, 34, 'E', 'x', 'i', 'f', 0,    0,    'I', 'I',
                                     42,   0,    8, 0,  0,   0,   1,   0,   0x12, 0x01, 3,   0,
                                     1,    0,    0, 0,  6,   0,   0,   0,   0,    0,    0,   0};
  jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
  return jpeg;
}

std::vector<uint8_t> Webp(const image::RgbImage& p) {
  uint8_t* output = nullptr;
  const size_t size = WebPEncodeLosslessRGB(p.rgb.data(), p.width, p.height, p.width * 3, &output);
  std::vector<uint8_t> out(output, output + size);
  WebPFree(output);
  return out;
}

void WriteTiff(const image::RgbImage& p, const fs::path& path) {
  TIFF* tiff = TIFFOpen(path.c_str(), "w");
  if (tiff == nullptr) throw std::runtime_error("cannot write " + path.string());
  TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, p.width);
  TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, p.height);
  TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, 4);
  for (int y = 0; y < p.height; ++y) {
    TIFFWriteScanline(tiff, const_cast<uint8_t*>(&p.rgb[size_t(y) * p.width * 3]), y, 0);
  }
  TIFFClose(tiff);
}

void WriteDecodeImageSeeds(const fs::path& dir) {
  const image::RgbImage small = synth::MakePicture(24, 16, 1);
  const image::RgbImage medium = synth::MakePicture(70, 40, 2);
  synth::WriteBytes(dir / "small.png", synth::EncodePng(small));
  synth::WriteBytes(dir / "medium.jpg", synth::EncodeJpeg(medium, 75, false));
  synth::WriteBytes(dir / "progressive.jpg", synth::EncodeJpeg(medium, 60, true));
  synth::WriteBytes(dir / "exif6.jpg", JpegWithExif(small));
  synth::WriteBytes(dir / "small.webp", Webp(small));
  synth::WriteBytes(dir / "tiny.gif", TinyGif());
  synth::WriteBytes(dir / "small.bmp", Bmp24(small));
  synth::WriteBytes(dir / "small.ppm", Ppm(small));
  synth::WriteBytes(dir / "plain.pgm", Text("P2\n3 2\n255\n0 128 255\n255 128 0\n"));
  synth::WriteBytes(dir / "plain.pbm", Text("P1\n4 2\n0 1 0 1\n1 0 1 0\n"));
  WriteTiff(small, dir / "small.tif");
}

// Lists in the layouts docs/formats.md describes, and each kind of bad line. The PDQ hashes are
// the formats document's example and a variant of it; the digests are the empty string's.
void WritePlainListSeeds(const fs::path& dir) {
  const std::string pdq_a = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
  const std::string pdq_b = "f8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2f";
  const std::string md5 = "d41d8cd98f00b204e9800998ecf8427e";
  const std::string sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
  const std::string sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  synth::WriteBytes(dir / "pdq.txt", Text("# signal_type: pdq\n# benign test list\n\n" + pdq_a +
                                          "\n" + pdq_b + "\n"));
  synth::WriteBytes(dir / "md5_crlf_bom.txt",
                    Text("\xEF\xBB\xBF# Signal_Type: MD5\r\n" + md5 + "\r\n\r\n" + md5 + "\r\n"));
  synth::WriteBytes(dir / "sha1_no_header.txt", Text(sha1 + "\n" + sha1));
  synth::WriteBytes(dir / "sha256.txt", Text("#signal_type:sha256\n" + sha256 + "  # note\n"));
  synth::WriteBytes(dir / "hash_output.txt",
                    Text(pdq_a + ",100,photos/a.jpg\n" + pdq_b + ",87,photos/b, c.png\n"));
  synth::WriteBytes(dir / "mixed.txt", Text("# signal_type: pdq\n" + pdq_a + "\n" + md5 + "\n" +
                                            sha1 + "\n" + pdq_a.substr(3) + "\nnot a hash\n\t " +
                                            pdq_b + "\t\n# signal_type: md5\n"));
  synth::WriteBytes(dir / "conflicting_header.txt",
                    Text("# signal_type: md5\n# signal_type: sha1\n" + md5 + "\n"));
  synth::WriteBytes(dir / "unknown_header.txt", Text("# signal_type: video_md5\n" + md5 + "\n"));
  synth::WriteBytes(dir / "binary.txt",
                    Text(pdq_a + "\n" + std::string(4, '\0') + "\xff\xfe\n" + pdq_b + "\n"));
  synth::WriteBytes(dir / "long_line.txt",
                    Text(pdq_a + "\n" + std::string(400, 'f') + "\n" + pdq_b + "\n"));
}

// The fuzzer picks the format by the input's size modulo the number of formats (see
// fuzz/list_formats_fuzzer.cpp): `text` with line feeds added until its size picks `format`.
std::vector<uint8_t> ForFormat(std::string text, lists::ListFormat format) {
  while (text.size() % lists::kAllListFormats.size() != size_t(format)) text += '\n';
  return Text(text);
}

// list_formats: each format's valid shape, CRLF and byte order mark variants, and its bad lines.
void WriteListFormatsSeeds(const fs::path& dir) {
  using lists::ListFormat;
  const std::string pdq = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
  const std::string md5 = "d41d8cd98f00b204e9800998ecf8427e";
  const std::string sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
  synth::WriteBytes(dir / "plain.txt", ForFormat("# signal_type: md5\n" + md5 + "\n" + sha1 + "\n",
                                                 ListFormat::kPlain));
  synth::WriteBytes(dir / "te.txt", ForFormat("pdq " + pdq + "\nmd5 " + md5 + "\nvideo_md5 " + md5 +
                                                  "\nsha1 " + sha1 + "\n",
                                              ListFormat::kTe));
  synth::WriteBytes(dir / "te_bad.txt",
                    ForFormat("\xEF\xBB\xBFpdq " + pdq + "\r\n" + pdq + "\nurl x\nvpdq " + pdq +
                                  "\nmd5 " + pdq + "\npdq " + pdq + " extra\n",
                              ListFormat::kTe));
  synth::WriteBytes(dir / "list.csv",
                    ForFormat("signal_type,signal,tags\npdq," + pdq + ",a b\nmd5,\"" + md5 +
                                  "\",\"x,\"\"y\"\"\"\nsha1," + sha1 + ",\"two\nlines\"\n",
                              ListFormat::kCsv));
  synth::WriteBytes(dir / "list_bad.csv",
                    ForFormat("note,SIGNAL,Signal_Type\nx," + pdq + ",pdq\ny," + md5 +
                                  "\nz,ab\"c\"d,md5\nw,\"" + md5 + "\"q,md5\nv,\"" + md5 + "\n",
                              ListFormat::kCsv));
  synth::WriteBytes(
      dir / "hma.csv",
      ForFormat("collab,signal_type,signal_str,category,tags\r\nSample Data,pdq," + pdq +
                    ",POSITIVE_CLASS,media_type_photo\r\n\"Bank, \"\"2\"\"\",md5," + md5 +
                    ",INVESTIGATION_SEED,\r\n",
                ListFormat::kHma));
  synth::WriteBytes(
      dir / "vpdq.txt",
      ForFormat("0,100," + pdq + ",0.000\n30,87," + pdq + ",1.001\n", ListFormat::kVpdq));
  synth::WriteBytes(dir / "vpdq_bad.txt",
                    ForFormat("0,100," + pdq + "\r\n-1,100," + pdq + ",0.000\n0,101," + pdq +
                                  ",1e3\n0,100," + pdq.substr(1) + ",.5\n",
                              ListFormat::kVpdq));
}

// list_signature: the selector byte (0 public key, 1 secret key, 2 signature, modulo 3; see
// fuzz/list_signature_fuzzer.cpp), then a file of that kind, signed by the fuzz target's key.
void WriteListSignatureSeeds(const fs::path& dir) {
  const auto write = [&dir](const std::string& name, char selector, const std::string& text) {
    synth::WriteBytes(dir / name, Text(std::string(1, selector) + text));
  };
  const auto check = [](auto result) {
    if (!result.ok()) throw std::runtime_error(std::string(result.status().message()));
    return *std::move(result);
  };
  const lists::SecretKey key = check(
      lists::ParseSecretKey(clearhost::fuzz::kListSignatureFuzzSecretKey, std::nullopt, "fixed"));
  const std::string public_key = lists::FormatPublicKey(key.public_key());
  write("public.pub", 0, public_key);
  write("public_bare.pub", 3, public_key.substr(public_key.find('\n') + 1));
  write("minisign.key", 1, clearhost::fuzz::kListSignatureFuzzSecretKey);
  write("clearhost.key", 4,
        check(lists::FormatSecretKey(key, std::nullopt, lists::kInteractiveKdf)));
  write("encrypted.key", 7, check(lists::FormatSecretKey(key, "password", lists::kInteractiveKdf)));
  const std::string message = clearhost::fuzz::kListSignatureFuzzMessage;
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(message.data()),
                                       message.size());
  const std::string good = check(lists::SignBytes(key, bytes, "timestamp:1\tfile:x\thashed", "u"));
  write("good.minisig", 2, good);
  write("legacy.minisig", 5, check(lists::SignBytes(key, bytes, "legacy", "u", false)));
  std::string crlf;
  for (const char c : good) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  write("crlf.minisig", 8, crlf);
  write("other_message.minisig", 11,
        check(lists::SignBytes(key, bytes.first(bytes.size() - 1), "other", "u")));
  const lists::KeyPair other = check(lists::GenerateKeyPair());
  write("other_key.minisig", 14, check(lists::SignBytes(other.secret_key, bytes, "k", "u")));
}

// index_file: small index files, with and without multi-index tables and digest sections.
// stats_csv: each stats input CSV, padded with line feeds so that its size picks its reader
// (fuzz/stats_csv_fuzzer.cpp: size % 5 = 0 reports, 1 population, 2 countries, 3 regions,
// 4 notices), with bad rows of each kind.
void WriteStatsCsvSeeds(const fs::path& dir) {
  const auto write = [&](const char* name, std::string text, size_t reader) {
    while (text.size() % 5 != reader) text += '\n';
    synth::WriteBytes(dir / name, Text(text));
  };
  write("reports.csv",
        "country,iso3,2019,2020\nNetherlands,NLD,\"25,753\",\"25,704\"\nBad,N1D,1,2\n"
        "Negative,ABC,-3,4\nNo Country Listed,,\"1,668,157\",7\nNetherlands,NL,1,\n",
        0);
  write("reports_long.csv", "iso2,year,reports\nNL,2020,5\nNL,2020,6\nBE,20x0,1\n", 0);
  write("population.csv",
        "\xEF\xBB\xBFLocation,Iso2,Iso3,Time,Variant,Sex,Value\n"
        "Netherlands,NL,NLD,2020,Median,Both sexes,17434558\n"
        "Netherlands,NL,NLD,2020,Median,Male,8000000\nNowhere,NW,NWH,2020,Median,Both sexes,0\n",
        1);
  write("countries.csv",
        "country,iso2,iso3,region\n\"Iran\",\"IR\",\"IRN\",\"Southern Asia\"\n"
        "\"Iraq\",\"IR\",\"IRQ\",\"Western Asia\"\n\"Europe\",,\"EEE\",\"Europe\"\n",
        2);
  write("regions.csv",
        "superregion,region\nAmericas,Latin America and the Caribbean\n"
        "Latin America and the Caribbean,Caribbean\nAntarctica,Antarctica\nCaribbean,Americas\n",
        3);
  write("notices.csv",
        "url,notified_at,removed_at,hoster,asn\n"
        "http://x.example/1,2024-01-01T00:00:00Z,2024-01-01T06:00:00Z,A,AS64496\n"
        "http://x.example/1,2024-01-01T12:00:00+01:00,2024-01-01T13:00:00Z,B,64497\n"
        "http://x.example/2,2024-01-01,,A,64496\nu,2024-01-02T00:00:00Z,2024-01-01T00:00:00Z,A,1\n",
        4);
}

// prefix_table: delegated-extended (even sizes) and pfx2as (odd sizes) files, with bad lines.
void WritePrefixTableSeeds(const fs::path& dir) {
  const auto write = [&](const char* name, std::string text, size_t parity) {
    if (text.size() % 2 != parity) text += '\n';
    synth::WriteBytes(dir / name, Text(text));
  };
  write("delegated.txt",
        "2|ripencc|20240101|5|19830705|20240101|+0100\nripencc|*|ipv4|*|3|summary\n"
        "ripencc|NL|ipv4|192.0.2.0|768|20100101|allocated|a1\n"
        "ripencc|NL|ipv4|192.0.2.128|64|20100101|assigned|a1\n"
        "ripencc|DE|ipv6|2001:db8::|32|20100101|assigned|a2\n"
        "ripencc|DE|ipv6|2001:db8:1::|48|20100101|assigned|a2\n"
        "ripencc|NL|asn|64496|1|20100101|assigned|a1\nripencc||ipv4|198.51.100.0|256||available\n"
        "ripencc|NL|ipv4|10.0.0.1|0|20100101|allocated\n",
        0);
  write("pfx2as.txt",
        "192.0.2.0\t24\t64496\n192.0.2.128\t25\t64497\n0.0.0.0\t0\t1\n"
        "2001:db8::\t32\t64496_64497\n198.51.100.0\t24\t64498,64499_64500\n"
        "203.0.113.1\t24\t1\n203.0.113.0\t24\tAS1\n",
        1);
}

// as_org: as2org files with both sections in both orders, and bad lines.
void WriteAsOrgSeeds(const fs::path& dir) {
  synth::WriteBytes(dir / "as-org2info.txt",
                    Text("# name: AS Org\n# format:org_id|changed|org_name|country|source\n"
                         "ORG-EX1|20240101|Example Hosting B.V.|NL|RIPE\n"
                         "ORG-P|20240101|Pipe | Sons|US|ARIN\n"
                         "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
                         "64496|20240101|EXAMPLE-AS|ORG-EX1|a_RIPE|RIPE\n"
                         "64497|20240101|PIPE-AS|ORG-P|b_ARIN|ARIN\r\n"
                         "64498|20240101|LONELY|ORG-NONE|c|RIPE\n"));
  synth::WriteBytes(dir / "reversed.txt",
                    Text("64496|x\n# format:aut|changed|aut_name|org_id|opaque_id|source\n"
                         "AS1|20240101|BAD|O|x|RIPE\n4294967296|1|BIG|O|x|RIPE\n"
                         "# format:org_id|changed|org_name|country|source\n|1|No Id|NL|RIPE\n"
                         "O|1\n# format:nonsense\n"));
}

// mmdb: country and ASN databases, IPv4 and IPv6, and damaged copies.
void WriteMmdbSeeds(const fs::path& dir) {
  synth::MmdbWriter country(6, "GeoLite2-Country");
  country.AddV4(0xC0000200u, 24, synth::CountryRecord("NL"));
  country.AddV4(0xC0000280u, 25, synth::CountryRecord("DE"));
  country.AddV6(static_cast<unsigned __int128>(0x20010DB8u) << 96, 32, synth::CountryRecord("BE"));
  synth::MmdbWriter asn(4, "GeoLite2-ASN");
  asn.AddV4(0xC0000200u, 24, synth::AsnRecord(64496, "Example Hosting B.V."));
  asn.AddV4(0, 0, synth::AsnRecord(64497, ""));
  synth::MmdbWriter other(6, "Custom");
  other.AddV4(0xC0000200u, 24, synth::MmdbValue::MakeMap({{"city", {std::string("Utrecht")}}}));
  const std::vector<uint8_t> country_bytes = country.Build();
  synth::WriteBytes(dir / "country.mmdb", country_bytes);
  synth::WriteBytes(dir / "asn.mmdb", asn.Build());
  synth::WriteBytes(dir / "other.mmdb", other.Build());
  std::vector<uint8_t> damaged = country_bytes;
  for (size_t i = 0; i < 6 && i < damaged.size(); ++i) damaged[i] = 0x7F;
  synth::WriteBytes(dir / "tree.mmdb", damaged);
  damaged = country_bytes;
  damaged.resize(damaged.size() - 20);
  synth::WriteBytes(dir / "cut.mmdb", damaged);
}

void WriteIndexFileSeeds(const fs::path& dir) {
  std::mt19937_64 rng(7);
  for (const size_t count : {size_t{0}, size_t{3}, size_t{40}}) {
    std::vector<Hash256> hashes(count);
    std::vector<uint64_t> ids(count);
    for (size_t k = 0; k < count; ++k) {
      for (auto& word : hashes[k].words()) word = rng();
      ids[k] = k * 3 + 1;
    }
    // The narrowest layout keeps the tables small enough for a seed.
    const index::SubstringLayout layout =
        index::SubstringLayout::Even(index::SubstringLayout::kMaxSubstrings).value();
    index::MultiIndex::BuildOptions options;
    options.layout = &layout;
    auto base = index::MultiIndex::Build(hashes, options).value();
    auto pdq = index::HammingIndex::FromBase(std::move(base), ids, nullptr, {}).value();
    std::vector<uint8_t> md5s(count * 16);
    for (auto& byte : md5s) byte = uint8_t(rng());
    const auto md5 = index::DigestIndex::Build(index::DigestType::kMd5, md5s, ids, 5).value();
    const std::vector<std::string> sources = {"hotline.txt", "ncmec.txt"};
    index::IndexFileContents contents;
    contents.sources = sources;
    const auto snapshot = pdq->snapshot();
    contents.pdq = snapshot.get();
    if (count > 0) contents.digests = {&md5};
    const Status written =
        index::WriteIndexFile(dir / ("index-" + std::to_string(count) + ".idx"), contents);
    if (!written.ok()) throw std::runtime_error(std::string(written.message()));
  }
}

// Archives of every format the scanner opens, holding a small picture and a text, a nested one
// and a small bomb.
void WriteScanArchiveSeeds(const fs::path& dir) {
  const auto picture = synth::EncodePng(synth::MakePicture(32, 24, 5));
  const std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o', '\n'};
  const std::vector<synth::ArchiveMember> members = {{"dir/picture.png", picture},
                                                     {"readme.txt", text}};
  const std::pair<const char*, synth::ArchiveFormat> formats[] = {
      {"zip", synth::ArchiveFormat::kZip},        {"tar.gz", synth::ArchiveFormat::kTarGz},
      {"tar.xz", synth::ArchiveFormat::kTarXz},   {"tar.zst", synth::ArchiveFormat::kTarZstd},
      {"tar.bz2", synth::ArchiveFormat::kTarBz2}, {"7z", synth::ArchiveFormat::kSevenZip}};
  for (const auto& [name, format] : formats) {
    synth::WriteBytes(dir / (std::string("archive.") + name), synth::MakeArchive(format, members));
  }
  synth::WriteBytes(dir / "nested.zip", synth::MakeNestedZips(3, {"picture.png", picture}));
  synth::WriteBytes(dir / "bomb.zip", synth::MakeZipBomb(1 << 20));
}

// Tiny generated videos in several containers and codecs, and an audio-only file.
void WriteDecodeVideoSeeds(const fs::path& dir) {
  const std::pair<const char*, const char*> kinds[] = {
      {"mpeg4", "matroska"}, {"mjpeg", "avi"},    {"ffv1", "matroska"}, {"mpeg4", "mp4"},
      {"mpeg4", "mpegts"},   {"rawvideo", "avi"}, {"gif", "gif"},       {"flv", "flv"}};
  for (const auto& [codec, container] : kinds) {
    synth::VideoSpec spec;
    spec.width = 32;
    spec.height = 24;
    spec.frames = 6;
    spec.fps = 5;
    spec.frames_per_scene = 2;
    spec.codec = codec;
    spec.container = container;
    const Status written = synth::WriteVideo(dir / (std::string(codec) + "." + container), spec);
    if (!written.ok()) throw std::runtime_error(std::string(written.message()));
  }
  const Status audio = synth::WriteAudioOnly(dir / "tone.mkv", "matroska");
  if (!audio.ok()) throw std::runtime_error(std::string(audio.message()));
}

// Generated e-mail notices in every format intake reads, and a few broken ones.
void WriteMailMessageSeeds(const fs::path& dir) {
  synth::SampleNotice notice;
  notice.urls.push_back("https://files.example.net/a/2.jpg");
  notice.sha256 = std::string(64, 'e');
  const std::string seeds[] = {
      synth::XarfV4Mail(notice),
      synth::XarfV4InlineMail(notice),
      synth::XarfV3Mail(notice),
      synth::ArfMail(notice),
      synth::HotlineTextMail(notice),
      "From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
      "Content-Type: multipart/alternative; boundary=c\n\n--c\nContent-Transfer-Encoding: "
      "base64\n\naHR0cHM6Ly94LmV4YW1wbGUvYQ==\n--c--\n--b\n",
      "Subject: =?utf-8?q?caf=C3=A9?= =?iso-8859-1?b?6Q==?=\r\nContent-Type: text/plain; "
      "name*0*=utf-8''a%20b; name*1=.txt\r\n\r\nURL: http://x.example/=\r\n",
  };
  int index = 0;
  for (const std::string& seed : seeds) {
    synth::WriteBytes(dir / ("seed-" + std::to_string(index++) + ".eml"), Text(seed));
  }
}

struct SeedWriter {
  const char* target;
  void (*write)(const fs::path& dir);
};
// Intake and transition bodies as clients send them, valid and subtly not.
void WriteNoticeJsonSeeds(const fs::path& dir) {
  const char* const seeds[] = {
      R"({"source_type":"hotline","reference":"HL-1","urls":["https://files.example.net/a.jpg"],)"
      R"("ip":"192.0.2.10","hashes":[{"signal_type":"pdq","value":")"
      "f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8"
      R"("}],"reason":"known","legal_basis":"NL Sr art. 252"})",
      R"({"source_type":"removal_order","urls":["http://x.example/"],"member_state":"NL",)"
      R"("legal_basis":"Regulation (EU) 2021/784","order_deadline":"2030-01-01T00:00:00+01:00",)"
      R"("received_at":"2025-06-15T10:00:00Z","content_date":"2025-06-01"})",
      R"({"source_type":"article16_notice","urls":["https://u:p@[2001:db8::1]:8080/x?y#z"],)"
      R"("ip":"2001:db8::1","automated_detection":true,"content_kind":"video"})",
      R"({"to":"actioned","action":"geo_blocked","territorial_scope":["NL","BE"],)"
      R"("expected_version":3,"automated":true,"note":"n"})",
      R"({"to":"rejected","reason":"not illegal"})",
      R"({"to":"received"})",
      R"({"source_type":"hotline","urls":"https://x","hashes":[{"signal_type":"md5"}]})",
      R"([{"to":5}, null, 1e400, "\ud800"])",
  };
  int index = 0;
  for (const char* seed : seeds) {
    synth::WriteBytes(dir / ("seed-" + std::to_string(index++) + ".json"), Text(seed));
  }
}

constexpr SeedWriter kSeedWriters[] = {
    {"decode_image", WriteDecodeImageSeeds},
    {"plain_list", WritePlainListSeeds},
    {"index_file", WriteIndexFileSeeds},
    {"list_formats", WriteListFormatsSeeds},
    {"list_signature", WriteListSignatureSeeds},
    {"decode_video", WriteDecodeVideoSeeds},
    {"scan_archive", WriteScanArchiveSeeds},
    {"stats_csv", WriteStatsCsvSeeds},
    {"prefix_table", WritePrefixTableSeeds},
    {"notice_json", WriteNoticeJsonSeeds},
    {"as_org", WriteAsOrgSeeds},
    {"mmdb", WriteMmdbSeeds},
    {"mail_message", WriteMailMessageSeeds},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s TARGET DIR\n", argv[0]);
    return 2;
  }
  const std::string target = argv[1];
  const fs::path dir = argv[2];
  const SeedWriter* writer = nullptr;
  for (const SeedWriter& candidate : kSeedWriters) {
    if (target == candidate.target) writer = &candidate;
  }
  if (writer == nullptr) {
    std::fprintf(stderr, "%s: no seeds known for target '%s'\n", argv[0], target.c_str());
    return 2;
  }
  try {
    fs::create_directories(dir);
    writer->write(dir);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
    return 1;
  }
  return 0;
}
