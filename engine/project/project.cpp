#include "engine/project/project.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "project/jsonfields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>
#include <regex>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr const char *kProjectFormat = "cyclestudio-project";

std::string u8(const fs::path &p) { return displayPath(p); }

fs::path fromU8(const std::string &s) { return fs::u8path(s); }

std::string lower(std::string s)
{
    for (auto &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string newProjectId()
{
    std::random_device rd;
    char buf[33];
    std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
    return buf;
}

// "Its ..." after "cannot be used: "; a message that starts with a capital word keeps it.
std::string lowerFirst(std::string s)
{
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) && std::islower(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string numbered(const char *prefix, std::int64_t iteration, const char *ext)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s_%08lld%s", prefix, static_cast<long long>(iteration), ext);
    return buf;
}

} // namespace

fs::path Project::checkpointPath(std::int64_t iteration) const { return checkpointsDir() / numbered("ckpt", iteration, ".ckpt"); }

fs::path Project::previewPath(std::int64_t iteration) const { return previewsDir() / numbered("preview", iteration, ".png"); }

std::vector<Project::PreviewFile> Project::previewFiles() const
{
    static const std::regex pattern(R"(preview_(\d+)\.png)");
    std::vector<PreviewFile> found;
    std::error_code ec;
    for (fs::directory_iterator it(previewsDir(), ec), end; !ec && it != end; it.increment(ec)) {
        std::smatch m;
        const auto name = it->path().filename().string();
        if (std::regex_match(name, m, pattern) && m[1].length() <= 18)
            found.push_back({std::stoll(m[1].str()), it->path()});
    }
    std::sort(found.begin(), found.end(), [](const PreviewFile &a, const PreviewFile &b) { return a.iteration < b.iteration; });
    return found;
}

fs::path Project::modelFilePath(Direction direction) const
{
    return modelsDir() / (u8(m_dir.filename().empty() ? m_dir.parent_path().filename() : m_dir.filename()) + "_" + directionName(direction) + ".csm");
}

bool Project::exists(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / "project.json", ec);
}

void validateDomainNames(const std::vector<NamedDomain> &domains)
{
    for (size_t i = 0; i < domains.size(); ++i) {
        const auto &name = domains[i].name;
        if (name.empty() || name.size() > 40)
            throw Error("Domain names must have 1 to 40 characters (domain " + std::to_string(i + 1) + ").");
        if (std::any_of(name.begin(), name.end(), [](char c) { return c == ',' || (static_cast<unsigned char>(c) < 32); }))
            throw Error("The domain name \"" + name + "\" may not contain commas or control characters.");
        for (size_t k = 0; k < i; ++k)
            if (lower(domains[k].name) == lower(name))
                throw Error("Two domains are called \"" + name + "\"; give each domain its own name.");
    }
}

void Project::validateStyleNames() const
{
    if (nameA.empty() && nameB.empty())
        return;
    if (nameA.empty() || nameB.empty())
        throw Error("Give both styles a name, or neither.");
    try {
        validateDomainNames({{nameA, {}}, {nameB, {}}});
    } catch (const Error &e) {
        // The same rules as for domains, said in the two-domain project's words.
        std::string message = e.what();
        for (const auto &[from, to] : {std::pair<std::string, std::string>{"Domain", "Style"}, {"domain", "style"}})
            for (size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
                message.replace(at, from.size(), to);
        throw Error(message);
    }
}

void Project::setStyleNames(std::string a, std::string b)
{
    std::swap(nameA, a);
    std::swap(nameB, b);
    try {
        validateStyleNames();
    } catch (const Error &) {
        std::swap(nameA, a);
        std::swap(nameB, b);
        throw;
    }
}

void Project::createFolders(const fs::path &dir)
{
    if (exists(dir))
        throw Error("There is already a project in \"" + u8(dir) + "\".");
    std::error_code ec;
    for (const auto &sub : {dir, dir / "checkpoints", dir / "logs", dir / "previews", dir / "models"}) {
        fs::create_directories(sub, ec);
        if (ec)
            throw Error("Cannot create the folder \"" + u8(sub) + "\": " + ec.message() + ".");
    }
}

Project Project::createMultiDomain(const fs::path &dir, std::vector<NamedDomain> domains, const MultiDomainOptions &options)
{
    validate(options, static_cast<int>(domains.size()));
    validateDomainNames(domains);
    createFolders(dir);
    Project p;
    p.m_dir = dir;
    p.id = newProjectId();
    p.mode = ProjectMode::MultiDomain;
    p.namedDomains = std::move(domains);
    p.multiDomain = options;
    p.save();
    return p;
}

Project Project::create(const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                        const TrainOptions &options, const std::string &preset)
{
    validate(options);
    createFolders(dir);
    Project p;
    p.m_dir = dir;
    p.id = newProjectId();
    p.m_domainA = std::move(domainA);
    p.m_domainB = std::move(domainB);
    p.options = options;
    p.preset = preset;
    p.save();
    return p;
}

namespace {

std::vector<fs::path> sourcesFrom(const nlohmann::json &j, const char *key)
{
    std::vector<fs::path> out;
    for (const auto &s : stringsField(j, key))
        out.push_back(fromU8(s));
    return out;
}

} // namespace

void Project::readJson(const nlohmann::json &j)
{
    requireObject(j, "project file");
    if (stringField(j, "format", "") != kProjectFormat)
        throw Error("it is not a CycleStudio project file (its \"format\" is not \"" + std::string(kProjectFormat) + "\").");
    const int version = intField(j, "version", 0);
    if (version > kProjectVersion)
        throw Error("it was written by a newer version of CycleStudio; please update to open it.");
    if (version < 1)
        throw Error("its \"version\" must be a whole number from 1 to " + std::to_string(kProjectVersion) + ".");
    id = stringField(j, "id", "");
    const auto modeName = stringField(j, "mode", "cyclegan");
    if (modeName != "cyclegan" && modeName != "multidomain")
        throw Error("its \"mode\" must be \"cyclegan\" or \"multidomain\", not \"" + modeName + "\".");
    if (!j.contains("domains") || !j.contains("settings"))
        throw Error("it has no \"domains\" or no \"settings\".");
    if (modeName == "multidomain") {
        mode = ProjectMode::MultiDomain;
        if (!j["domains"].is_array())
            throw Error("its \"domains\" must be a list of named domains.");
        for (const auto &d : j["domains"]) {
            requireObject(d, "domain");
            namedDomains.push_back({stringField(d, "name", ""), sourcesFrom(d, "sources")});
        }
        multiDomain = j["settings"].get<MultiDomainOptions>();
    } else {
        requireObject(j["domains"], "\"domains\" entry");
        m_domainA = sourcesFrom(j["domains"], "A");
        m_domainB = sourcesFrom(j["domains"], "B");
        if (j.contains("names")) {
            requireObject(j["names"], "\"names\" entry");
            nameA = stringField(j["names"], "A", "");
            nameB = stringField(j["names"], "B", "");
        }
        options = j["settings"].get<TrainOptions>();
    }
    preset = stringField(j, "preset", "custom");
    notes = j.contains("notes") ? stringsField(j, "notes") : std::vector<std::string>();
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
    Project p;
    p.m_dir = dir;
    try {
        p.readJson(j);
        if (p.mode == ProjectMode::MultiDomain) {
            validate(p.multiDomain, static_cast<int>(p.namedDomains.size()));
            validateDomainNames(p.namedDomains);
        } else {
            validate(p.options);
            p.validateStyleNames();
        }
    } catch (const nlohmann::json::exception &) {
        throw Error("\"" + u8(file) + "\" is damaged (an entry has the wrong type).");
    } catch (const Error &e) {
        throw Error("\"" + u8(file) + "\" cannot be used: " + lowerFirst(e.what()));
    }
    std::error_code ec;
    for (const auto &sub : {p.checkpointsDir(), dir / "logs", p.previewsDir(), p.modelsDir()})
        fs::create_directories(sub, ec);
    return p;
}

void Project::ensureId()
{
    if (!id.empty())
        return;
    id = newProjectId();
    save();
}

void Project::save() const
{
    auto sources = [](const std::vector<fs::path> &paths) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &s : paths)
            out.push_back(u8(s));
        return out;
    };
    nlohmann::json j = {{"format", kProjectFormat},
                        {"version", kProjectVersion},
                        {"id", id},
                        {"created_with", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                        {"preset", preset}};
    if (mode == ProjectMode::MultiDomain) {
        nlohmann::json domains = nlohmann::json::array();
        for (const auto &d : namedDomains)
            domains.push_back({{"name", d.name}, {"sources", sources(d.sources)}});
        j["mode"] = "multidomain";
        j["domains"] = domains;
        j["settings"] = multiDomain;
    } else {
        j["domains"] = {{"A", sources(m_domainA)}, {"B", sources(m_domainB)}};
        if (!nameA.empty() || !nameB.empty())
            j["names"] = {{"A", nameA}, {"B", nameB}};
        j["settings"] = options;
    }
    if (!notes.empty())
        j["notes"] = notes;
    writeFileAtomic(m_dir / "project.json", j.dump(2) + "\n");
}

void Project::setDomains(std::vector<fs::path> a, std::vector<fs::path> b)
{
    m_domainA = std::move(a);
    m_domainB = std::move(b);
}

fs::path Project::resolve(const fs::path &p) const { return p.is_absolute() ? p : m_dir / p; }

std::vector<fs::path> Project::images(const std::vector<fs::path> &sources, const std::string &domain) const
{
    if (sources.empty())
        throw Error("Domain " + domain + " has no images yet: add a folder of images to it.");
    std::vector<fs::path> resolved;
    for (const auto &s : sources)
        resolved.push_back(resolve(s));
    auto files = collectImages(resolved);
    if (files.empty())
        throw Error("Domain " + domain + " has no image files (" + imageTypesText() + ") in \"" +
                    u8(resolved.front()) + "\".");
    return files;
}

std::vector<fs::path> Project::domainImages(size_t index) const
{
    const auto &d = namedDomains.at(index);
    return images(d.sources, "\"" + d.name + "\"");
}

int Project::domainIndex(const std::string &name) const
{
    for (size_t i = 0; i < namedDomains.size(); ++i)
        if (lower(namedDomains[i].name) == lower(name))
            return static_cast<int>(i);
    return -1;
}

std::vector<fs::path> Project::imagesA() const { return images(m_domainA, "A"); }
std::vector<fs::path> Project::imagesB() const { return images(m_domainB, "B"); }

std::vector<fs::path> Project::checkpoints() const
{
    static const std::regex pattern(R"(ckpt_(\d{1,18})\.ckpt)");
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
