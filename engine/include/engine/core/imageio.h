#pragma once
// Reading and writing image files. Files are read as bytes through std::filesystem::path and decoded
// with cv::imdecode, so non-ASCII paths work everywhere. Grayscale, 16-bit, float, alpha and
// CMYK files become 8-bit RGB; JPEG EXIF orientation is honoured; images above a pixel limit are refused
// before they are decoded.

#include "engine/core/image.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

constexpr std::int64_t kDefaultMaxPixels = 100'000'000; // 100 MP

// The file name extensions the engine reads, lower case with the dot.
const std::vector<std::string> &imageExtensions();
bool hasImageExtension(const std::filesystem::path &path);
// The same list for messages: "png, jpg, jpeg, bmp, webp, tif, tiff".
std::string imageTypesText();

// Decodes an image. Throws engine::Error naming the file and the reason.
Image loadImage(const std::filesystem::path &path, std::int64_t maxPixels = kDefaultMaxPixels);
Image decodeImage(const std::string &bytes, const std::string &nameForMessages,
                  std::int64_t maxPixels = kDefaultMaxPixels);

// A small version for browsing: at most maxSide pixels on the longer side. Large JPEGs are decoded at
// 1/2, 1/4 or 1/8 scale by libjpeg, which is several times faster. Fails like loadImage.
Image loadThumbnail(const std::filesystem::path &path, int maxSide, std::int64_t maxPixels = kDefaultMaxPixels);

// Encodes to the format given by the extension (png, jpg, bmp, webp, tif) and writes atomically; PNG and
// TIFF with 16 bits per channel where the image carries them (Image::rgb16).
void saveImage(const Image &image, const std::filesystem::path &path);
std::string encodeImage(const Image &image, const std::string &extension);

// All image files under a folder (recursively), sorted. Throws if the folder is missing or unreadable.
std::vector<std::filesystem::path> listImages(const std::filesystem::path &folder);

// Whether at least one of the files decodes (tried in order until one does); otherwise *firstProblem says
// why the first one did not.
bool anyReadableImage(const std::vector<std::filesystem::path> &files, std::string *firstProblem = nullptr);

// Files and folders given by a user expanded into image files; a missing path throws.
std::vector<std::filesystem::path> collectImages(const std::vector<std::filesystem::path> &inputs);

// Width and height from the file header when the format is one we can sniff (PNG, JPEG, BMP, WebP);
// false otherwise. Used to refuse huge images before decoding them.
bool sniffImageSize(const std::string &bytes, int &width, int &height);

// The EXIF orientation (1..8) of a JPEG, 1 if none.
int jpegExifOrientation(const std::string &bytes);

// Resizes as the reference's data loader does (PIL's BICUBIC: antialiased when shrinking), to the grey
// level (used by the data loader, previews and tests).
Image resizeImage(const Image &image, int width, int height);

} // namespace engine
