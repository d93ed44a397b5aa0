#include "ui/datasetpane.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QListWidget>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QThreadPool>

#include <algorithm>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int kLargePreviewSide = 1600;

// One edit of a pane's sources; undo and redo swap the whole list.
class SourcesCommand : public QUndoCommand
{
public:
    SourcesCommand(DatasetPane *pane, QStringList before, QStringList after, const QString &text)
        : QUndoCommand(text), m_pane(pane), m_before(std::move(before)), m_after(std::move(after))
    {
    }
    void undo() override
    {
        if (m_pane)
            m_pane->applySources(m_before);
    }
    void redo() override
    {
        if (m_pane)
            m_pane->applySources(m_after);
    }

private:
    QPointer<DatasetPane> m_pane;
    QStringList m_before, m_after;
};

QStringList imageFiles(const QStringList &sources, const FileTypes &types)
{
    QStringList files;
    for (const auto &s : sources) {
        const QFileInfo info(s);
        if (info.isFile()) {
            files << info.absoluteFilePath();
            continue;
        }
        if (!info.isDir())
            continue;
        // As the engine lists a folder: recursive, hidden files and folders skipped, sorted.
        QStringList found;
        QDirIterator it(s, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (types.isImage(path) && !path.mid(s.size()).contains(QLatin1String("/.")))
                found << path;
        }
        found.sort();
        files << found;
    }
    return files;
}

} // namespace

DatasetPane::DatasetPane(const QString &title, QWidget *parent)
    : QWidget(parent), m_title(title), m_model(new ImageListModel(this)), m_loader(qtImageLoader())
{
    setAcceptDrops(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_count = new QLabel(this);
    QFont bold = m_count->font();
    bold.setBold(true);
    m_count->setFont(bold);

    m_sourceList = new QListWidget(this);
    m_sourceList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_sourceList->setToolTip(tr("The folders and files of %1. Drop more from the file manager.").arg(title));
    m_sourceList->setMaximumHeight(fontMetrics().height() * 3 + 8); // two sources show; the thumbnails get the room

    m_add = new QPushButton(tr("Add Folder…"), this);
    m_add->setToolTip(tr("Add a folder of images to %1 (its subfolders are included)").arg(title));
    m_addFiles = new QPushButton(tr("Add Files…"), this);
    m_addFiles->setToolTip(tr("Add single image files to %1").arg(title));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected sources from %1 (the files themselves are not touched)").arg(title));
    m_remove->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_addFiles);
    buttons->addWidget(m_remove);
    buttons->addStretch();

    createImageView();
    layout->addWidget(m_count);
    layout->addWidget(m_sourceList);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    connectActions();
    refresh();
}

namespace {
// Thumbnails drawn at the view's icon size (a pixmap alone would be drawn at its own 96 pixels).
class ThumbnailDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (const auto *view = qobject_cast<const QAbstractItemView *>(parent()))
            option->decorationSize = view->iconSize();
    }
};
} // namespace

int DatasetPane::thumbnailSide() const
{
    return m_view->iconSize().width();
}

bool DatasetPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        fitThumbnails();
    return QWidget::eventFilter(watched, event);
}

// A short pane (a 700-pixel screen, two styles stacked) shows smaller thumbnails rather than a row and a
// half of large ones: the side is chosen so that two rows and a half fit, between 48 and 96 pixels.
void DatasetPane::fitThumbnails()
{
    const int caption = fontMetrics().height() + 12;
    const int fitting = m_view->contentsRect().height() * 2 / 5 - caption; // the viewport follows the view later
    const int side = std::clamp(fitting, 48, int(ImageListModel::kThumbnailSide));
    if (side == m_view->iconSize().width())
        return;
    m_view->setIconSize(QSize(side, side));
    m_view->setGridSize(QSize(side + 16, side + caption));
}

void DatasetPane::createImageView()
{
    m_view = new QListView(this);
    m_view->setModel(m_model);
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(200);
    m_view->setIconSize(QSize(ImageListModel::kThumbnailSide, ImageListModel::kThumbnailSide));
    m_view->setGridSize(QSize(ImageListModel::kThumbnailSide + 16, ImageListModel::kThumbnailSide + fontMetrics().height() + 12));
    m_view->installEventFilter(this); // thumbnails fit the height (fitThumbnails)
    m_view->setItemDelegate(new ThumbnailDelegate(m_view));
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setWordWrap(false);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setToolTip(QString());
    m_view->setMinimumHeight(ImageListModel::kThumbnailSide * 3 / 2);
    // Right-click a picture: see it translated with what the model has learnt so far.
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QString path = m_view->indexAt(at).data(ImageListModel::PathRole).toString();
        if (path.isEmpty())
            return;
        QMenu menu(this);
        auto *translate = menu.addAction(tr("Translate"));
        translate->setToolTip(tr("Show this picture translated on the Translate tab"));
        if (menu.exec(m_view->viewport()->mapToGlobal(at)) == translate)
            Q_EMIT translateRequested(path);
    });
}

void DatasetPane::connectActions()
{
    connect(m_add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of images to %1").arg(m_title));
        if (!dir.isEmpty())
            addSources({dir});
    });
    connect(m_addFiles, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add images to %1").arg(m_title), QString(),
                                                                tr("Images (%1);;All files (*)").arg(m_fileTypes.imagePatterns()));
        if (!files.isEmpty())
            addSources(files);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        QStringList selected;
        for (const auto *item : m_sourceList->selectedItems())
            selected << item->data(Qt::UserRole).toString();
        removeSources(selected);
    });
    connect(m_sourceList, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_locked && !m_sourceList->selectedItems().isEmpty()); });
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { showLargePreview(index.data(ImageListModel::PathRole).toString()); });
    connect(m_model, &ImageListModel::unreadableCountChanged, this, &DatasetPane::refreshCount);
}

void DatasetPane::setFileTypes(const FileTypes &types)
{
    m_fileTypes = types;
    refresh();
}

void DatasetPane::setImageLoader(const ImageLoader &loader)
{
    m_loader = loader;
    m_model->setLoader(loader);
}

void DatasetPane::setSources(const QStringList &sources)
{
    m_sources = sources;
    refresh();
}

void DatasetPane::applySources(const QStringList &sources)
{
    setSources(sources);
    Q_EMIT sourcesChanged();
}

void DatasetPane::changeSources(const QStringList &sources, const QString &text)
{
    if (sources == m_sources)
        return;
    if (m_undo)
        m_undo->push(new SourcesCommand(this, m_sources, sources, text)); // push() applies it
    else
        applySources(sources);
}

void DatasetPane::addSources(const QStringList &paths)
{
    QStringList next = m_sources;
    int added = 0;
    for (const auto &p : paths) {
        const QFileInfo info(p);
        if (!info.exists() || next.contains(info.absoluteFilePath()))
            continue;
        next << info.absoluteFilePath();
        ++added;
    }
    if (added == 0)
        return;
    const QString name = added == 1 ? QFileInfo(next.last()).fileName() : QString();
    changeSources(next, added == 1 ? tr("Add “%1” to %2").arg(name, m_title) : tr("Add %n sources to %1", nullptr, added).arg(m_title));
}

void DatasetPane::removeSources(const QStringList &paths)
{
    QStringList next = m_sources;
    for (const auto &p : paths)
        next.removeAll(p);
    const int removed = int(m_sources.size() - next.size());
    if (removed == 0)
        return;
    changeSources(next, tr("Remove %n source(s) from %1", nullptr, removed).arg(m_title));
}

void DatasetPane::setLocked(bool locked)
{
    m_locked = locked;
    setAcceptDrops(!locked);
    m_add->setEnabled(!locked);
    m_addFiles->setEnabled(!locked);
    m_remove->setEnabled(!locked && !m_sourceList->selectedItems().isEmpty());
    m_model->setBackgroundScan(!locked); // training needs the cores; visible thumbnails still load
}

void DatasetPane::refresh()
{
    m_sourceList->clear();
    for (const auto &s : std::as_const(m_sources)) {
        const QFileInfo info(s);
        auto *item = new QListWidgetItem(info.fileName().isEmpty() ? s : info.fileName(), m_sourceList);
        item->setData(Qt::UserRole, s);
        item->setToolTip(QDir::toNativeSeparators(s));
        item->setIcon(style()->standardIcon(info.isDir() ? QStyle::SP_DirIcon : QStyle::SP_FileIcon));
        if (!info.exists()) {
            item->setForeground(Qt::red);
            item->setToolTip(tr("%1 — not found").arg(QDir::toNativeSeparators(s)));
        }
    }
    m_model->setFiles(imageFiles(m_sources, m_fileTypes));
    refreshCount();
}

void DatasetPane::refreshCount()
{
    const int count = imageCount();
    const int bad = m_model->unreadableCount();
    QString text = tr("%1: %n image(s)", nullptr, count).arg(m_title);
    if (bad > 0)
        text = tr("%1 · %n unreadable", nullptr, bad).arg(text);
    m_count->setText(text);
    m_count->setToolTip(bad > 0 ? tr("Unreadable files are marked in red and skipped by training; hover over one to see why.") : QString());
}

void DatasetPane::showLargePreview(const QString &path)
{
    if (path.isEmpty())
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QFileInfo(path).fileName());
    auto *layout = new QVBoxLayout(dialog);
    auto *label = new QLabel(tr("Loading…"), dialog);
    label->setAlignment(Qt::AlignCenter);
    auto *scroll = new QScrollArea(dialog);
    scroll->setWidget(label);
    scroll->setWidgetResizable(true);
    scroll->setAlignment(Qt::AlignCenter);
    auto *info = new QLabel(QDir::toNativeSeparators(path), dialog);
    info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(scroll, 1);
    layout->addWidget(info);
    layout->addWidget(buttons);
    dialog->resize(900, 700);
    dialog->show();

    // Decode off the UI thread; the dialog may be closed before the image arrives.
    QPointer<QLabel> target(label);
    QThreadPool::globalInstance()->start([loader = m_loader, path, target] {
        QString error;
        const QImage image = loader(path, kLargePreviewSide, &error);
        QMetaObject::invokeMethod(qApp, [target, image, error] {
            if (!target)
                return;
            if (image.isNull())
                target->setText(error);
            else
                target->setPixmap(QPixmap::fromImage(image));
        }, Qt::QueuedConnection);
    });
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

void DatasetPane::setTitle(const QString &title)
{
    m_title = title;
    refreshCount();
}

} // namespace ui
