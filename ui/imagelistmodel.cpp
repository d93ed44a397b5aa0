#include "ui/imagelistmodel.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <QPointer>
#include <QStyle>

namespace ui {

namespace {
constexpr int kVisibleInFlight = 2; // decodes for rows on screen
constexpr int kScanInFlight = 1;    // decodes for the background scan
constexpr int kCacheKiB = 64 * 1024;
} // namespace

ImageLoader qtImageLoader()
{
    return [](const QString &path, int maxSide, QString *error) {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QSize size = reader.size();
        if (size.isValid() && qMax(size.width(), size.height()) > maxSide)
            reader.setScaledSize(size.scaled(maxSide, maxSide, Qt::KeepAspectRatio));
        QImage image = reader.read();
        if (image.isNull() && error)
            *error = QApplication::translate("ui::ImageListModel", "This file cannot be read as an image (%1).").arg(reader.errorString());
        return image;
    };
}

ImageListModel::ImageListModel(QObject *parent) : QAbstractListModel(parent), m_loader(qtImageLoader())
{
    m_pool.setMaxThreadCount(kVisibleInFlight + kScanInFlight);
    m_thumbnails.setMaxCost(kCacheKiB);
    const qreal dpr = qApp->devicePixelRatio();
    m_placeholder = QPixmap(QSize(kThumbnailSide, kThumbnailSide) * dpr);
    m_placeholder.setDevicePixelRatio(dpr);
    m_placeholder.fill(Qt::transparent);
    {
        QPainter p(&m_placeholder);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(128, 128, 128, 60));
        p.drawRoundedRect(QRectF(8, 8, kThumbnailSide - 16, kThumbnailSide - 16), 6, 6);
    }
    m_broken = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(QSize(48, 48));
}

ImageListModel::~ImageListModel()
{
    m_pool.clear();
    m_pool.waitForDone();
}

void ImageListModel::setLoader(ImageLoader loader)
{
    m_loader = std::move(loader);
}

void ImageListModel::setFiles(const QStringList &files)
{
    beginResetModel();
    m_files = files;
    m_rowOf.clear();
    m_rowOf.reserve(files.size());
    for (int i = 0; i < files.size(); ++i)
        m_rowOf.insert(files[i], i);
    m_wanted.clear();
    m_queued.clear();
    m_scanNext = 0;
    m_scanDone = false;
    m_checkedCount = 0;
    for (const auto &f : files)
        m_checkedCount += m_checked.contains(f) ? 1 : 0;
    endResetModel();
    const int before = int(m_errors.size());
    for (auto it = m_errors.begin(); it != m_errors.end();)
        it = m_rowOf.contains(it.key()) ? std::next(it) : m_errors.erase(it);
    if (int(m_errors.size()) != before)
        Q_EMIT unreadableCountChanged(int(m_errors.size()));
    pump();
}

void ImageListModel::setBackgroundScan(bool enabled)
{
    m_scan = enabled;
    pump();
}

int ImageListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_files.size()); }

QVariant ImageListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_files.size())
        return {};
    const QString &path = m_files[index.row()];
    const auto error = m_errors.constFind(path);
    const bool bad = error != m_errors.constEnd();
    switch (role) {
    case Qt::DisplayRole: return QFileInfo(path).fileName();
    case Qt::DecorationRole: {
        if (bad)
            return m_broken;
        if (const QPixmap *p = m_thumbnails.object(path))
            return *p;
        request(index.row());
        return m_placeholder;
    }
    case Qt::ToolTipRole:
        return bad ? tr("%1\nUnreadable: %2").arg(QDir::toNativeSeparators(path), *error) : QDir::toNativeSeparators(path);
    case Qt::ForegroundRole:
        if (bad)
            return QColor(Qt::red);
        return {};
    case PathRole: return path;
    case ErrorRole: return bad ? *error : QString();
    case CheckedRole: return m_checked.contains(path);
    default: return {};
    }
}

void ImageListModel::request(int row) const
{
    const QString &path = m_files[row];
    if (m_inFlight.contains(path))
        return;
    if (m_queued.contains(path))
        m_wanted.removeOne(path);
    m_queued.insert(path);
    m_wanted.append(path); // served newest first: what the user scrolled to last
    const_cast<ImageListModel *>(this)->pump();
}

void ImageListModel::pump()
{
    auto start = [this](const QString &path) {
        m_inFlight.insert(path);
        QPointer<ImageListModel> self(this);
        ImageLoader loader = m_loader;
        m_pool.start([self, loader, path] {
            QString error;
            QImage image = loader(path, kThumbnailSide, &error);
            if (image.isNull() && error.isEmpty())
                error = tr("This file cannot be read as an image.");
            // The model waits for the pool in its destructor, so it is alive here.
            QMetaObject::invokeMethod(self.data(), [self, path, image, error] {
                if (self)
                    self->loaded(path, image, error);
            }, Qt::QueuedConnection);
        });
    };
    while (!m_wanted.isEmpty() && m_inFlight.size() < kVisibleInFlight) {
        const QString path = m_wanted.takeLast();
        m_queued.remove(path);
        if (!m_thumbnails.contains(path) && !m_errors.contains(path))
            start(path);
    }
    if (!m_scan)
        return;
    while (m_wanted.isEmpty() && m_inFlight.size() < kVisibleInFlight + kScanInFlight && m_scanNext < m_files.size()) {
        const QString &path = m_files[m_scanNext++];
        if (!m_checked.contains(path) && !m_inFlight.contains(path))
            start(path);
    }
    if (!m_scanDone && m_inFlight.isEmpty() && m_wanted.isEmpty() && m_scanNext >= m_files.size()) {
        m_scanDone = true;
        Q_EMIT scanFinished();
    }
}

void ImageListModel::loaded(const QString &path, const QImage &image, const QString &error)
{
    m_inFlight.remove(path);
    const bool known = m_rowOf.contains(path);
    if (!m_checked.contains(path)) {
        m_checked.insert(path);
        m_checkedCount += known ? 1 : 0;
    }
    if (known) {
        if (image.isNull()) {
            m_errors.insert(path, error);
            Q_EMIT unreadableCountChanged(int(m_errors.size()));
        } else {
            auto *pixmap = new QPixmap(QPixmap::fromImage(image));
            m_thumbnails.insert(path, pixmap, qMax(1, int(qint64(image.width()) * image.height() * 4 / 1024)));
        }
        const QModelIndex i = index(m_rowOf.value(path));
        Q_EMIT dataChanged(i, i, {Qt::DecorationRole, Qt::ToolTipRole, Qt::ForegroundRole, ErrorRole, CheckedRole});
    }
    pump();
}

} // namespace ui
