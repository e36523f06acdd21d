// The fixed, publicly known key pair of the list_signature fuzz target (made by `minisign -G -W`,
// unencrypted; it signs nothing real): fuzz/list_signature_fuzzer.cpp verifies against it and
// tools/make_fuzz_seeds signs its seeds with it, so that mutations start from valid signatures.
#pragma once

namespace clearhost::fuzz {

inline constexpr char kListSignatureFuzzSecretKey[] =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAo2XSagHUMAltpP7WGxRzZu"
    "P00prz8D8Oi1l1J0SYzYQ+wm7KQRxqw1JmYUS/thsRwaGzbAMUIIwJbRTGMpXI0kOkspY1bp7vAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAA=\n";

// The message every fuzzed signature is checked against.
inline constexpr char kListSignatureFuzzMessage[] =
    "# signal_type: md5\nd41d8cd98f00b204e9800998ecf8427e\n";

}  // namespace clearhost::fuzz
