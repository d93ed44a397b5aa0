#include "engine/project.h"

#include "engine/atomicfile.h"
#include "engine/error.h"
#include "engine/imageio.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <regex>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr const char *kProjectFormat = "cyclestudio-project";

std::string u8(const fs::path &p) { return displayPath(p); }

fs::path fromU8(const std::string &s) { return fs::u8path(s); }

std::string numbered(const char *prefix, std::int64_t iteration, const char *ext)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s_%08lld%s", prefix, static_cast<long long>(iteration), ext);
    return buf;
}

} // namespace

fs::path Project::checkpointPath(std::int64_t iteration) const { return checkpointsDir() / numbered("ckpt", iteration, ".ckpt"); }

fs::path Project::previewPath(std::int64_t iteration) const { return previewsDir() / numbered("preview", iteration, ".png"); }

bool Project::exists(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / "project.json", ec);
}

Project Project::create(const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                        const TrainOptions &options, const std::string &preset)
{
    validate(options);
    if (exists(dir))
        throw Error("There is already a project in \"" + u8(dir) + "\".");
    std::error_code ec;
    for (const auto &sub : {dir, dir / "checkpoints", dir / "logs", dir / "previews", dir / "models"}) {
        fs::create_directories(sub, ec);
        if (ec)
            throw Error("Cannot create the folder \"" + u8(sub) + "\": " + ec.message() + ".");
    }
    Project p;
    p.m_dir = dir;
    p.m_domainA = std::move(domainA);
    p.m_domainB = std::move(domainB);
    p.options = options;
    p.preset = preset;
    p.save();
    return p;
}

Project Project::open(const fs::path &dir)
{
    const auto file = dir / "project.json";
    if (!exists(dir))
        throw Error("\"" + u8(dir) + "\" is not a CycleStudio project (it has no project.json).");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(readFileBytes(file));
    } catch (const nlohmann::json::exception &) {
        throw Error("\"" + u8(file) + "\" is damaged (it is not valid JSON).");
    }
    if (!j.is_object() || j.value("format", std::string()) != kProjectFormat)
        throw Error("\"" + u8(file) + "\" is not a CycleStudio project file.");
    const int version = j.value("version", 0);
    if (version > kProjectVersion)
        throw Error("\"" + u8(file) + "\" was written by a newer version of CycleStudio; please update to open it.");
    Project p;
    p.m_dir = dir;
    try {
        for (const auto &s : j.at("domains").at("A"))
            p.m_domainA.push_back(fromU8(s.get<std::string>()));
        for (const auto &s : j.at("domains").at("B"))
            p.m_domainB.push_back(fromU8(s.get<std::string>()));
        p.options = j.at("settings").get<TrainOptions>();
        p.preset = j.value("preset", std::string("custom"));
    } catch (const nlohmann::json::exception &) {
        throw Error("\"" + u8(file) + "\" is damaged (a required entry is missing or has the wrong type).");
    }
    validate(p.options);
    std::error_code ec;
    for (const auto &sub : {p.checkpointsDir(), dir / "logs", p.previewsDir(), p.modelsDir()})
        fs::create_directories(sub, ec);
    return p;
}

void Project::save() const
{
    nlohmann::json a = nlohmann::json::array(), b = nlohmann::json::array();
    for (const auto &s : m_domainA)
        a.push_back(u8(s));
    for (const auto &s : m_domainB)
        b.push_back(u8(s));
    const nlohmann::json j = {{"format", kProjectFormat},
                              {"version", kProjectVersion},
                              {"created_with", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                              {"preset", preset},
                              {"domains", {{"A", a}, {"B", b}}},
                              {"settings", options}};
    writeFileAtomic(m_dir / "project.json", j.dump(2) + "\n");
}

void Project::setDomains(std::vector<fs::path> a, std::vector<fs::path> b)
{
    m_domainA = std::move(a);
    m_domainB = std::move(b);
}

fs::path Project::resolve(const fs::path &p) const { return p.is_absolute() ? p : m_dir / p; }

std::vector<fs::path> Project::images(const std::vector<fs::path> &sources, const char *domain) const
{
    if (sources.empty())
        throw Error(std::string("Domain ") + domain + " has no images yet: add a folder of images to it.");
    std::vector<fs::path> resolved;
    for (const auto &s : sources)
        resolved.push_back(resolve(s));
    auto files = collectImages(resolved);
    if (files.empty())
        throw Error(std::string("Domain ") + domain + " has no image files (png, jpg, bmp, webp, tif) in \"" +
                    u8(resolved.front()) + "\".");
    return files;
}

std::vector<fs::path> Project::imagesA() const { return images(m_domainA, "A"); }
std::vector<fs::path> Project::imagesB() const { return images(m_domainB, "B"); }

std::vector<fs::path> Project::checkpoints() const
{
    static const std::regex pattern(R"(ckpt_(\d+)\.ckpt)");
    std::vector<std::pair<long long, fs::path>> found;
    std::error_code ec;
    for (fs::directory_iterator it(checkpointsDir(), ec), end; !ec && it != end; it.increment(ec)) {
        std::smatch m;
        const auto name = it->path().filename().string();
        if (std::regex_match(name, m, pattern))
            found.emplace_back(std::stoll(m[1].str()), it->path());
    }
    std::sort(found.begin(), found.end());
    std::vector<fs::path> out;
    for (auto &f : found)
        out.push_back(f.second);
    return out;
}

} // namespace engine
