#pragma once
// DomainTranslator: translates images into one domain of a multi-domain (StarGAN) project with its
// newest readable checkpoint. Images keep their size (padded to a multiple of 4 inside); images larger
// than maxSide on their long side are translated at maxSide and scaled back. Lives on the thread that
// calls it.

#include "engine/translation/translator.h"

#include <memory>
#include <string>
#include <vector>

namespace engine {

class DomainTranslator final : public Translator
{
public:
    DomainTranslator(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, int target = 0);
    ~DomainTranslator() override;

    Image translate(const Image &image) override { return translate(image, m_target); }
    // Into the domain with label index `target`.
    Image translate(const Image &image, int target, int maxSide = 2048);
    void setTarget(int target);

    const std::vector<std::string> &domainNames() const;
    int domainIndex(const std::string &name) const; // -1 if unknown
    std::int64_t iteration() const override;
    std::string deviceDescription() const override;

private:
    void checkTarget(int target) const;
    struct Private;
    std::unique_ptr<Private> d;
    int m_target = 0;
};

} // namespace engine
