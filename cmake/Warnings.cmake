# Project-wide compiler settings: warnings as errors on GCC and Clang, strict IEEE float
# semantics (PDQ must be bit-exact with the reference: no fused multiply-add contraction,
# no fast-math), and the optional sanitizer build.
add_compile_options(-Wall -Wextra -Werror -ffp-contract=off -fno-fast-math)
# Clang checks the ABSL_GUARDED_BY / ABSL_LOCKS_EXCLUDED annotations on shared state.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  add_compile_options(-Wthread-safety)
endif()
if(CLEARHOST_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CLEARHOST_BUILD_FUZZ needs Clang (libFuzzer): CC=clang CXX=clang++")
  endif()
  set(CLEARHOST_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(CLEARHOST_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(CLEARHOST_SANITIZE_BUILD)
endif()

# Instruction-set baseline. x86-64-v2 (SSE4.2 + POPCNT, every x86 server since ~2009) gives
# hardware popcount to the Hamming distance everywhere; wider kernels (AVX2, AVX-512) are
# compiled per file and chosen at run time.
set(CLEARHOST_X86_64_LEVEL "x86-64-v2" CACHE STRING "x86-64 micro-architecture level baseline")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  add_compile_options(-march=${CLEARHOST_X86_64_LEVEL})
endif()
