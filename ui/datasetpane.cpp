#include "ui/datasetpane.h"

#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ui {

DatasetPane::DatasetPane(const QString &title, QWidget *parent) : QWidget(parent), m_title(title)
{
    setAcceptDrops(true);
    auto *layout = new QVBoxLayout(this);
    m_count = new QLabel(this);
    m_list = new QListWidget(this);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setToolTip(tr("Drop image files or folders here"));
    m_add = new QPushButton(tr("Add…"), this);
    m_add->setToolTip(tr("Add a folder of images to %1").arg(title));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected sources (the files themselves are not touched)"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addWidget(m_count);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of images to %1").arg(m_title));
        if (!dir.isEmpty())
            addSources({dir});
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const auto selected = m_list->selectedItems();
        if (selected.isEmpty())
            return;
        qDeleteAll(selected);
        refreshCount();
        Q_EMIT sourcesChanged();
    });
    refreshCount();
}

bool DatasetPane::isImageName(const QString &fileName)
{
    static const QStringList suffixes = {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("bmp"),
                                         QStringLiteral("webp"), QStringLiteral("tif"), QStringLiteral("tiff")};
    return suffixes.contains(QFileInfo(fileName).suffix().toLower());
}

QStringList DatasetPane::sources() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->data(Qt::UserRole).toString();
    return out;
}

void DatasetPane::setSources(const QStringList &sources)
{
    m_list->clear();
    for (const auto &s : sources) {
        auto *item = new QListWidgetItem(QFileInfo(s).fileName().isEmpty() ? s : QFileInfo(s).fileName(), m_list);
        item->setData(Qt::UserRole, s);
        item->setToolTip(s);
        item->setIcon(style()->standardIcon(QFileInfo(s).isDir() ? QStyle::SP_DirIcon : QStyle::SP_FileIcon));
        if (!QFileInfo::exists(s)) {
            item->setForeground(Qt::red);
            item->setToolTip(tr("%1 — not found").arg(s));
        }
    }
    refreshCount();
}

void DatasetPane::addSources(const QStringList &paths)
{
    QStringList current = sources();
    bool changed = false;
    for (const auto &p : paths) {
        const QFileInfo info(p);
        if (!info.exists() || current.contains(info.absoluteFilePath()))
            continue;
        if (info.isFile() && !isImageName(p))
            continue;
        current << info.absoluteFilePath();
        changed = true;
    }
    if (!changed)
        return;
    setSources(current);
    Q_EMIT sourcesChanged();
}

void DatasetPane::setLocked(bool locked)
{
    setAcceptDrops(!locked);
    m_add->setEnabled(!locked);
    m_remove->setEnabled(!locked);
}

void DatasetPane::refreshCount()
{
    int count = 0;
    for (const auto &s : sources()) {
        const QFileInfo info(s);
        if (info.isFile()) {
            ++count;
            continue;
        }
        QDirIterator it(s, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            count += isImageName(it.next()) ? 1 : 0;
    }
    m_imageCount = count;
    m_count->setText(tr("%1: %n image(s)", nullptr, count).arg(m_title));
}

void DatasetPane::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void DatasetPane::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const auto &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    addSources(paths);
    event->acceptProposedAction();
}

} // namespace ui
