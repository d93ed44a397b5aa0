#pragma once
// ImageListModel: the image files of one domain for an icon view. Thumbnails are decoded lazily on a
// small thread pool: the view asks only for the rows it shows, the newest requests are served first,
// and a bounded cache keeps memory flat for 10,000 images. After the visible rows, a background scan
// reads the remaining files so that unreadable ones are marked (red, with the reason in the tooltip)
// without the user scrolling to them. The decoder is injected (the app gives the engine's, so the marks
// match what training will skip); it runs on pool threads and must be thread-safe. UI thread.

#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QPixmap>
#include <QSet>
#include <QStringList>
#include <QThreadPool>

#include <functional>

namespace ui {

// Decodes a file to an image no larger than maxSide on its longer side; on failure returns a null image
// and sets *error to a sentence for the user.
using ImageLoader = std::function<QImage(const QString &path, int maxSide, QString *error)>;

// A loader built on QImageReader (for the widget tests and as a fallback).
ImageLoader qtImageLoader();

class ImageListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { PathRole = Qt::UserRole, ErrorRole, CheckedRole };
    static constexpr int kThumbnailSide = 96;

    explicit ImageListModel(QObject *parent = nullptr);
    ~ImageListModel() override;

    void setLoader(ImageLoader loader);
    void setFiles(const QStringList &files);
    QStringList files() const { return m_files; }
    int unreadableCount() const { return int(m_errors.size()); }
    int checkedCount() const { return m_checkedCount; }
    // Pauses the background scan (for example while training needs the cores); visible rows still load.
    void setBackgroundScan(bool enabled);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

Q_SIGNALS:
    void unreadableCountChanged(int count);
    void scanFinished();

private:
    void request(int row) const;
    void pump();
    void loaded(const QString &path, const QImage &image, const QString &error);

    QStringList m_files;
    QHash<QString, int> m_rowOf;
    ImageLoader m_loader;
    mutable QCache<QString, QPixmap> m_thumbnails;
    QHash<QString, QString> m_errors;
    QSet<QString> m_checked;
    int m_checkedCount = 0;
    mutable QStringList m_wanted; // newest last
    mutable QSet<QString> m_queued;
    QSet<QString> m_inFlight;
    int m_scanNext = 0;
    bool m_scan = true;
    bool m_scanDone = false;
    QPixmap m_placeholder, m_broken;
    QThreadPool m_pool;
};

} // namespace ui
