#include "engine/training/preview.h"

#include <algorithm>
#include <cstdint>

namespace engine {

Image PreviewGrid::composed() const
{
    // Cells as rows of images (null: left empty); the two-domain grid has an extra gap between its A and
    // B halves.
    std::vector<std::vector<const Image *>> cells;
    size_t split = SIZE_MAX;
    if (!rows.empty()) {
        for (const auto &row : rows) {
            cells.emplace_back();
            for (const auto &img : row)
                cells.back().push_back(&img);
        }
    } else {
        const std::vector<Image> *columns[6] = {&realA, &fakeB, &recA, &realB, &fakeA, &recB};
        for (size_t r = 0; r < realA.size(); ++r) {
            cells.emplace_back();
            for (const auto *column : columns)
                cells.back().push_back(r < column->size() ? &(*column)[r] : nullptr);
        }
        split = 3;
    }
    if (cells.empty())
        return {};
    const int gap = 4;
    int cell = 0;
    size_t columnCount = 0;
    for (const auto &row : cells) {
        columnCount = std::max(columnCount, row.size());
        for (const auto *img : row)
            if (img)
                cell = std::max(cell, img->width);
    }
    Image out(static_cast<int>(columnCount) * (cell + gap), static_cast<int>(cells.size()) * (cell + gap));
    std::fill(out.rgb.begin(), out.rgb.end(), std::uint8_t(255));
    for (size_t r = 0; r < cells.size(); ++r)
        for (size_t c = 0; c < cells[r].size(); ++c) {
            const Image *img = cells[r][c];
            if (!img)
                continue;
            const int x0 = static_cast<int>(c) * (cell + gap) + (c >= split ? gap : 0), y0 = static_cast<int>(r) * (cell + gap);
            for (int y = 0; y < std::min(cell, img->height); ++y)
                std::copy_n(img->pixel(0, y), std::min(cell, img->width) * 3, out.pixel(x0, y0 + y));
        }
    return out;
}

} // namespace engine
