#pragma once
// DatasetPane: one domain's images. The sources (folders or files) are listed at the top with Add…,
// Add Files… and Remove, and accept drag-and-drop from the file manager; below, every image they contain
// is shown in an icon view with lazily decoded thumbnails (ImageListModel). Unreadable files are marked
// with the reason in their tooltip; double-clicking an image opens a large preview. Edits go through the
// undo stack given by the window. UI thread; owned by the main window.

#include "ui/imagelistmodel.h"
#include "ui/types.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QListView;
class QListWidget;
class QPushButton;
class QUndoStack;

namespace ui {

class DatasetPane : public QWidget
{
    Q_OBJECT

public:
    DatasetPane(const QString &title, QWidget *parent = nullptr);

    QString title() const { return m_title; }
    void setTitle(const QString &title); // a renamed domain
    QStringList sources() const { return m_sources; }
    // Replaces the sources without an undo step (opening a project).
    void setSources(const QStringList &sources);
    // Adds paths that exist and are not there yet, as one undoable step. Files are added whatever their
    // extension, so a file that is not an image is shown as unreadable rather than dropped in silence.
    void addSources(const QStringList &paths);
    void removeSources(const QStringList &paths);
    int imageCount() const { return int(m_model->files().size()); }
    ImageListModel *model() const { return m_model; }
    QListView *imageView() const { return m_view; }
    // The thumbnails' side now: 96 px, smaller where the pane is short, so that two rows and a half show.
    int thumbnailSide() const;
    void setUndoStack(QUndoStack *stack) { m_undo = stack; }
    void setImageLoader(const ImageLoader &loader);
    void setLocked(bool locked);
    // The image types the engine reads: folders are listed with them, Add Files… offers them.
    void setFileTypes(const FileTypes &types);

    // Applies a list of sources and emits sourcesChanged (used by the undo commands).
    void applySources(const QStringList &sources);

Q_SIGNALS:
    void sourcesChanged();
    // A thumbnail's context menu: Translate (into the other style, with the newest model).
    void translateRequested(const QString &imagePath);


protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createImageView();
    void fitThumbnails();
    void connectActions();
    void changeSources(const QStringList &sources, const QString &text);
    void refresh();
    void refreshCount();
    void showLargePreview(const QString &path);

    QString m_title;
    QStringList m_sources;
    QLabel *m_count = nullptr;
    QListWidget *m_sourceList = nullptr;
    QListView *m_view = nullptr;
    ImageListModel *m_model = nullptr;
    ImageLoader m_loader;
    QPushButton *m_add = nullptr, *m_addFiles = nullptr, *m_remove = nullptr;
    QUndoStack *m_undo = nullptr;
    FileTypes m_fileTypes;
    bool m_locked = false;
};

} // namespace ui
