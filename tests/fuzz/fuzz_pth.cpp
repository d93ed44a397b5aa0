// libFuzzer target for the parts of the .pth reader that see a file's bytes first: the restricted
// unpickler (every pickle of a .pth goes through it) and the zip directory reader with its checksum
// check. Each input must either parse or be refused with engine::Error; a crash, a hang or a sanitizer
// report is a bug. Built and run by scripts/fuzz-pth (clang). The tensor side of the reader, which needs
// torch, is covered by the mutation loop in tests/engine/tst_interop.cpp.

#include "core/zipcheck.h"
#include "engine/core/error.h"
#include "interop/pickle.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    // A legacy file is several pickles in a row; read as many as there are.
    try {
        std::size_t at = 0;
        for (int i = 0; i < 8 && at < bytes.size(); ++i)
            engine::readPickle(bytes, at, &at);
    } catch (const engine::Error &) {
    }
    try {
        engine::zipRecords(bytes, "fuzz.pth");
        engine::verifyZipChecksums(bytes);
    } catch (const engine::Error &) {
    }
    return 0;
}
