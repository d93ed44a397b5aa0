#pragma once
// DatasetPane: one domain's image sources (folders or files) with an image count, drag-and-drop from the
// file manager, Add… and Remove. UI thread; owned by the main window.

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace ui {

class DatasetPane : public QWidget
{
    Q_OBJECT

public:
    DatasetPane(const QString &title, QWidget *parent = nullptr);

    QStringList sources() const;
    void setSources(const QStringList &sources);
    void addSources(const QStringList &paths); // ignores duplicates and paths that do not exist
    int imageCount() const { return m_imageCount; }
    void setLocked(bool locked);
    static bool isImageName(const QString &fileName);

Q_SIGNALS:
    void sourcesChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void refreshCount();

    QString m_title;
    QLabel *m_count = nullptr;
    QListWidget *m_list = nullptr;
    QPushButton *m_add = nullptr, *m_remove = nullptr;
    int m_imageCount = 0;
};

} // namespace ui
